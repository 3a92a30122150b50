/**
 * A long-running PowerShell to attach to through its named pipes (the pipe transport's tests):
 * `pwsh -NoLogo -NoProfile -NonInteractive -CustomPipeName <name> -Command Wait-Event`, which waits for an event
 * that never comes. Every pwsh also serves its own pipe `PSHost.<start time>.<pid>.None.<process name>`; on Unix
 * .NET makes each pipe a socket `CoreFxPipe_<pipe name>` in the temp directory (TMPDIR, else /tmp).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstalledPwsh } from './install-pwsh.js';

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;

export interface PwshPipeServerOptions {
  /** Default `psrp-<random>`. */
  readonly pipeName?: string;
}

export interface PwshPipeServer {
  readonly pid: number;
  readonly pipeName: string;
  /** The socket of the custom pipe: `<tmp>/CoreFxPipe_<pipeName>`. */
  readonly socketPath: string;
  /** The socket of the pipe every pwsh serves: `<tmp>/CoreFxPipe_PSHost.<start>.<pid>.None.pwsh`. */
  readonly hostSocketPath: string;
  /** Whether the process is still running. */
  alive(): boolean;
  /** What the process wrote to stdout and stderr. */
  output(): string;
  /** SIGKILLs the process (a fault to test), leaving its sockets behind as a killed .NET process does. */
  kill(): void;
  /** Ends the process and removes its sockets. */
  stop(): Promise<void>;
}

/** Starts the pwsh and waits until both its pipes accept connections. */
export async function startPwshPipeServer(pwsh: InstalledPwsh, options: PwshPipeServerOptions = {}): Promise<PwshPipeServer> {
  const pipeName = options.pipeName ?? `psrp-${randomBytes(4).toString('hex')}`;
  const directory = tmpdir();
  const child = spawn(pwsh.executable, ['-NoLogo', '-NoProfile', '-NonInteractive', '-CustomPipeName', pipeName, '-Command', 'Wait-Event'], {
    env: { ...process.env, ...pwsh.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('error', (error) => (output += `\n${error.message}`));
  const socketPath = join(directory, `CoreFxPipe_${pipeName}`);
  const deadline = Date.now() + START_TIMEOUT_MS;
  let hostSocketPath: string | undefined;
  while (!hostSocketPath || !(await isSocket(socketPath))) {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      throw new Error(`pwsh -CustomPipeName ${pipeName} exited (${child.exitCode ?? child.signalCode}) before its pipes were up: ${output.trim()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pwsh -CustomPipeName ${pipeName} had no pipes after ${START_TIMEOUT_MS} ms: ${output.trim()}`);
    }
    hostSocketPath ??= (await readdir(directory)).filter((name) => name.startsWith('CoreFxPipe_PSHost.') && name.split('.')[2] === String(child.pid)).map((name) => join(directory, name))[0];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const alive = () => child.exitCode === null && child.signalCode === null;
  const removeSockets = () => Promise.all([socketPath, hostSocketPath!].map((path) => rm(path, { force: true })));
  let stopping: Promise<void> | null = null;
  return {
    pid: child.pid!,
    pipeName,
    socketPath,
    hostSocketPath,
    alive,
    output: () => output,
    kill: () => void child.kill('SIGKILL'),
    stop: () => {
      stopping ??= (async () => {
        if (alive()) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
          await exited;
          clearTimeout(timer);
        }
        await removeSockets();
      })();
      return stopping;
    },
  };
}

async function isSocket(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isSocket() ?? false;
}
