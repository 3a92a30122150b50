/**
 * A LineConnection to a running PowerShell through its named pipe, as Enter-PSHostProcess attaches. Every pwsh
 * listens on `PSHost.<start time>.<pid>.<app domain>.<process name>` (and on `-CustomPipeName <name>` when given);
 * on Unix .NET serves a pipe as the Unix socket `$TMPDIR/CoreFxPipe_<pipe name>`. The server speaks the out-of-proc
 * line protocol, serves one client at a time and, unlike `pwsh -s`, never exits for a client's error or close.
 * Node only; reached through the `@psrp/client/pipe` entry point.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PsrpArgumentError, PsrpConnectionClosedError, PsrpTransportError } from '../../errors.js';
import type { ConnectionEnd, LineConnection } from '../out-of-proc/line-connection.js';
import { LineSplitter } from '../out-of-proc/line-splitter.js';
import { MAX_PACKET_LINE_CHARS } from '../out-of-proc/packet.js';

/** What .NET puts before a pipe's name to make its Unix socket's file name. */
const SOCKET_PREFIX = 'CoreFxPipe_';
/** The start of the name every PowerShell process's own pipe has. */
const HOST_PIPE_PREFIX = 'PSHost.';
/** Between two clients the server makes a new listener: a connect may be refused for a moment. */
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
const CONNECT_RETRY_MS = 50;
/**
 * How long a live process's pipe may be missing before it is said to have none: between two clients PowerShell
 * removes its listener's socket and makes a new one, and a client that comes in between finds no socket for a moment.
 */
const PIPE_REAPPEAR_MS = 1_000;
/** After our end of the socket closed, how long a server that answered gets to close its end before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;

export interface PipeOptions {
  /** Attach to this PowerShell process through the pipe every pwsh opens (`CoreFxPipe_PSHost.*.<pid>.*`). */
  readonly processId?: number;
  /** Attach through the pipe a pwsh opened with `-CustomPipeName <name>`. */
  readonly pipeName?: string;
  /** Attach through this Unix socket. */
  readonly socketPath?: string;
  /**
   * The directory .NET keeps the pipes' sockets in. Default: the target process's TMPDIR when it can be read
   * (`/proc/<pid>/environ`), else this process's temp directory, then `/tmp`.
   */
  readonly tempDirectory?: string;
  /**
   * How long to keep trying while the pipe refuses connections (the server is between two clients); default 5 s. A
   * live process's missing pipe is looked for again for up to 1 s of it, then said to be missing.
   */
  readonly connectTimeoutMs?: number;
}

/** A PowerShell process that can be attached to (`Get-PSHostProcessInfo`). */
export interface PowerShellProcessInfo {
  readonly processId: number;
  readonly processName: string;
  readonly appDomain: string;
  readonly socketPath: string;
}

export class PipeConnection implements LineConnection {
  readonly lines: AsyncIterable<string>;
  readonly description: string;
  readonly #options: PipeOptions;
  readonly #socket: Promise<Socket>;
  readonly #ended: Promise<ConnectionEnd>;
  #resolveEnded!: (end: ConnectionEnd) => void;
  #closing: Promise<ConnectionEnd> | null = null;
  #connected: Socket | null = null;
  #socketPath: string | null = null;
  /** Whether the server has sent anything: a server that never did gets no goodbye (it may be serving another). */
  #heard = false;

  constructor(options: PipeOptions) {
    const targets = [options.processId, options.pipeName, options.socketPath].filter((target) => target !== undefined);
    if (targets.length !== 1) throw new PsrpArgumentError('A pipe connection needs exactly one of processId, pipeName and socketPath');
    if (options.processId !== undefined && !(Number.isInteger(options.processId) && options.processId > 0)) {
      throw new PsrpArgumentError(`processId must be a positive integer, not ${options.processId}`);
    }
    this.#options = options;
    this.description =
      options.processId !== undefined
        ? `the pipe to PowerShell process ${options.processId}`
        : options.pipeName !== undefined
          ? `the PowerShell pipe ${options.pipeName}`
          : `the PowerShell pipe at ${options.socketPath}`;
    this.#ended = new Promise((resolve) => (this.#resolveEnded = resolve));
    this.#socket = this.#open();
    this.#socket.catch(() => this.#resolveEnded(END));
    this.lines = this.#readLines();
  }

  /** The Unix socket attached to, once found. */
  get socketPath(): string | null {
    return this.#socketPath;
  }

  async #open(): Promise<Socket> {
    const path = await this.#findSocket();
    this.#socketPath = path;
    const deadline = Date.now() + (this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    for (;;) {
      if (this.#closing) throw new PsrpConnectionClosedError(`${capitalize(this.description)} was closed before it opened`);
      try {
        const socket = await connectOnce(path);
        this.#connected = socket;
        socket.on('error', () => undefined);
        socket.once('close', () => this.#resolveEnded(END));
        if (this.#closing) socket.destroy();
        return socket;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const between = code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EAGAIN';
        if (!between || Date.now() >= deadline) {
          throw new PsrpTransportError(`Cannot attach to ${this.description} (${path}): ${(error as Error).message}`, {}, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
      }
    }
  }

  async #findSocket(): Promise<string> {
    const { processId, pipeName, socketPath } = this.#options;
    if (socketPath !== undefined) return socketPath;
    if (pipeName !== undefined) {
      // .NET takes a rooted pipe name as the socket's path.
      if (pipeName.startsWith('/')) return pipeName;
      const directories = await tempDirectories(this.#options.tempDirectory, null);
      for (const directory of directories) {
        const candidate = join(directory, `${SOCKET_PREFIX}${pipeName}`);
        if (await isSocket(candidate)) return candidate;
      }
      return join(directories[0]!, `${SOCKET_PREFIX}${pipeName}`);
    }
    const giveUpAt = Date.now() + Math.min(PIPE_REAPPEAR_MS, this.#options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
    for (;;) {
      if (!isAlive(processId!)) throw new PsrpTransportError(`There is no process ${processId} to attach to`);
      const directories = await tempDirectories(this.#options.tempDirectory, processId!);
      for (const directory of directories) {
        for (const info of await listHostPipes(directory)) if (info.processId === processId && (await isPipeOwner(info))) return info.socketPath;
      }
      if (Date.now() >= giveUpAt || this.#closing) throw noHostPipe(processId!, directories);
      await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
    }
  }

  async *#readLines(): AsyncIterable<string> {
    const socket = await this.#socket;
    const splitter = new LineSplitter(MAX_PACKET_LINE_CHARS);
    socket.setEncoding('utf8');
    try {
      for await (const text of socket as AsyncIterable<string>) {
        this.#heard = true;
        yield* splitter.push(text);
      }
    } catch (error) {
      if (this.#closing) return;
      throw this.#broken(error);
    }
    const rest = splitter.rest();
    if (rest !== null) yield rest;
  }

  async writeLine(line: string): Promise<void> {
    const socket = await this.#socket;
    if (!socket.writable) throw new PsrpConnectionClosedError(`${capitalize(this.description)} is no longer accepting input`, END);
    await new Promise<void>((resolve, reject) => {
      socket.write(`${line}\n`, (error) => (error ? reject(this.#broken(error)) : resolve()));
    });
  }

  /** A reset seen by a write or by a read is the same end: which one sees it first is a race. */
  #broken(error: unknown): PsrpConnectionClosedError {
    // A process that serves a client already resets connections to its other pipe.
    const busy = this.#heard ? '' : ' (PowerShell serves one pipe client at a time: is another client attached?)';
    return new PsrpConnectionClosedError(`${capitalize(this.description)} broke: ${(error as Error).message}${busy}`, END, { cause: error });
  }

  async ended(): Promise<ConnectionEnd> {
    await this.#socket;
    return this.#ended;
  }

  /** Ends our side of the socket (the server then ends the session and waits for its next client), bounded. */
  close(): Promise<ConnectionEnd> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<ConnectionEnd> {
    const socket = this.#connected;
    if (!socket) {
      this.#resolveEnded(END);
      return END;
    }
    if (this.#heard) {
      socket.end();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.#ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
    }
    socket.destroy();
    this.#resolveEnded(END);
    return END;
  }
}

/** A pipe has no exit code and no stderr. */
const END: ConnectionEnd = { exitCode: null, signal: null, stderr: '' };

/**
 * The PowerShell processes that can be attached to, from their pipes' sockets (as Get-PSHostProcessInfo lists
 * them); sockets left behind by processes that are gone are skipped.
 */
export async function listPowerShellProcesses(options: { readonly tempDirectory?: string } = {}): Promise<PowerShellProcessInfo[]> {
  const seen = new Map<string, PowerShellProcessInfo>();
  for (const directory of await tempDirectories(options.tempDirectory, null)) {
    for (const info of await listHostPipes(directory)) {
      if (isAlive(info.processId) && !seen.has(info.socketPath) && (await isPipeOwner(info))) seen.set(info.socketPath, info);
    }
  }
  return [...seen.values()].sort((a, b) => a.processId - b.processId);
}

async function listHostPipes(directory: string): Promise<PowerShellProcessInfo[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  const found: PowerShellProcessInfo[] = [];
  for (const name of names) {
    if (!name.startsWith(SOCKET_PREFIX + HOST_PIPE_PREFIX)) continue;
    // PSHost.<start time>.<pid>.<app domain>.<process name>; the process name may itself contain dots.
    const [, , pid, appDomain, ...processName] = name.slice(SOCKET_PREFIX.length).split('.');
    const processId = Number(pid);
    if (!Number.isInteger(processId) || processId <= 0 || appDomain === undefined || processName.length === 0) continue;
    const socketPath = join(directory, name);
    if (await isSocket(socketPath)) found.push({ processId, processName: processName.join('.'), appDomain, socketPath });
  }
  return found;
}

/** Where to look: the given directory; else the target's TMPDIR, this process's, and /tmp (.NET's GetTempPath). */
async function tempDirectories(given: string | undefined, processId: number | null): Promise<string[]> {
  if (given !== undefined) return [given];
  const directories = [processId === null ? null : await processTempDirectory(processId), tmpdir(), '/tmp'];
  return [...new Set(directories.filter((directory): directory is string => directory !== null).map((directory) => directory.replace(/(.)\/+$/, '$1')))];
}

async function processTempDirectory(processId: number): Promise<string | null> {
  const environment = await readFile(`/proc/${processId}/environ`, 'latin1').catch(() => null);
  const entry = environment?.split('\0').find((each) => each.startsWith('TMPDIR='));
  return entry && entry.length > 'TMPDIR='.length ? entry.slice('TMPDIR='.length) : null;
}

function isAlive(processId: number): boolean {
  try {
    process.kill(processId, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Longest process name Linux keeps (`/proc/<pid>/comm`, TASK_COMM_LEN - 1), which .NET's ProcessName reports. */
const COMM_CHARS = 15;

/**
 * Whether the process now running under the pipe's pid is the one that made it: a socket outlives a process killed
 * without cleanup, and its pid may be reused by another program (seen in CI: a test's own node process). Compared by
 * process name; where /proc cannot say, the socket is taken as its own.
 */
async function isPipeOwner(info: PowerShellProcessInfo): Promise<boolean> {
  const comm = await readFile(`/proc/${info.processId}/comm`, 'utf8').catch(() => null);
  return comm === null || comm.trimEnd() === info.processName.slice(0, COMM_CHARS);
}

async function isSocket(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isSocket() ?? false;
}

function connectOnce(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function noHostPipe(processId: number, directories: readonly string[]): PsrpTransportError {
  return new PsrpTransportError(
    `Process ${processId} has no PowerShell pipe in ${directories.join(' or ')} (CoreFxPipe_PSHost.*.${processId}.*): it is not PowerShell, ` +
      'it was started with POWERSHELL_DIAGNOSTICS_OPTOUT, or it keeps its pipes in another TMPDIR (pass tempDirectory)',
  );
}
