/**
 * Backpressure on real PowerShell 7.6.10 over `pwsh -s` (issue 12): a reader that stops pulling a pipeline's output
 * stops the pool reading pwsh's stdout once the pipeline's unread output passes `maxBufferedBytesPerCommand`, so pwsh
 * blocks on its full pipe instead of the client buffering without bound; reading again resumes it, nothing lost.
 * Memory is measured by counters (the lines the transport took from the process, the pool's `bufferedBytes`), not by
 * the process's heap, so that the test is deterministic.
 */
import { requirePwsh, type InstalledPwsh } from 'psrp-testkit';
import { describe, expect, it } from 'vitest';
import { SETTLE_BOUND_MS } from './settle-bound.js';
import { OutOfProcTransport, RunspacePool, type PipelineEvent, type PSHost, type RunspacePoolOptions } from '../src/index.js';
import { ProcessConnection } from '../src/process.js';
import type { ConnectionEnd, LineConnection } from '../src/transport/out-of-proc/line-connection.js';
import { INBOUND_QUEUE_CHARS, OUT_OF_PROC_PAYLOAD_BYTES } from '../src/transport/out-of-proc/out-of-proc-transport.js';

const pwsh: InstalledPwsh = await requirePwsh('2.4');
/** 2,000,000 with PSRP_BACKPRESSURE_OBJECTS=2000000 (minutes on a loaded machine); the default keeps CI short. */
const OBJECTS = Number(process.env.PSRP_BACKPRESSURE_OBJECTS ?? 100_000);
const BUDGET = 64 * 1024;
/** The budget, one line past it, the transport's read-ahead (base64: 3 bytes a 4 characters) and the line being read. */
const MOST_HELD = BUDGET + OUT_OF_PROC_PAYLOAD_BYTES + (INBOUND_QUEUE_CHARS / 4) * 3 + OUT_OF_PROC_PAYLOAD_BYTES;

/** A process connection that counts what the transport took from it. */
class CountingConnection implements LineConnection {
  readonly inner: ProcessConnection;
  linesTaken = 0;
  charsTaken = 0;
  readonly lines: AsyncIterable<string>;

  constructor(inner: ProcessConnection) {
    this.inner = inner;
    const counting = async function* (this: CountingConnection): AsyncIterable<string> {
      for await (const line of inner.lines) {
        this.linesTaken++;
        this.charsTaken += line.length;
        yield line;
      }
    };
    this.lines = counting.call(this);
  }

  get description(): string {
    return this.inner.description;
  }

  writeLine(line: string): Promise<void> {
    return this.inner.writeLine(line);
  }

  close(): Promise<ConnectionEnd> {
    return this.inner.close();
  }

  ended(): Promise<ConnectionEnd> {
    return this.inner.ended();
  }
}

async function openCountingPool(options: RunspacePoolOptions): Promise<{ pool: RunspacePool; connection: CountingConnection }> {
  const connection = new CountingConnection(new ProcessConnection({ executable: pwsh.executable, env: pwsh.env }));
  return { pool: await RunspacePool.open(new OutOfProcTransport(connection), options), connection };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `read()` gives the same figure twice 500 ms apart (the peer is held), within `limitMs`. */
async function settled(read: () => number, limitMs: number): Promise<number> {
  const deadline = Date.now() + limitMs;
  let last = read();
  for (;;) {
    await sleep(500);
    const now = read();
    if (now === last || Date.now() > deadline) return now;
    last = now;
  }
}

describe(`pwsh ${pwsh.version} over stdio: a reader that stops reading`, () => {
  it(`holds ${OBJECTS} objects back within the budget while the reader pauses, then delivers them all in order`, { timeout: 3_600_000 }, async () => {
    const { pool, connection } = await openCountingPool({ maxBufferedBytesPerCommand: BUDGET });
    try {
      const iterator = pool.createPowerShell().addScript(`foreach ($i in 1..${OBJECTS}) { $i }`).stream()[Symbol.asyncIterator]();
      let next = 1;
      const take = async (count: number) => {
        for (const end = next + count; next < end; next++) {
          const step = await iterator.next();
          expect(step.value).toEqual({ stream: 'output', value: next } satisfies PipelineEvent);
        }
      };
      await take(100);
      // The reader pauses. Each object is one line of about 190 characters: had the transport kept reading, it
      // would take every line; held, it stops after the budget, its own queue and the pipe's buffers.
      const lines = await settled(() => connection.linesTaken, 60_000);
      const buffered = pool.bufferedBytes;
      if (process.env.PSRP_BACKPRESSURE_OBJECTS) console.info(`held: ${lines} lines taken, bufferedBytes ${buffered}`);
      expect(lines).toBeLessThan(OBJECTS / 4);
      expect(buffered).toBeGreaterThan(BUDGET / 2);
      expect(buffered).toBeLessThanOrEqual(MOST_HELD);
      expect(connection.linesTaken).toBe(lines);
      // Reading again resumes the pool: every object arrives, in order.
      const resumedAt = performance.now();
      await take(OBJECTS - 100);
      if (process.env.PSRP_BACKPRESSURE_OBJECTS) console.info(`resumed: ${OBJECTS - 100} more in ${Math.round(performance.now() - resumedAt)} ms`);
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
      expect(pool.bufferedBytes).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('stops a held pipeline at once (its stop is acknowledged behind the held output), and the pool goes on', async () => {
    const { pool, connection } = await openCountingPool({ maxBufferedBytesPerCommand: BUDGET });
    try {
      const ps = pool.createPowerShell().addScript('foreach ($i in 1..10000000) { $i }');
      const iterator = ps.stream()[Symbol.asyncIterator]();
      await iterator.next();
      await settled(() => connection.linesTaken, 60_000);
      const startedAt = Date.now();
      await ps.stop();
      expect(Date.now() - startedAt).toBeLessThan(SETTLE_BOUND_MS);
      expect(ps.invocationState).toBe('Stopped');
      expect(await pool.createPowerShell().addScript('1 + 1').invoke()).toEqual([2]);
    } finally {
      await pool.close();
    }
  });

  it('lets another pipeline of the pool, and its host call, finish once the held reader reads again', async () => {
    const { pool, connection } = await openCountingPool({ maxBufferedBytesPerCommand: BUDGET, maxRunspaces: 2 });
    try {
      const held = pool.createPowerShell().addScript('1..100000').stream()[Symbol.asyncIterator]();
      await held.next();
      await settled(() => connection.linesTaken, 60_000);
      // One stream carries the whole pool over stdio: the other pipeline's output and host call wait behind the held
      // output, as with PowerShell's own client, and go through once the reader takes what it left.
      const host: PSHost = { ui: { readLine: () => 'typed', prompt: () => ({ name: 'typed' }) } };
      const other = pool.createPowerShell().addScript("Read-Host 'name'").invoke({ host });
      let otherSettled = false;
      void other.finally(() => (otherSettled = true)).catch(() => undefined);
      await sleep(1000);
      expect(otherSettled).toBe(false);
      let rest = 0;
      for (let step = await held.next(); !step.done; step = await held.next()) rest++;
      expect(rest).toBe(100000 - 1);
      expect(await other).toEqual(['typed']);
    } finally {
      await pool.close();
    }
  });
});
