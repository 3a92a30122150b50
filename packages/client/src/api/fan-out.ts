/**
 * Fan-out: the same work on many runspace pools at once, as `Invoke-Command -ComputerName a,b,c -ThrottleLimit 32`.
 *
 * Targets are taken from an iterable (or async iterable) only as slots free up, so a list of a million names, or a
 * generator reading them from a file, never sits in memory as open pools. A slot is held from the moment a target's
 * pool starts to open until its close has finished: at most `throttle` pools exist at any time. Every event is
 * tagged with the target and its computer name; one target failing (it cannot be reached, its script fails, its
 * pool breaks) ends with a `failed` event for that target and never stops the others.
 *
 * Memory stays bounded: events wait in a queue of at most `bufferSize` entries, and a target whose work produces
 * faster than the reader takes is paused until there is room (its pool is not read any further meanwhile).
 *
 * @example
 * for await (const event of invokeOnMany(targets, (pool, { signal }) => pool.createPowerShell().addScript('hostname').stream({ signal }))) {
 *   if (event.kind === 'result' && event.value.stream === 'output') console.log(event.computerName, event.value.value);
 *   if (event.kind === 'failed') console.error(event.computerName, event.stage, event.error);
 * }
 */
import { PsrpAbortedError, PsrpArgumentError } from '../errors.js';
import type { PsrpTransport } from '../transport/transport.js';
import { RunspacePool, type RunspacePoolOptions } from './runspace-pool.js';

/** Invoke-Command's default -ThrottleLimit. */
export const DEFAULT_FAN_OUT_THROTTLE = 32;

/** A target the default `openPool` can open: a name, and the transport to reach it, made when its turn comes. */
export interface FanOutTarget {
  /** What every event of this target is tagged with (PowerShell's PSComputerName). */
  readonly computerName: string;
  /** Called once, when the target's turn comes: e.g. `() => connectProcess({ executable })` or a `new WSManTransport(...)`. */
  readonly connect: () => PsrpTransport | Promise<PsrpTransport>;
  /** Options for this target's pool (the fan-out's signal is added). */
  readonly poolOptions?: Omit<RunspacePoolOptions, 'signal'>;
}

/** The least a pool must offer the fan-out: being closed. RunspacePool does; a test may pass its own. */
export interface FanOutPool {
  close(signal?: AbortSignal): Promise<void>;
}

/** What the work function is given besides the pool. */
export interface FanOutContext<T> {
  readonly target: T;
  readonly computerName: string;
  /** Aborted when the whole fan-out is aborted or its reader stops early: pass it to `stream()` / `invoke()`. */
  readonly signal: AbortSignal;
}

/**
 * Where a target failed: it could not be opened (`open`), its work threw (`invoke`), or only closing its pool
 * failed after the work succeeded (`close`).
 */
export type FanOutStage = 'open' | 'invoke' | 'close';

export type FanOutEvent<R, T = FanOutTarget> =
  /** One value the work produced (each item of an async iterable, or the value of a promise). */
  | { readonly kind: 'result'; readonly computerName: string; readonly target: T; readonly value: R }
  /** The target's work finished and its pool closed. */
  | { readonly kind: 'completed'; readonly computerName: string; readonly target: T }
  /**
   * The target failed at `stage`. When closing failed too after an open or invoke failure, that is `closeError`:
   * it never replaces the error that came first.
   */
  | {
      readonly kind: 'failed';
      readonly computerName: string;
      readonly target: T;
      readonly stage: FanOutStage;
      readonly error: unknown;
      readonly closeError: unknown;
    };

export interface InvokeOnManyOptions<T, P extends FanOutPool> {
  /** Most pools open at once (Invoke-Command's -ThrottleLimit). Default 32. */
  readonly throttle?: number;
  /**
   * Stops the fan-out: no further target is started, running work sees its signal aborted, every open pool is
   * closed, and once the running targets have reported, the iteration throws PsrpAbortedError.
   */
  readonly signal?: AbortSignal;
  /** Opens one target's pool. Default: `RunspacePool.open(await target.connect(), { ...target.poolOptions, signal })`. */
  readonly openPool?: (target: T, signal: AbortSignal) => Promise<P>;
  /** The computer name of a target. Default: its `computerName`. */
  readonly computerName?: (target: T) => string;
  /** Most events waiting for the reader before the targets producing them pause. Default: the throttle. */
  readonly bufferSize?: number;
}

/** The work for one target: an async iterable of results (a pipeline's `stream()`), or a promise of one result. */
export type FanOutWork<R, T, P> = (pool: P, context: FanOutContext<T>) => AsyncIterable<R> | PromiseLike<R>;

/**
 * Runs `work` on the pool of every target, at most `throttle` at a time, and yields what happens as it happens:
 * `result` events, then one `completed` or `failed` event per target. Leaving the loop early (break, throw) stops
 * the running work and closes every pool before the loop's exit completes.
 */
export async function* invokeOnMany<R, T = FanOutTarget, P extends FanOutPool = RunspacePool>(
  targets: Iterable<T> | AsyncIterable<T>,
  work: FanOutWork<R, T, P>,
  options: InvokeOnManyOptions<T, P> = {},
): AsyncGenerator<FanOutEvent<R, T>, void, undefined> {
  const throttle = positiveCount(options.throttle ?? DEFAULT_FAN_OUT_THROTTLE, 'throttle');
  const queue = new EventQueue<FanOutEvent<R, T>>(positiveCount(options.bufferSize ?? throttle, 'bufferSize'));
  const openPool = options.openPool ?? (defaultOpenPool as unknown as (target: T, signal: AbortSignal) => Promise<P>);
  const nameOf = options.computerName ?? defaultComputerName;
  const outer = options.signal;
  if (outer?.aborted) throw new PsrpAbortedError('The fan-out was aborted before it started', { cause: outer.reason });

  // One controller for all the work: the caller's abort, or the reader leaving early, aborts it.
  const controller = new AbortController();
  const onAbort = () => {
    controller.abort(outer?.reason);
    queue.wake();
  };
  outer?.addEventListener('abort', onAbort, { once: true });

  const iterator = Symbol.asyncIterator in targets ? targets[Symbol.asyncIterator]() : toAsync(targets[Symbol.iterator]());
  const running = new Set<Promise<void>>();
  let exhausted = false;

  // Each target has its own signal, aborted with the fan-out's: one listener on the shared signal, not one per call.
  const targetControllers = new Set<AbortController>();
  controller.signal.addEventListener('abort', () => {
    for (const each of targetControllers) each.abort(controller.signal.reason);
  });

  const start = (target: T): void => {
    const own = new AbortController();
    targetControllers.add(own);
    const task = runTarget(target, nameOf(target), work, openPool, own.signal, queue);
    running.add(task);
    void task.finally(() => {
      targetControllers.delete(own);
      running.delete(task);
      queue.wake();
    });
  };

  try {
    for (;;) {
      while (!exhausted && running.size < throttle && !controller.signal.aborted) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else start(next.value);
      }
      const event = queue.shift();
      if (event !== undefined) {
        yield event;
        continue;
      }
      if (running.size === 0 && (exhausted || controller.signal.aborted)) break;
      await queue.changed();
    }
    if (outer?.aborted) throw new PsrpAbortedError('The fan-out was aborted', { cause: outer.reason });
  } finally {
    outer?.removeEventListener('abort', onAbort);
    // Leaving early: the work stops, the writers stop waiting for room, every pool closes before we return.
    controller.abort(new PsrpAbortedError('The fan-out reader stopped'));
    queue.discard();
    await Promise.allSettled(running);
    if (!exhausted) await iterator.return?.();
  }
}

async function runTarget<R, T, P extends FanOutPool>(
  target: T,
  computerName: string,
  work: FanOutWork<R, T, P>,
  openPool: (target: T, signal: AbortSignal) => Promise<P>,
  signal: AbortSignal,
  queue: EventQueue<FanOutEvent<R, T>>,
): Promise<void> {
  let pool: P;
  try {
    pool = await openPool(target, signal);
  } catch (error) {
    await queue.push({ kind: 'failed', computerName, target, stage: 'open', error, closeError: null });
    return;
  }
  let failure: unknown = null;
  let failed = false;
  try {
    const produced = work(pool, { target, computerName, signal });
    if (isAsyncIterable(produced)) {
      for await (const value of produced) await queue.push({ kind: 'result', computerName, target, value });
    } else {
      const value = await produced;
      await queue.push({ kind: 'result', computerName, target, value });
    }
  } catch (error) {
    failed = true;
    failure = error;
  }
  let closeError: unknown = null;
  let closeFailed = false;
  try {
    await pool.close();
  } catch (error) {
    closeFailed = true;
    closeError = error;
  }
  if (failed) await queue.push({ kind: 'failed', computerName, target, stage: 'invoke', error: failure, closeError });
  else if (closeFailed) await queue.push({ kind: 'failed', computerName, target, stage: 'close', error: closeError, closeError: null });
  else await queue.push({ kind: 'completed', computerName, target });
}

async function defaultOpenPool(target: FanOutTarget, signal: AbortSignal): Promise<RunspacePool> {
  if (typeof target?.connect !== 'function') {
    throw new PsrpArgumentError('A fan-out target needs connect() (a FanOutTarget), or give invokeOnMany an openPool function');
  }
  return RunspacePool.open(await target.connect(), { ...target.poolOptions, signal });
}

function defaultComputerName(target: unknown): string {
  const name = (target as { computerName?: unknown } | null)?.computerName;
  if (typeof name !== 'string') throw new PsrpArgumentError('A fan-out target needs a computerName, or give invokeOnMany a computerName function');
  return name;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => iterator.next(),
    return: async () => iterator.return?.() ?? { done: true, value: undefined },
  };
}

function positiveCount(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new PsrpArgumentError(`${name} must be a whole number of at least 1, not ${String(value)}`);
  return value;
}

/**
 * The events between the targets and the reader: writers wait while it is full; the reader waits for a change
 * (an event, a target finishing, an abort). After `discard()` writes are dropped and never wait.
 */
class EventQueue<E> {
  readonly #capacity: number;
  readonly #items: E[] = [];
  #head = 0;
  #discarding = false;
  #readerWake: (() => void) | null = null;
  readonly #writers: (() => void)[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get #size(): number {
    return this.#items.length - this.#head;
  }

  async push(event: E): Promise<void> {
    while (!this.#discarding && this.#size >= this.#capacity) await new Promise<void>((resolve) => this.#writers.push(resolve));
    if (this.#discarding) return;
    this.#items.push(event);
    this.wake();
  }

  shift(): E | undefined {
    if (this.#size === 0) return undefined;
    const event = this.#items[this.#head]!;
    this.#items[this.#head++] = undefined as E;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items.splice(0, this.#head);
      this.#head = 0;
    }
    this.#writers.shift()?.();
    return event;
  }

  /** Resolves at the next push, wake or discard. */
  changed(): Promise<void> {
    return new Promise((resolve) => (this.#readerWake = resolve));
  }

  wake(): void {
    const wake = this.#readerWake;
    this.#readerWake = null;
    wake?.();
  }

  discard(): void {
    this.#discarding = true;
    this.#items.length = 0;
    this.#head = 0;
    for (const writer of this.#writers.splice(0)) writer();
    this.wake();
  }
}
