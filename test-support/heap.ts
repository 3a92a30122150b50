/**
 * Heap measurements for the hostile-input tests: the heap in use after a full garbage collection, and the
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

/** V8's heap in use plus the memory of array buffers (Uint8Array, Buffer), which V8 counts apart as external. */
function inUse(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Bytes of heap (and array buffers) in use once garbage is collected. */
export function heapUsed(): number {
  collectGarbage();
  return inUse();
}

/** Samples the heap (garbage included) every few milliseconds until stop(), which returns the highest seen. */
export function sampleHeap(everyMs = 5): { stop(): number } {
  let peak = inUse();
  const timer = setInterval(() => {
    peak = Math.max(peak, inUse());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, inUse());
    },
  };
}
