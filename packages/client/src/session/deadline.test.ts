import { describe, expect, it } from 'vitest';
import { PsrpTimeoutError } from '../errors.js';
import { deadlineSignal, withDeadline } from './deadline.js';

describe('deadlineSignal', () => {
  it('fires no earlier than its timeout, and deadlines started together share one signal', async () => {
    const started = performance.now();
    const first = deadlineSignal(40)!;
    const second = deadlineSignal(40)!;
    expect(second).toBe(first);
    expect(deadlineSignal(41)).not.toBe(first);
    await new Promise<void>((resolve) => first.addEventListener('abort', () => resolve(), { once: true }));
    // Timers may fire a little early by the clock they are compared with: allow a millisecond.
    expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    expect(first.reason).toBeInstanceOf(DOMException);
  });

  it('takes as many listeners as calls share it, without a leak warning from Node', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const shared = deadlineSignal(60_000)!;
      const listeners = Array.from({ length: 40 }, () => () => undefined);
      for (const listener of listeners) {
        expect(deadlineSignal(60_000)).toBe(shared);
        shared.addEventListener('abort', listener);
      }
      // Node emits its warnings on a later turn.
      await new Promise((resolve) => setImmediate(resolve));
      for (const listener of listeners) shared.removeEventListener('abort', listener);
      expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it("fires with the caller's signal first, and is the caller's signal when there is no timeout", () => {
    const controller = new AbortController();
    expect(deadlineSignal(null, controller.signal)).toBe(controller.signal);
    expect(deadlineSignal(null)).toBeUndefined();
    const combined = deadlineSignal(60_000, controller.signal)!;
    controller.abort(new Error('user'));
    expect(combined.aborted).toBe(true);
    expect((combined.reason as Error).message).toBe('user');
  });
});

describe('withDeadline', () => {
  it('rejects with PsrpTimeoutError naming the wait when the timeout passes', async () => {
    await expect(withDeadline(new Promise(() => undefined), 'Waiting for nothing', 10)).rejects.toThrow(new PsrpTimeoutError('Waiting for nothing did not finish within 10 ms'));
  });
});
