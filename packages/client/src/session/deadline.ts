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

/** An AbortSignal that fires after `timeoutMs` or with `signal`, whichever comes first (for transport calls). */
export function deadlineSignal(timeoutMs: number | null, signal?: AbortSignal): AbortSignal | undefined {
  const signals = [signal, timeoutMs === null ? undefined : AbortSignal.timeout(timeoutMs)].filter((each): each is AbortSignal => each !== undefined);
  if (signals.length <= 1) return signals[0];
  return AbortSignal.any(signals);
}
