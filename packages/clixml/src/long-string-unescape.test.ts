import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LONG_STRING_CHARACTERS, unescapeLongAscii } from './long-string-unescape.js';
import { decodePsString } from './string-escaping.js';

/** Pieces of escaped text and what each decodes to, self-contained so that any sequence of them decodes piece by piece. */
const PIECES: readonly (readonly [string, string])[] = [
  ['plain text ', 'plain text '],
  ['_x000D__x000A_', '\r\n'],
  ['_x0009_', '\t'],
  ['_x000a_', '\n'],
  ['_X0041_', 'A'],
  ['_x005F_', '_'],
  ['_y', '_y'],
  ['_x12_', '_x12_'],
  ['_xZZZZ_', '_xZZZZ_'],
  ['_', '_'],
];
/** Pieces that make the byte way give up, for the string way to handle. */
const NOT_ASCII: readonly (readonly [string, string])[] = [
  ['_x0001F600_', '😀'],
  ['_xD83D_', '\uD83D'],
  ['_x00E9_', 'é'],
  ['é', 'é'],
  ['_x0041FFFF_', '_x0041FFFF_'],
];

function text(pieces: readonly (readonly [string, string])[], minimum: number): [string, string] {
  let escaped = '';
  let decoded = '';
  while (escaped.length < minimum) {
    for (const [from, to] of pieces) {
      escaped += from;
      decoded += to;
    }
  }
  return [escaped, decoded];
}

describe('unescapeLongAscii', () => {
  it('decodes long ASCII text as the string way decodes it, escapes at either end included', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }), (pieces) => {
        const [escaped, decoded] = text(pieces, LONG_STRING_CHARACTERS);
        expect(unescapeLongAscii(escaped)).toBe(decoded);
        expect(decodePsString(escaped)).toBe(decoded);
        // Short texts take the string way: the same pieces decode the same there.
        const [short, shortDecoded] = text(pieces, 1);
        expect(decodePsString(short)).toBe(shortDecoded);
      }),
      { numRuns: 40 },
    );
    // 40 texts of over 1.2 M characters, each fresh memory: 2 s alone, past 30 s once under the whole suite's load.
  }, 120_000);

  it('gives up on text beyond ASCII and escapes of it, which decodePsString then decodes the string way', () => {
    for (const piece of NOT_ASCII) {
      const [escaped, decoded] = text([...PIECES, piece], LONG_STRING_CHARACTERS);
      expect(unescapeLongAscii(escaped)).toBeNull();
      expect(decodePsString(escaped)).toBe(decoded);
    }
  });

  it('never reads past the text into bytes an earlier, longer call left behind', () => {
    const [longer] = text([['_x000D_', '\r'], ['0041_', '0041_']], LONG_STRING_CHARACTERS * 2);
    unescapeLongAscii(longer);
    // Ends in `_x` and `_x00`: what follows in the kept bytes must not complete an escape.
    for (const ending of ['_x', '_x00', '_x000', '_x0041', '_']) {
      const input = `${'a'.repeat(LONG_STRING_CHARACTERS)}${ending}`;
      expect(unescapeLongAscii(input)).toBe(input);
    }
  });

  it('returns the input itself when nothing in it is an escape', () => {
    const input = `${'a_b'.repeat(LONG_STRING_CHARACTERS)}`;
    expect(unescapeLongAscii(input)).toBe(input);
  });
});
