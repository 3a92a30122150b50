import { describe, expect, it } from 'vitest';
import { allocateForOverwrite, findNativeBase64 } from './runtime-native.js';

describe('runtime-native (Node)', () => {
  it('finds Buffer; Node 20 has no Uint8Array.fromBase64', () => {
    expect(findNativeBase64('buffer')).toBeDefined();
    expect(findNativeBase64('uint8array')).toBeUndefined();
  });

  it('allocates plain Uint8Arrays that own their whole ArrayBuffer (never a pool slice)', () => {
    for (const size of [0, 10, 4095, 4096, 100_000]) {
      const bytes = allocateForOverwrite(size);
      expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
      expect(bytes.length).toBe(size);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(size);
    }
  });

  it('zero-fills below the threshold', () => {
    expect(allocateForOverwrite(100).every((byte) => byte === 0)).toBe(true);
  });
});
