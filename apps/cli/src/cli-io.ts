/**
 * What a command gets from the process: its streams and environment. Tests of the command functions pass their own.
 */
import type { Writable } from 'node:stream';
import type { TerminalInput } from './secret-prompt.js';

export interface CliIO {
  readonly stdin: TerminalInput;
  readonly stdout: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIO(): CliIO {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
