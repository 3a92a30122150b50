import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64IntoTs, decodeBase64Ts, encodeBase64Ts } from './base64-ts.js';
import { Base64Text } from './base64-text.js';
import { InvalidBase64Error } from './errors.js';
import { findNativeBase64 } from './runtime-native.js';

// Node runs these with Buffer; setFromBase64 (Deno, Bun, browsers) is covered by test:runtimes.
const decoders = [
  { name: 'ts', decodeInto: base64IntoTs },
  { name: 'buffer', decodeInto: findNativeBase64('buffer')!.decodeInto! },
  ...[findNativeBase64('uint8array')?.decodeInto].flatMap((decodeInto) => (decodeInto === undefined ? [] : [{ name: 'uint8array', decodeInto }])),
];
const GUARD = 0xa5;

/** Copies all of `source` in pieces cut at `points`, into a target with guard bytes either side. */
function copyInPieces(source: Base64Text, points: number[]): Uint8Array {
  const cuts = [...new Set([0, ...points.map((point) => point % (source.decodedBytes + 1)), source.decodedBytes])].sort((a, b) => a - b);
  const target = new Uint8Array(source.decodedBytes + 2).fill(GUARD);
  cuts.slice(1).forEach((end, index) => source.copyTo(cuts[index]!, end, target, 1 + cuts[index]!));
  expect([target[0], target[target.length - 1]]).toEqual([GUARD, GUARD]);
  return target.subarray(1, -1);
}

describe.each(decoders)('Base64Text ($name decoder)', ({ decodeInto }) => {
  it('copies any range of the decoded bytes to any offset, touching nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), fc.nat(), fc.nat({ max: 5 }), (bytes, left, right, offset) => {
        const source = new Base64Text(decodeInto);
        source.load(encodeBase64Ts(bytes));
        expect(source.decodedBytes).toBe(bytes.length);
        const from = Math.min(left, right) % (bytes.length + 1);
        const to = Math.min(bytes.length, from + (Math.max(left, right) % (bytes.length + 1)));
        const target = new Uint8Array(offset + to - from + 1).fill(GUARD);
        source.copyTo(from, to, target, offset);
        expect(target.subarray(offset, offset + to - from)).toEqual(bytes.subarray(from, to));
        expect(target.subarray(0, offset).every((byte) => byte === GUARD)).toBe(true);
        expect(target[target.length - 1]).toBe(GUARD);
      }),
      { numRuns: 500 },
    );
  });

  it('judges text cut into any pieces exactly as decoding it whole does', () => {
    const junk = fc.constantFrom('=', '-', '_', ' ', '\n', '\u00e9', '\u0163', '!', 'A');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), junk, fc.array(fc.nat(), { maxLength: 8 }), (bytes, at, char, points) => {
        const valid = encodeBase64Ts(bytes);
        const position = at % (valid.length + 1);
        const text = valid.slice(0, position) + char + valid.slice(position + 1);
        let expected: Uint8Array | string;
        try {
          expected = decodeBase64Ts(text);
        } catch (error) {
          expected = (error as Error).name;
        }
        let actual: Uint8Array | string;
        try {
          const source = new Base64Text(decodeInto);
          source.load(text);
          actual = copyInPieces(source, points);
        } catch (error) {
          expect(error).toEqual(new InvalidBase64Error(text.length));
          actual = (error as Error).name;
        }
        expect(actual).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects a malformed length at once', () => {
    const source = new Base64Text(decodeInto);
    expect(() => source.load('Zg=')).toThrow(InvalidBase64Error);
    expect(() => source.load('Zm9vY')).toThrow(InvalidBase64Error);
  });
});
