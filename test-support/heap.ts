/**
 * Heap measurements for the hostile-input tests (issue 12): the heap in use after a full garbage collection, and the
 * peak seen while work runs. `gc` is reached through V8's flag at run time, so no suite needs `--expose-gc`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'major' }) => void;

/** Collects garbage fully (twice: weak references and finalizers free more on the second pass). */
export function collectGarbage(): void {
  gc();
  gc();
}

/** Bytes of heap in use once garbage is collected. */
export function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Samples heapUsed (garbage included) every few milliseconds until stop(), which returns the highest seen. */
export function sampleHeap(everyMs = 5): { stop(): number } {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().heapUsed);
    },
  };
}
