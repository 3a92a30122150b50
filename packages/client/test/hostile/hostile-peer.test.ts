/**
 * Hostile peers over the process transport (issue 12): a scripted fake pwsh (fake-pwsh.mjs) that stays silent,
 * floods stderr, writes garbage, forges fragment headers, floods data for pipelines the client never created, exits
 * early, ignores the end of its input, never ends a line, or cuts its CLIXML short. Every case must end in a
 * PsrpError within its bound (the pool's timeouts plus the process's exit grace), leave no process behind, keep the
 * heap within the stated budget, and leave no rejection unhandled (the shared setup fails the test otherwise).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  OutOfProcTransport,
  PsrpAbortedError,
  PsrpConnectionClosedError,
  PsrpDecodeError,
  PsrpError,
  PsrpLimitError,
  PsrpProtocolError,
  PsrpTimeoutError,
  PsrpTransportError,
  RunspacePool,
  type RunspacePoolOptions,
} from '../../src/index.js';
import { ProcessConnection } from '../../src/process.js';
import { heapUsed, sampleHeap } from '../../../../test-support/heap.js';

const FAKE_PWSH = fileURLToPath(new URL('./fake-pwsh.mjs', import.meta.url));
const EXIT_GRACE_MS = 300;
/** What the machine's load may add to a bound: turbo runs the suites side by side on 2 cores. */
const SLACK_MS = 5_000;
const MIB = 1024 * 1024;

interface FakePeer {
  readonly transport: OutOfProcTransport;
  readonly connection: ProcessConnection;
}

function fakePwsh(mode: string, ...parameters: string[]): FakePeer {
  const connection = new ProcessConnection({ executable: process.execPath, args: [FAKE_PWSH, mode, ...parameters], exitGraceMs: EXIT_GRACE_MS });
  return { connection, transport: new OutOfProcTransport(connection) };
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Opens a pool on the peer and returns how it failed and how long that took; the peer's process must be gone. */
async function failedOpen(peer: FakePeer, options: RunspacePoolOptions): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await RunspacePool.open(peer.transport, options).then(
    () => new Error('the pool opened'),
    (failure: unknown) => failure,
  );
  const ms = performance.now() - started;
  if (process.env.PSRP_HOSTILE_FIGURES) console.info(`${(error as Error).name} after ${Math.round(ms)} ms`);
  expect(error).toBeInstanceOf(PsrpError);
  expect(isAlive(peer.connection.pid)).toBe(false);
  return { error, ms };
}

describe('RunspacePool.open against a hostile process', () => {
  it('rejects once, with a PsrpTransportError, when the executable is missing', async () => {
    const connection = new ProcessConnection({ executable: '/nonexistent/pwsh' });
    const error = await RunspacePool.open(new OutOfProcTransport(connection)).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).message).toMatch(/Cannot start PowerShell \(\/nonexistent\/pwsh\)/);
  });

  it('times out on a silent peer after openTimeoutMs, and the peer exits', async () => {
    const { error, ms } = await failedOpen(fakePwsh('silence'), { openTimeoutMs: 500 });
    expect(error).toBeInstanceOf(PsrpTimeoutError);
    expect(ms).toBeGreaterThanOrEqual(490);
    expect(ms).toBeLessThan(500 + EXIT_GRACE_MS + SLACK_MS);
  });

  it('gives up on a silent peer when the signal aborts, with no timeout at all', async () => {
    const { error, ms } = await failedOpen(fakePwsh('silence'), { openTimeoutMs: null, signal: AbortSignal.timeout(500) });
    expect(error).toBeInstanceOf(PsrpAbortedError);
    expect(ms).toBeLessThan(500 + EXIT_GRACE_MS + SLACK_MS);
  });

  it('kills a silent peer that ignores the end of its input, after the exit grace', async () => {
    const peer = fakePwsh('ignore-eof');
    const { error, ms } = await failedOpen(peer, { openTimeoutMs: 500 });
    expect(error).toBeInstanceOf(PsrpTimeoutError);
    expect(ms).toBeLessThan(500 + EXIT_GRACE_MS + SLACK_MS);
    expect(await peer.connection.ended()).toMatchObject({ signal: 'SIGKILL' });
  });

  it('times out on a peer that floods stderr, keeping at most 64 KiB of it', async () => {
    const peer = fakePwsh('stderr-flood');
    const before = heapUsed();
    const { error } = await failedOpen(peer, { openTimeoutMs: 800 });
    expect(error).toBeInstanceOf(PsrpTimeoutError);
    expect((await peer.connection.ended()).stderr.length).toBeLessThanOrEqual(64 * 1024);
    expect(heapUsed() - before).toBeLessThan(16 * MIB);
  });

  it('fails fast on garbage on stdout', async () => {
    const { error, ms } = await failedOpen(fakePwsh('stdout-garbage'), { openTimeoutMs: 60_000 });
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).cause).toBeInstanceOf(PsrpProtocolError);
    expect(ms).toBeLessThan(EXIT_GRACE_MS + SLACK_MS);
  });

  it('fails fast on a fragment whose BlobLength is beyond maxReceivedObjectBytes', async () => {
    const { error, ms } = await failedOpen(fakePwsh('forged-fragment'), { openTimeoutMs: 60_000 });
    expect(error).toBeInstanceOf(PsrpLimitError);
    expect(ms).toBeLessThan(EXIT_GRACE_MS + SLACK_MS);
  });

  it('holds no memory for a forged BlobLength under the limit, and times out', async () => {
    // 150 MiB claimed, 16 bytes sent: memory is sized by what arrived, never by what the header claims.
    const before = heapUsed();
    const { error } = await failedOpen(fakePwsh('forged-fragment', String(150 * MIB)), { openTimeoutMs: 800 });
    expect(error).toBeInstanceOf(PsrpTimeoutError);
    expect(heapUsed() - before).toBeLessThan(8 * MIB);
  });

  it('reports an early exit with its exit code and stderr', async () => {
    const { error } = await failedOpen(fakePwsh('early-exit'), { openTimeoutMs: 60_000 });
    expect(error).toBeInstanceOf(PsrpConnectionClosedError);
    expect(error).toMatchObject({ detail: { exitCode: 3 } });
    expect((error as Error).message).toMatch(/exit code 3.*cannot start the server/);
  });

  it('refuses a line that never ends once it passes 1 MiB', async () => {
    const { error, ms } = await failedOpen(fakePwsh('endless-line'), { openTimeoutMs: 60_000 });
    expect(error).toBeInstanceOf(PsrpTransportError);
    expect((error as Error).cause).toBeInstanceOf(PsrpProtocolError);
    expect((error as Error).message).toMatch(/line of more than 1048576 characters/);
    expect(ms).toBeLessThan(EXIT_GRACE_MS + SLACK_MS);
  });

  it('fails fast on truncated CLIXML in the pool state', async () => {
    const { error } = await failedOpen(fakePwsh('truncated-clixml'), { openTimeoutMs: 60_000 });
    expect(error).toBeInstanceOf(PsrpDecodeError);
  });
});

describe('an open pool with a hostile process', () => {
  it('keeps no state for 100 MiB of data for pipelines it never created', async () => {
    const peer = fakePwsh('unknown-ids', '100');
    const pool = await RunspacePool.open(peer.transport);
    const baseline = heapUsed();
    const sampling = sampleHeap();
    // The peer floods before it answers: the answer comes once every flooded line went through the client.
    expect(await pool.getAvailableRunspaces()).toBe(1);
    const peak = sampling.stop();
    const retained = heapUsed() - baseline;
    await pool.close();
    expect(pool.state).toBe('Closed');
    if (process.env.PSRP_HOSTILE_FIGURES) console.info(`flood: retained ${retained} B, peak ${peak - baseline} B`);
    // Budget: nothing retained per id; in flight, the transport's and the pipe's buffers of a few lines.
    expect(retained).toBeLessThan(4 * MIB);
    expect(peak - baseline).toBeLessThan(64 * MIB);
  }, 120_000);

  it('ends a pool call the peer never acknowledges when its signal aborts, and at openTimeoutMs without one', async () => {
    const peer = fakePwsh('deaf-after-open');
    const pool = await RunspacePool.open(peer.transport, { openTimeoutMs: 4000, cancelTimeoutMs: 500 });
    let started = performance.now();
    const aborted = await pool.getAvailableRunspaces(AbortSignal.timeout(300)).catch((error: unknown) => error);
    expect(aborted, String(aborted)).toBeInstanceOf(PsrpAbortedError);
    expect(performance.now() - started).toBeLessThan(300 + SLACK_MS);
    started = performance.now();
    const timedOut = await pool.setMaxRunspaces(2).catch((error: unknown) => error);
    expect(timedOut, String(timedOut)).toBeInstanceOf(PsrpTimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(3990);
    expect(performance.now() - started).toBeLessThan(4000 + SLACK_MS);
    started = performance.now();
    await pool.close().catch(() => undefined);
    expect(performance.now() - started).toBeLessThan(500 + EXIT_GRACE_MS + SLACK_MS);
    expect(isAlive(peer.connection.pid)).toBe(false);
  });

  it('kills a peer that acknowledges Close but never exits, after the exit grace', async () => {
    const peer = fakePwsh('close-ignore-eof');
    const pool = await RunspacePool.open(peer.transport);
    const started = performance.now();
    await pool.close();
    expect(performance.now() - started).toBeLessThan(EXIT_GRACE_MS + SLACK_MS);
    expect(await peer.connection.ended()).toMatchObject({ signal: 'SIGKILL' });
  });

  it('closes within cancelTimeoutMs when the peer never answers Close, and kills it', async () => {
    const peer = fakePwsh('close-no-ack');
    const pool = await RunspacePool.open(peer.transport, { cancelTimeoutMs: 500 });
    const started = performance.now();
    const error = await pool.close().then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error === null || error instanceof PsrpTimeoutError).toBe(true);
    expect(performance.now() - started).toBeLessThan(500 + EXIT_GRACE_MS + SLACK_MS);
    expect(pool.state).toBe('Closed');
    expect(isAlive(peer.connection.pid)).toBe(false);
  });

  it('ends an invocation the peer never answers when its signal aborts, and stops it within cancelTimeoutMs', async () => {
    const peer = fakePwsh('close-no-ack');
    const pool = await RunspacePool.open(peer.transport, { cancelTimeoutMs: 500 });
    const started = performance.now();
    const error = await pool
      .createPowerShell()
      .addCommand('Get-Date')
      .invoke({ signal: AbortSignal.timeout(300) })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(PsrpAbortedError);
    expect(performance.now() - started).toBeLessThan(300 + SLACK_MS);
    await pool.close().catch(() => undefined);
    expect(isAlive(peer.connection.pid)).toBe(false);
  });
});
