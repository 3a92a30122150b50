import { describe, expect, it } from 'vitest';
import { PsrpAbortedError, PsrpArgumentError } from '../errors.js';
import { invokeOnMany, type FanOutEvent, type FanOutPool } from './fan-out.js';

/** A pool in memory that counts how many are open at once. */
class FakePool implements FanOutPool {
  static open = 0;
  static mostOpen = 0;
  closed = false;

  constructor(
    readonly name: string,
    readonly closeFailure: Error | null = null,
  ) {
    FakePool.open++;
    FakePool.mostOpen = Math.max(FakePool.mostOpen, FakePool.open);
  }

  static reset(): void {
    FakePool.open = 0;
    FakePool.mostOpen = 0;
  }

  async close(): Promise<void> {
    await tick();
    this.closed = true;
    FakePool.open--;
    if (this.closeFailure) throw this.closeFailure;
  }
}

interface FakeTarget {
  readonly computerName: string;
  readonly unreachable?: boolean;
  readonly closeFailure?: Error;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

async function openFake(target: FakeTarget): Promise<FakePool> {
  await tick();
  if (target.unreachable) throw new Error(`${target.computerName} is down`);
  return new FakePool(target.computerName, target.closeFailure ?? null);
}

function* names(count: number, pulled?: { count: number }): Generator<FakeTarget> {
  for (let index = 0; index < count; index++) {
    if (pulled) pulled.count++;
    yield { computerName: `host${index}` };
  }
}

async function collect<R, T>(events: AsyncIterable<FanOutEvent<R, T>>): Promise<FanOutEvent<R, T>[]> {
  const seen: FanOutEvent<R, T>[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('invokeOnMany', () => {
  it('runs 1,000 in-memory targets with at most `throttle` pools open, pulling targets lazily, memory bounded', async () => {
    FakePool.reset();
    const pulled = { count: 0 };
    const chunk = 'x'.repeat(10_000);
    let completed = 0;
    let results = 0;
    let mostPulledAhead = 0;
    let mostPending = 0;
    let pending = 0;
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const events = invokeOnMany(
      names(1000, pulled),
      async function* (pool: FakePool) {
        // 200 results of 10 kB each per target: 2 GB in all, far more than may be held at once.
        for (let index = 0; index < 200; index++) {
          pending++;
          mostPending = Math.max(mostPending, pending);
          yield `${pool.name}:${index}:${chunk}`;
        }
      },
      { throttle: 32, openPool: openFake },
    );
    for await (const event of events) {
      if (event.kind === 'result') {
        results++;
        pending--;
        expect(event.value.startsWith(`${event.computerName}:`)).toBe(true);
        if (results % 10_000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      } else {
        expect(event.kind).toBe('completed');
        completed++;
      }
      mostPulledAhead = Math.max(mostPulledAhead, pulled.count - completed);
    }
    expect(completed).toBe(1000);
    expect(results).toBe(200_000);
    expect(FakePool.mostOpen).toBe(32);
    expect(FakePool.open).toBe(0);
    // Targets are taken as slots free up, not read up front.
    expect(mostPulledAhead).toBeLessThanOrEqual(33);
    // Results produced but not yet read: the queue (32) plus one held by each paused target (32), at most.
    expect(mostPending).toBeLessThanOrEqual(64 + 1);
    expect(heapPeak - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('reports each failure with its target and stage, and the other targets run on', async () => {
    FakePool.reset();
    const targets: FakeTarget[] = [
      { computerName: 'a' },
      { computerName: 'down', unreachable: true },
      { computerName: 'boom' },
      { computerName: 'close', closeFailure: new Error('close failed') },
      { computerName: 'both', closeFailure: new Error('close failed too') },
      { computerName: 'z' },
    ];
    const events = await collect(
      invokeOnMany(
        targets,
        async (pool: FakePool, { computerName }) => {
          if (computerName === 'boom' || computerName === 'both') throw new Error(`${pool.name} threw`);
          return computerName.toUpperCase();
        },
        { throttle: 2, openPool: openFake },
      ),
    );
    const outcome = (name: string) => events.filter((event) => event.computerName === name && event.kind !== 'result');
    expect(events.filter((event) => event.kind === 'result').map((event) => event.kind === 'result' && event.value).sort()).toEqual([
      'A',
      'CLOSE',
      'Z',
    ]);
    expect(outcome('a')).toMatchObject([{ kind: 'completed' }]);
    expect(outcome('z')).toMatchObject([{ kind: 'completed' }]);
    expect(outcome('down')).toMatchObject([{ kind: 'failed', stage: 'open', error: { message: 'down is down' }, closeError: null }]);
    expect(outcome('boom')).toMatchObject([{ kind: 'failed', stage: 'invoke', error: { message: 'boom threw' }, closeError: null }]);
    expect(outcome('close')).toMatchObject([{ kind: 'failed', stage: 'close', error: { message: 'close failed' } }]);
    // A failing close never hides the script's failure: it comes as closeError.
    expect(outcome('both')).toMatchObject([
      { kind: 'failed', stage: 'invoke', error: { message: 'both threw' }, closeError: { message: 'close failed too' } },
    ]);
    expect(FakePool.mostOpen).toBeLessThanOrEqual(2);
    expect(FakePool.open).toBe(0);
  });

  it('takes targets from an async iterable', async () => {
    async function* source(): AsyncGenerator<FakeTarget> {
      for (const computerName of ['p', 'q', 'r']) {
        await tick();
        yield { computerName };
      }
    }
    const events = await collect(invokeOnMany(source(), async (pool: FakePool) => pool.name, { openPool: openFake }));
    expect(events.filter((event) => event.kind === 'completed').map((event) => event.computerName).sort()).toEqual(['p', 'q', 'r']);
  });

  it('stops on abort: no new targets, running work sees its signal, every pool closes, then PsrpAbortedError', async () => {
    FakePool.reset();
    const controller = new AbortController();
    const pulled = { count: 0 };
    const seen: FanOutEvent<string, FakeTarget>[] = [];
    const failure = await (async () => {
      for await (const event of invokeOnMany(
        names(100, pulled),
        async function* (pool: FakePool, { signal }) {
          yield pool.name;
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          throw new PsrpAbortedError('aborted', { cause: signal.reason });
        },
        { throttle: 4, openPool: openFake, signal: controller.signal },
      )) {
        seen.push(event);
        if (seen.length === 4) controller.abort(new Error('enough'));
      }
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpAbortedError);
    expect(pulled.count).toBe(4);
    expect(seen.filter((event) => event.kind === 'failed')).toHaveLength(4);
    expect(FakePool.open).toBe(0);
  });

  it('closes every pool when the reader leaves early', async () => {
    FakePool.reset();
    const pools: FakePool[] = [];
    for await (const event of invokeOnMany(
      names(50),
      async function* (pool: FakePool, { signal }) {
        pools.push(pool);
        for (let index = 0; !signal.aborted; index++) yield index;
      },
      { throttle: 8, openPool: openFake },
    )) {
      if (event.kind === 'result' && event.value > 100) break;
    }
    expect(pools.length).toBeGreaterThan(0);
    expect(pools.every((pool) => pool.closed)).toBe(true);
    expect(FakePool.open).toBe(0);
  });

  it('refuses a bad throttle and a target it cannot open', async () => {
    await expect(collect(invokeOnMany([], async () => 1, { throttle: 0 }))).rejects.toThrow(PsrpArgumentError);
    const events = await collect(invokeOnMany([{ computerName: 'x' } as never], async () => 1));
    expect(events).toMatchObject([{ kind: 'failed', stage: 'open', error: { code: 'PSRP_ERR_ARGUMENT' } }]);
  });
});
