/**
 * The scenario suite over `connectStreams`: the client holds only a pair of Web Streams, relayed in memory to a
 * `pwsh -s` this test starts (as a WebSocket relay or a worker's port would carry them), so everything the suite
 * proves holds for a byte pipe the user brings.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { requirePwsh, type InstalledPwsh } from 'psrp-testkit';
import { afterAll } from 'vitest';
import { connectStreams, RunspacePool, type RunspacePoolOptions } from '../src/index.js';
import { runScenarioSuite } from './scenarios.case.js';

const pwsh: InstalledPwsh = await requirePwsh('2.4');
const started = new Set<ChildProcess>();

afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
});

/** pwsh -s behind an in-memory relay: the client's streams are TransformStreams, not the process's own. */
function relayedPwsh(): { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } {
  const child = spawn(pwsh.executable, ['-NoLogo', '-NoProfile', '-s'], { env: { ...process.env, ...pwsh.env }, stdio: ['pipe', 'pipe', 'ignore'] });
  started.add(child);
  child.once('close', () => started.delete(child));
  const toServer = new TransformStream<Uint8Array, Uint8Array>();
  const fromServer = new TransformStream<Uint8Array, Uint8Array>();
  void toServer.readable.pipeTo(Writable.toWeb(child.stdin) as WritableStream<Uint8Array>).catch(() => undefined);
  void (Readable.toWeb(child.stdout) as ReadableStream<Uint8Array>).pipeTo(fromServer.writable).catch(() => undefined);
  return { readable: fromServer.readable, writable: toServer.writable };
}

function openPool(options?: RunspacePoolOptions): Promise<RunspacePool> {
  return RunspacePool.open(connectStreams({ ...relayedPwsh(), description: 'the relayed PowerShell' }), options);
}

runScenarioSuite(`pwsh ${pwsh.version} over Web Streams (in-memory relay)`, openPool);
