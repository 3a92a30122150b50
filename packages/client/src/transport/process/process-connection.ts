/**
 * A LineConnection over a child process's stdio: `pwsh -NoLogo -NoProfile -s` is PowerShell's out-of-proc server
 * (the mode Start-Job uses). Node only; reached through the `@psrp/client/process` entry point.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { PsrpTransportError } from '../../errors.js';
import type { ConnectionEnd, LineConnection } from '../out-of-proc/line-connection.js';
import { LineSplitter } from '../out-of-proc/line-splitter.js';
import { MAX_PACKET_LINE_CHARS } from '../out-of-proc/packet.js';

export interface ProcessOptions {
  /** The pwsh executable; default `pwsh` from PATH. */
  readonly executable?: string;
  /** Default `-NoLogo -NoProfile -s`. */
  readonly args?: readonly string[];
  /** Extra environment for the process, on top of this process's own. */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export const DEFAULT_PWSH_SERVER_ARGS = ['-NoLogo', '-NoProfile', '-s'] as const;
/** stderr is kept for error messages; a bound stops a chatty peer from growing it without limit. */
const MAX_STDERR_CHARS = 64 * 1024;

export class ProcessConnection implements LineConnection {
  readonly lines: AsyncIterable<string>;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #exited: Promise<number | null>;
  readonly #started: Promise<void>;
  #stderr = '';

  constructor(options: ProcessOptions = {}) {
    const executable = options.executable ?? 'pwsh';
    this.#child = spawn(executable, [...(options.args ?? DEFAULT_PWSH_SERVER_ARGS)], {
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) => {
      if (this.#stderr.length < MAX_STDERR_CHARS) this.#stderr += chunk.slice(0, MAX_STDERR_CHARS - this.#stderr.length);
    });
    // Writes after the peer is gone surface through the transport's read loop, not as unhandled errors.
    this.#child.stdin.on('error', () => undefined);
    this.#exited = new Promise((resolve, reject) => {
      this.#child.once('error', (error) => reject(new PsrpTransportError(`Cannot start ${executable}: ${error.message}`, {}, { cause: error })));
      this.#child.once('close', (code) => resolve(code));
    });
    this.#exited.catch(() => undefined);
    // Listened for now: 'spawn' fires once, possibly before anyone reads a line.
    this.#started = Promise.race([once(this.#child, 'spawn').then(() => undefined), this.#exited.then(() => undefined)]);
    this.lines = this.#readLines();
  }

  async *#readLines(): AsyncIterable<string> {
    await this.#started;
    const splitter = new LineSplitter(MAX_PACKET_LINE_CHARS);
    this.#child.stdout.setEncoding('utf8');
    for await (const text of this.#child.stdout as AsyncIterable<string>) yield* splitter.push(text);
    const rest = splitter.rest();
    if (rest !== null) yield rest;
  }

  async writeLine(line: string): Promise<void> {
    const stdin = this.#child.stdin;
    if (stdin.destroyed || !stdin.writable) throw new PsrpTransportError('The PowerShell process is no longer accepting input', this.#end(null));
    await new Promise<void>((resolve, reject) => {
      stdin.write(`${line}\n`, (error) => (error ? reject(new PsrpTransportError('Writing to PowerShell failed', this.#end(null), { cause: error })) : resolve()));
    });
  }

  /** Ends stdin (pwsh -s exits on EOF) and waits for the process. */
  async close(): Promise<ConnectionEnd> {
    this.#child.stdin.end();
    const exitCode = await this.#exited.catch(() => null);
    return this.#end(exitCode);
  }

  #end(exitCode: number | null): ConnectionEnd {
    return { exitCode, stderr: this.#stderr };
  }
}
