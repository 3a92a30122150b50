/**
 * Runs the built `psrp` as a person would from a shell: a child process with its own stdin, stdout and stderr,
 * and its exit code. Colours off unless asked for (the streams are pipes, so they are off anyway).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  /** Node options for the CLI's own process (e.g. a small heap). */
  readonly nodeArgs?: readonly string[];
  /** Called once the process runs, e.g. to send it SIGINT later. */
  readonly onStart?: (child: ChildProcess, output: { readonly stdout: () => string; readonly stderr: () => string }) => void;
}

export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI_PATH, ...args], {
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  options.onStart?.(child, { stdout: () => stdout, stderr: () => stderr });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
