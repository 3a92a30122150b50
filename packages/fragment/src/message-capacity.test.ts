import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentCapacity, worthShrinking } from './message-capacity.js';

describe('message capacity', () => {
  it('a segment holds what is at hand, and never more than twice what arrived unless speculating on the previous object', () => {
    fc.assert(
      fc.property(fc.nat(1e6), fc.integer({ min: 1, max: 1e6 }), fc.option(fc.nat(1e6)), fc.nat(1e6), (written, take, extra, previousObjectBytes) => {
        const finalBytes = extra === null ? undefined : written + take + extra;
        const capacity = segmentCapacity({ written, take, finalBytes, previousObjectBytes });
        expect(capacity).toBeGreaterThanOrEqual(take);
        if (finalBytes !== undefined) expect(written + capacity).toBeLessThanOrEqual(finalBytes);
        if (capacity > take) {
          const arrived = written + take;
          const bounded = written + capacity <= 2 * arrived;
          const speculative = written === 0 && capacity <= previousObjectBytes;
          expect(bounded || speculative).toBe(true);
        }
      }),
    );
  });

  it('takes the final size once it is known and within reach, the previous size for a first segment, else what is at hand', () => {
    expect(segmentCapacity({ written: 600, take: 400, finalBytes: 1500, previousObjectBytes: 0 })).toBe(900);
    expect(segmentCapacity({ written: 0, take: 400, finalBytes: 5000, previousObjectBytes: 0 })).toBe(400);
    expect(segmentCapacity({ written: 0, take: 400, finalBytes: undefined, previousObjectBytes: 8000 })).toBe(8000);
    expect(segmentCapacity({ written: 0, take: 400, finalBytes: 5000, previousObjectBytes: 8000 })).toBe(5000);
    expect(segmentCapacity({ written: 400, take: 400, finalBytes: undefined, previousObjectBytes: 8000 })).toBe(400);
  });

  it('shrinks only when more than half, and at least 64 KiB, would be unused', () => {
    expect(worthShrinking(200_000, 100_000)).toBe(false);
    expect(worthShrinking(200_001, 100_000)).toBe(true);
    expect(worthShrinking(60_000, 100)).toBe(false);
  });
});
