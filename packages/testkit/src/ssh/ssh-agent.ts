/**
 * A private ssh-agent holding given keys, for agent authentication tests: `ssh-agent -D -a <socket>` (foreground),
 * then `ssh-add` for each key. The ssh client package (openssh-client) provides both.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const START_TIMEOUT_MS = 5_000;

export interface RunningSshAgent {
  /** What SSH_AUTH_SOCK would hold. */
  readonly socketPath: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startSshAgent(keyPaths: readonly string[]): Promise<RunningSshAgent> {
  const directory = await mkdtemp(join(tmpdir(), 'psrp-agent-'));
  const socketPath = join(directory, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socketPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.once('error', (error) => (stderr += error.message));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await stat(socketPath).then((info) => info.isSocket(), () => false))) {
    if (child.exitCode !== null || child.pid === undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      await rm(directory, { recursive: true, force: true });
      throw new Error(`ssh-agent did not start: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const key of keyPaths) await run('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socketPath } });
  return {
    socketPath,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}
