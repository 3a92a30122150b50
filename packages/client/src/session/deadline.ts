/**
 * Bounds on waiting: every wait of the pool session ends when its AbortSignal fires or its timeout passes, with
 * the typed error that says which. The session's only clock.
 */
import { PsrpAbortedError, PsrpTimeoutError } from '../errors.js';

/** Waits for `work`, or rejects when `signal` aborts or `timeoutMs` passes (null: no timeout). */
export function withDeadline<T>(work: Promise<T>, what: string, timeoutMs: number | null, signal?: AbortSignal): Promise<T> {
  if (!signal && timeoutMs === null) return work;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => settle(() => reject(new PsrpAbortedError(`${what} was aborted`, { cause: signal?.reason })));
    const settle = (finish: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      finish();
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== null) {
      timer = setTimeout(() => settle(() => reject(new PsrpTimeoutError(`${what} did not finish within ${timeoutMs} ms`))), timeoutMs);
    }
    work.then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error)),
    );
  });
}

/**
 * An AbortSignal that fires after `timeoutMs` (up to 5 % later, at most a second) or with `signal`, whichever comes
 * first (for transport calls).
 */
export function deadlineSignal(timeoutMs: number | null, signal?: AbortSignal): AbortSignal | undefined {
  const timeout = timeoutMs === null ? undefined : sharedTimeoutSignal(timeoutMs);
  if (!signal || !timeout) return signal ?? timeout;
  return AbortSignal.any([signal, timeout]);
}

/** A slack of 5 % of the timeout, within these bounds, lets deadlines that start close together share one signal. */
const MAX_DEADLINE_SLACK_MS = 1_000;
const MIN_DEADLINE_SLACK_MS = 1;
const sharedTimeouts = new Map<number, { readonly signal: AbortSignal; readonly reusableUntil: number }>();
/**
 * Node's setMaxListeners where the runtime has it. Node warns of a leak once an AbortSignal has more than ten
 * listeners, and a shared deadline has one per call waiting under it by design (a fan-out's 32 pools closing
 * pipelines at once); other runtimes do not warn.
 */
const setMaxListeners = (
  (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule?.('node:events') as
    | { setMaxListeners?: (count: number, ...targets: EventTarget[]) => void }
    | undefined
)?.setMaxListeners;

/**
 * A signal that fires between `timeoutMs` and `timeoutMs` + slack from now. Made once per slack window and
 * timeout: a pool closes each finished pipeline under such a deadline, and a new AbortSignal with its timer cost
 * more than the rest of a short call's release.
 */
function sharedTimeoutSignal(timeoutMs: number): AbortSignal {
  const now = performance.now();
  const shared = sharedTimeouts.get(timeoutMs);
  if (shared && now <= shared.reusableUntil) return shared.signal;
  const slack = Math.min(MAX_DEADLINE_SLACK_MS, Math.max(MIN_DEADLINE_SLACK_MS, Math.floor(timeoutMs / 20)));
  const signal = AbortSignal.timeout(timeoutMs + slack);
  setMaxListeners?.(0, signal);
  sharedTimeouts.set(timeoutMs, { signal, reusableUntil: now + slack });
  return signal;
}
