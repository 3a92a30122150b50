import { describe, expect, it } from 'vitest';
import { allocateForOverwrite, decodeAsciiNatively, findNativeBase64, includesAsciiNatively, isAsciiNatively } from './runtime-native.js';

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

describe('decodeAsciiNatively', () => {
  const MiB = 1024 * 1024;

  it('decodes ASCII from just past Node\'s external-string threshold, at any offset', () => {
    for (const length of [1_031_914, 4 * MiB + 3, 32 * MiB + 1]) {
      const buffer = new Uint8Array(length + 9);
      for (let index = 0; index < buffer.length; index++) buffer[index] = 0x20 + (index % 95);
      const bytes = buffer.subarray(5, 5 + length);
      expect(decodeAsciiNatively(bytes) === new TextDecoder().decode(bytes)).toBe(true);
    }
  });

  it('leaves to TextDecoder short text and anything beyond ASCII', () => {
    expect(decodeAsciiNatively(new Uint8Array(1_031_913).fill(0x61))).toBeUndefined();
    const notAscii = new Uint8Array(2 * MiB).fill(0x61);
    notAscii[MiB] = 0xc3;
    expect(decodeAsciiNatively(notAscii)).toBeUndefined();
  });
});

describe('isAsciiNatively', () => {
  it('says whether every byte of the view is ASCII (Node has the check)', () => {
    const bytes = new Uint8Array(100_000).fill(0x7f);
    expect(isAsciiNatively(bytes)).toBe(true);
    bytes[99_999] = 0x80;
    expect(isAsciiNatively(bytes)).toBe(false);
    expect(isAsciiNatively(bytes.subarray(0, 99_999))).toBe(true);
    expect(isAsciiNatively(new Uint8Array(0))).toBe(true);
  });
});

describe('includesAsciiNatively', () => {
  const encoder = new TextEncoder();
  /** `text` as bytes in the middle of a larger buffer whose bytes around them hold the needle. */
  const lent = (text: string): Uint8Array => {
    const around = encoder.encode(`<SS${text}<SS`);
    return around.subarray(3, around.length - 3);
  };

  it('finds the needle where it stands within the view, and only there', () => {
    const cases: [string, boolean][] = [
      ['<SS>', true],
      ['x'.repeat(100_000) + '<SS N="p">', true],
      ['<S>a</S><SS', true],
      ['<S>SS</S><S S="x">', false],
      ['<S', false],
      ['', false],
      ['é<SSé', true],
    ];
    for (const [text, found] of cases) expect(includesAsciiNatively(lent(text), '<SS')).toBe(found);
  });
});
