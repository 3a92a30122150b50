import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePsStringPieces } from './ps-string-pieces.js';
import { decodePsString } from './string-escaping.js';

/** Text rich in escapes, escape-like runs and underscores, so that cuts fall inside and beside them. */
const escapedText = fc
  .array(fc.constantFrom('_x000D__x000A_', '_x0041_', '_X0041_', '_x0001F600_', '_xD83D_', '_x12_', '_', '__x', 'abc', 'x0041_', 'é', '_x0041FFFF_', '_x'), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));

/** `text` cut at the given places (sorted, deduplicated, within it). */
function cutAt(text: string, places: number[]): string[] {
  const cuts = [...new Set(places.map((place) => place % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  pieces.push(text.slice(from));
  return pieces;
}

describe('decodePsStringPieces', () => {
  it('decodes any cutting of a text as decodePsString decodes the whole text', () => {
    fc.assert(
      fc.property(escapedText, fc.array(fc.nat(), { maxLength: 12 }), (text, places) => {
        expect(decodePsStringPieces(cutAt(text, places))).toBe(decodePsString(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('cuts long texts with an escape per line into pieces decoded alone, the same as whole', () => {
    const line = `${'word '.repeat(15)}_x000D__x000A_`;
    const text = line.repeat(5000);
    const pieces = cutAt(text, Array.from({ length: 40 }, (_, index) => index * 9973));
    expect(decodePsStringPieces(pieces)).toBe(decodePsString(text));
  });

  it('takes one piece, and no piece', () => {
    expect(decodePsStringPieces(['a_x000A_b'])).toBe('a\nb');
    expect(decodePsStringPieces([])).toBe('');
  });
});
