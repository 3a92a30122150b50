import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findForbiddenXmlByte } from './forbidden-xml-bytes.js';

/** What the wasm search must find, byte by byte in JS. */
function firstForbiddenByte(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return index;
    if (byte === 0xef && bytes[index + 1] === 0xbf && (bytes[index + 2] === 0xbe || bytes[index + 2] === 0xbf)) return index;
  }
  return -1;
}

/** The claim the search rests on: the text TextDecoder makes holds a forbidden character exactly when the bytes do. */
const FORBIDDEN_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const decoder = new TextDecoder();

function expectFound(bytes: Uint8Array, expected: number): void {
  expect(findForbiddenXmlByte(bytes)).toBe(expected);
  expect(FORBIDDEN_CHARACTER.test(decoder.decode(bytes))).toBe(expected >= 0);
}

/** Bytes that are ASCII letters but for `inserted` at `at`. */
function lettersWith(length: number, at: number, inserted: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(length).fill(0x61);
  bytes.set(inserted.slice(0, length - at), at);
  return bytes;
}

// Vector and block edges, and the 32 KiB pieces the glue copies in (a sequence may straddle two of them).
const LENGTH = 70_000;
const POSITIONS = [0, 1, 15, 16, 17, 63, 64, 65, 127, 32_765, 32_766, 32_767, 32_768, 32_769, 65_535, 65_536, LENGTH - 3, LENGTH - 2, LENGTH - 1];

describe('findForbiddenXmlByte', () => {
  it('finds every forbidden C0 control and lets tab, LF, CR and every other byte through, at every edge', () => {
    for (let byte = 0; byte < 0x100; byte++) {
      const forbidden = byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d;
      for (const at of POSITIONS) {
        const bytes = lettersWith(LENGTH, at, [byte]);
        expect(findForbiddenXmlByte(bytes)).toBe(forbidden ? at : -1);
      }
    }
  });

  it('finds U+FFFE and U+FFFF where they start, also across the pieces, and nothing in U+FFFD or a cut sequence', () => {
    for (const at of POSITIONS) {
      expectFound(lettersWith(LENGTH, at, [0xef, 0xbf, 0xbe]), at + 3 <= LENGTH ? at : -1);
      expectFound(lettersWith(LENGTH, at, [0xef, 0xbf, 0xbf]), at + 3 <= LENGTH ? at : -1);
      expectFound(lettersWith(LENGTH, at, [0xef, 0xbf, 0xbd]), -1);
      expectFound(lettersWith(LENGTH, at, [0xef, 0xbb, 0xbf]), -1);
    }
    // An incomplete sequence before them does not hide them: the decoder makes U+FFFD of it and goes on.
    expectFound(Uint8Array.of(0x61, 0xe2, 0xef, 0xbf, 0xbe), 2);
    expectFound(Uint8Array.of(0xef, 0xbf), -1);
    expectFound(Uint8Array.of(0xef), -1);
  });

  it('reports the first of several, and -1 for empty and clean input', () => {
    const bytes = lettersWith(LENGTH, 40_000, [0x01]);
    bytes[50_000] = 0x00;
    expect(findForbiddenXmlByte(bytes)).toBe(40_000);
    expect(findForbiddenXmlByte(new Uint8Array(0))).toBe(-1);
    expect(findForbiddenXmlByte(new TextEncoder().encode('<S>héllo 𝄞 \t\r\n ＡＢＣ \u{FFFD}</S>'))).toBe(-1);
  });

  it('looks past tab, LF and CR in a block to a forbidden byte in it or in a later one (an indented document)', () => {
    // Every block holds a line break, so each is looked at closely, not only by the first quick test.
    const lines = new TextEncoder().encode('  <S N="x">abc</S>\r\n\t'.repeat(4_000));
    expectFound(lines, -1);
    for (const at of POSITIONS.filter((position) => position < lines.length)) {
      const bytes = lines.slice();
      bytes[at] = 0x0b;
      expectFound(bytes, at);
    }
  });

  it('reads only its own bytes: a view into a larger buffer', () => {
    const buffer = new Uint8Array(100).fill(0x61);
    buffer[10] = 0x01;
    buffer[90] = 0x01;
    expect(findForbiddenXmlByte(buffer.subarray(11, 90))).toBe(-1);
    expect(findForbiddenXmlByte(buffer.subarray(5, 20))).toBe(5);
    // A sequence cut by the view's end is not completed from the bytes beyond it.
    buffer.set([0xef, 0xbf, 0xbe], 40);
    expect(findForbiddenXmlByte(buffer.subarray(30, 42))).toBe(-1);
    expect(findForbiddenXmlByte(buffer.subarray(30, 43))).toBe(10);
  });

  it('agrees with the byte-by-byte search and with TextDecoder on random bytes', () => {
    // Mostly the bytes that matter: controls, the pieces of U+FFFE and U+FFFF, surrogate encodings, letters.
    const byte = fc.oneof(
      fc.constantFrom(0x00, 0x01, 0x08, 0x09, 0x0a, 0x0b, 0x0d, 0x1f, 0x20, 0xef, 0xbf, 0xbe, 0xbd, 0xed, 0xa0, 0x80, 0xc0, 0x61),
      fc.integer({ min: 0, max: 0xff }),
    );
    // And whole sequences of U+FFFE, U+FFFF and U+FFFD, which single bytes seldom make.
    const piece = fc.oneof(
      { weight: 6, arbitrary: byte.map((value) => [value]) },
      { weight: 1, arbitrary: fc.constantFrom([0xef, 0xbf, 0xbe], [0xef, 0xbf, 0xbf], [0xef, 0xbf, 0xbd]) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 0, max: 3 }), (pieces, lettersBefore) => {
        const values = pieces.flat();
        // Some inputs start a few kilobytes in, so that they cross the blocks and the pieces at random places.
        const padding = lettersBefore * 16_381;
        const bytes = new Uint8Array(padding + values.length).fill(0x61);
        bytes.set(values, padding);
        expectFound(bytes, firstForbiddenByte(bytes));
      }),
      { numRuns: 2_000 },
    );
  });
});
