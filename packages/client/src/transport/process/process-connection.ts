/**
 * A LineConnection over a child process's stdio: `pwsh -NoLogo -NoProfile -s` is PowerShell's out-of-proc server
 * (the mode Start-Job uses). Node only; reached through the `@psrp/client/process` entry point.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { PsrpArgumentError, PsrpTransportError } from '../../errors.js';
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
  /** How long the process may take to exit after its input ended before it is killed (default 5 s). */
  readonly exitGraceMs?: number;
}

export const DEFAULT_PWSH_SERVER_ARGS = ['-NoLogo', '-NoProfile', '-s'] as const;
/** stderr is kept for error messages; a bound stops a chatty peer from growing it without limit. */
const MAX_STDERR_CHARS = 64 * 1024;
const DEFAULT_EXIT_GRACE_MS = 5_000;
const MAX_EXIT_GRACE_MS = 2 ** 31 - 1;

export class ProcessConnection implements LineConnection {
  readonly lines: AsyncIterable<string>;
  readonly description = 'the PowerShell process';
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #executable: string;
  readonly #exitGraceMs: number;
  readonly #exited: Promise<ConnectionEnd>;
  #spawnError: PsrpTransportError | null = null;
  #closing: Promise<ConnectionEnd> | null = null;
  #stderr = '';

  constructor(options: ProcessOptions = {}) {
    this.#executable = options.executable ?? 'pwsh';
    this.#exitGraceMs = options.exitGraceMs ?? DEFAULT_EXIT_GRACE_MS;
    // Checked before anything starts: NaN or a negative grace killed the process at once, and one past
    // 2^31 - 1 ms did too (setTimeout's bound).
    if (!Number.isSafeInteger(this.#exitGraceMs) || this.#exitGraceMs < 0 || this.#exitGraceMs > MAX_EXIT_GRACE_MS) {
      throw new PsrpArgumentError(`exitGraceMs must be a whole number of milliseconds in 0..${MAX_EXIT_GRACE_MS}, not ${String(options.exitGraceMs)}`);
    }
    this.#child = spawn(this.#executable, [...(options.args ?? DEFAULT_PWSH_SERVER_ARGS)], {
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
    this.#child.stdout.on('error', () => undefined);
    this.#exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#spawnError ??= new PsrpTransportError(`Cannot start PowerShell (${this.#executable}): ${error.message}`, {}, { cause: error });
        // A process that never started emits no 'close' of its own on every Node version: settle here too.
        if (this.#child.pid === undefined) resolve(this.#end(null, null));
      });
      this.#child.once('close', (code, signal) => resolve(this.#end(code, signal)));
    });
    this.lines = this.#readLines();
  }

  async *#readLines(): AsyncIterable<string> {
    const splitter = new LineSplitter(MAX_PACKET_LINE_CHARS);
    this.#child.stdout.setEncoding('utf8');
    for await (const text of this.#child.stdout as AsyncIterable<string>) yield* splitter.push(text);
    // A process that failed to start ends its stdout before or after its 'error': wait for the verdict.
    if (this.#child.pid === undefined) await this.#exited;
    if (this.#spawnError) throw this.#spawnError;
    const rest = splitter.rest();
    if (rest !== null) yield rest;
  }

  /** The process id, once started. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  async writeLine(line: string): Promise<void> {
    const stdin = this.#child.stdin;
    if (this.#spawnError) throw this.#spawnError;
    if (stdin.destroyed || !stdin.writable) throw new PsrpTransportError('The PowerShell process is no longer accepting input', this.#end(null, null));
    await new Promise<void>((resolve, reject) => {
      stdin.write(`${line}\n`, (error) =>
        error ? reject(this.#spawnError ?? new PsrpTransportError('Writing to PowerShell failed', this.#end(null, null), { cause: error })) : resolve(),
      );
    });
  }

  async ended(): Promise<ConnectionEnd> {
    const end = await this.#exited;
    if (this.#spawnError) throw this.#spawnError;
    return end;
  }

  /** Ends stdin (pwsh -s exits on EOF), waits for the process a grace period, then kills it. */
  close(): Promise<ConnectionEnd> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<ConnectionEnd> {
    this.#child.stdin.end();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.#child.kill('SIGKILL');
        resolve();
      }, this.#exitGraceMs);
    });
    await Promise.race([this.#exited, killed]);
    clearTimeout(timer);
    return this.#exited;
  }

  #end(exitCode: number | null, signal: string | null): ConnectionEnd {
    return { exitCode, signal, stderr: this.#stderr };
  }
}
