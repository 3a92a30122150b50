import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deserialize, deserializeUtf8, oneStringFromBytes } from './deserialize.js';
import { ClixmlError, ClixmlParseError } from './errors.js';
import { resolveDeserializeSettings, type DeserializeOptions } from './limits.js';
import { LONG_STRING_CHARACTERS, unescapeInPlace, unescapeInPlaceByTypeScript, unescapeLongAscii } from './long-string-unescape.js';
import { decodePsString } from './string-escaping.js';
import type { PsValue } from './value.js';

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

describe('unescapeInPlace: the wasm way and the TypeScript way', () => {
  const encoder = new TextEncoder();
  const both = (text: string): [Uint8Array, Uint8Array] => [encoder.encode(text), encoder.encode(text)];
  const latin1Decoder = new TextDecoder('latin1');
  const latin1 = (bytes: Uint8Array): string => latin1Decoder.decode(bytes);

  it('agree on every text of escapes, ASCII or not, cut anywhere by the wasm pieces of 32 KiB', () => {
    const pieces = [...PIECES, ...NOT_ASCII].map(([escaped]) => escaped);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.integer({ min: 32 * 1024 - 200, max: 32 * 1024 + 20 }), (chosen, padding) => {
        const [byWasm, byTypeScript] = both(`${'w'.repeat(padding)}${chosen.join('')}`);
        const first = Math.max(0, byWasm.indexOf(0x5f));
        const wasm = unescapeInPlace(byWasm, first);
        const typeScript = unescapeInPlaceByTypeScript(byTypeScript, first);
        expect(wasm).toEqual(typeScript);
        // As text: a deep comparison of 32 KiB arrays takes vitest a second.
        expect(latin1(byWasm.subarray(0, wasm.written))).toBe(latin1(byTypeScript.subarray(0, typeScript.written)));
        if (wasm.stoppedAt >= 0) expect(latin1(byWasm.subarray(wasm.stoppedAt))).toBe(latin1(byTypeScript.subarray(typeScript.stoppedAt)));
      }),
      { numRuns: 300 },
    );
  });

  it('give the text decodePsString gives, the TypeScript way too (the way of a runtime without wasm)', () => {
    const [escaped, decoded] = text(PIECES, 100_000);
    const bytes = encoder.encode(escaped);
    const { written, stoppedAt } = unescapeInPlaceByTypeScript(bytes, bytes.indexOf(0x5f));
    expect(stoppedAt).toBe(-1);
    expect(new TextDecoder().decode(bytes.subarray(0, written))).toBe(decoded);
    expect(decodePsString(escaped)).toBe(decoded);
  });
});

describe('one long <S> read from its bytes (deserializeUtf8)', () => {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const limits = resolveDeserializeSettings(undefined);
  /** Past deserializeUtf8's whole-text size; the bytes way itself is asked directly (deserializeUtf8 tries it past 32 MiB). */
  const PADDING = 'p'.repeat(100 * 1024);

  function outcome(read: () => PsValue): string {
    try {
      return `value ${String(read())}`;
    } catch (error) {
      return error instanceof ClixmlError ? `${error.code}${error instanceof ClixmlParseError ? ` at ${error.offset}` : ''}` : `thrown ${String(error)}`;
    }
  }

  /**
   * Bytes read both ways end alike, the bytes way in a copy (the bytes stay as they were) and in the bytes themselves
   * (overwrite); returns whether the bytes way applied.
   */
  function expectAlike(bytes: Uint8Array, options?: DeserializeOptions): boolean {
    const fromText = outcome(() => deserialize(decoder.decode(bytes), options));
    expect(outcome(() => deserializeUtf8(bytes, options))).toBe(fromText);
    expect(outcome(() => deserializeUtf8(bytes.slice(), { ...options, overwriteInput: true }))).toBe(fromText);
    const before = bytes.slice();
    const applied = oneStringFromBytes(bytes, resolveDeserializeSettings(options), false);
    // (toEqual compares 100 KiB element by element in seconds.)
    expect(bytes.every((byte, index) => byte === before[index])).toBe(true);
    expect(oneStringFromBytes(bytes.slice(), resolveDeserializeSettings(options), true)).toBe(applied);
    if (applied !== null) expect(`value ${applied}`).toBe(fromText);
    return applied !== null;
  }

  it('reads text and escapes, ASCII or not, from the bytes, to the value the reader gives', () => {
    // Escapes beyond ASCII end the byte way's unescaping: the rest, from there, goes the string way.
    const pieces = [...PIECES, ...NOT_ASCII, ['𝄞', '𝄞'], ['\uFEFF', '\uFEFF'], ['\n\t', '\n\t']] as const;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.boolean(), fc.boolean(), (chosen, bom, padFirst) => {
        const [escaped, decoded] = chosen.length === 0 ? ['', ''] : text(chosen, 1);
        const body = padFirst ? `${PADDING}${escaped}` : `${escaped}${PADDING}`;
        const bytes = encoder.encode(`${bom ? '\uFEFF' : ''}<S>${body}</S>`);
        // Text that starts with U+FEFF is the reader's (see the test below).
        expect(expectAlike(bytes)).toBe(!body.startsWith('\uFEFF'));
        expect(deserializeUtf8(bytes)).toBe(padFirst ? `${PADDING}${decoded}` : `${decoded}${PADDING}`);
      }),
      { numRuns: 60 },
    );
  });

  it('leaves to the reader markup, references, CR, forbidden characters, other endings and the limits', () => {
    const inside = ['\uFEFF', '<', '&amp;', '&lt;', '&#65;', '\r\n', '\r', '\u0001', '\uFFFE', '\uFFFF', '<![CDATA[x]]>', '_x00E9_', '_x0001F600_', '</S><S>'];
    // U+FEFF is plain text but at the start, where decoding the text alone would drop it as a BOM.
    const applies = (piece: string, at: number): boolean => (piece === '\uFEFF' && at > 0) || piece.startsWith('_x');
    for (const piece of inside) {
      for (const at of [0, 50_000, PADDING.length]) {
        const bytes = encoder.encode(`<S>${PADDING.slice(0, at)}${piece}${PADDING.slice(at)}</S>`);
        expect(expectAlike(bytes), piece).toBe(applies(piece, at));
      }
    }
    for (const ending of ['</S> ', '</S>\n', '</s>', '</S', '']) {
      expect(expectAlike(encoder.encode(`<S>${PADDING}${ending}`)), ending).toBe(false);
    }
    const bytes = encoder.encode(`<S>${PADDING}_x000A_</S>`);
    expect(expectAlike(bytes, { maxStringLength: PADDING.length })).toBe(false);
    expect(expectAlike(bytes, { maxInputLength: bytes.length - 1 })).toBe(false);
    expect(expectAlike(bytes, { maxStringLength: PADDING.length + 7, maxInputLength: bytes.length })).toBe(true);
    expect(limits.maxStringLength).toBeGreaterThan(bytes.length);
  });

  it('is the way deserializeUtf8 takes for ASCII past 96 KiB (not for text beyond ASCII there), alike with or without overwriteInput', () => {
    const line = 'The quick brown fox_x000D__x000A_';
    // A rope of pieces below about 1 MB (past 64 KiB of text), one external string above.
    for (const size of [90_000, 100_000, 300_000, 1_250_000]) {
      for (const [extra, decodedExtra] of [['', ''], ['_x0085_tail', '\u0085tail'], ['é', 'é']]) {
        const body = line.repeat(Math.ceil(size / line.length));
        const bytes = encoder.encode(`<S>${body}${extra}</S>`);
        const expected = `${body.replaceAll('_x000D__x000A_', '\r\n')}${decodedExtra}`;
        expect(deserializeUtf8(bytes) === expected, extra).toBe(true);
        const scratch = bytes.slice();
        expect(deserializeUtf8(scratch, { overwriteInput: true }) === expected, extra).toBe(true);
        // The bytes way undoes the escapes in the scratch bytes; the other ways leave them as they were.
        const changed = scratch.some((byte, index) => byte !== bytes[index]);
        expect(changed, `${size} ${extra}`).toBe(extra !== 'é' && bytes.length > 96 * 1024);
      }
    }
  });

  it('is the way deserializeUtf8 takes past 32 MiB, with limits lifted as a user receiving that much would lift them', () => {
    const line = 'Thé quick brown fox_x000D__x000A_';
    const bytes = encoder.encode(`<S>${line.repeat(Math.ceil((33 * 1024 * 1024) / line.length))}</S>`);
    const options = { maxInputLength: 2 ** 30, maxStringLength: 2 ** 30 };
    expect(oneStringFromBytes(bytes, resolveDeserializeSettings(options), false)).not.toBeNull();
    const value = deserializeUtf8(bytes, options);
    expect(value).toBe(decoder.decode(bytes).slice(3, -4).replaceAll('_x000D__x000A_', '\r\n'));
    expect(deserializeUtf8(bytes.slice(), { ...options, overwriteInput: true })).toBe(value);
  });

  it('undoes the escapes in the bytes themselves when told it may, up to an escape beyond ASCII, then the string way', () => {
    const line = 'The quick brown fox_x000D__x000A_';
    const half = line.repeat(Math.ceil((17 * 1024 * 1024) / line.length));
    const bytes = encoder.encode(`<S>${half}_x00E9__xD83D__xDE00_${half}_x0041_</S>`);
    const options = { maxInputLength: 2 ** 30, maxStringLength: 2 ** 30, overwriteInput: true };
    const expected = `${half}é😀${half}A`.replaceAll('_x000D__x000A_', '\r\n');
    expect(deserializeUtf8(bytes, options) === expected).toBe(true);
    // The bytes were the scratch: the first half's escapes are gone from them.
    expect(decoder.decode(bytes.subarray(0, 100))).toBe(`<S>${expected.slice(0, 97)}`);
  });

  it('refuses an overwriteInput that is not a boolean', () => {
    expect(() => deserializeUtf8(encoder.encode('<S>a</S>'), { overwriteInput: 'yes' as unknown as boolean })).toThrow('overwriteInput: must be a boolean');
  });

  it('copies the bytes: the caller may reuse them, and the value does not change', () => {
    const bytes = encoder.encode(`<S>${PADDING}_x000D__x000A_end</S>`);
    const value = deserializeUtf8(bytes);
    bytes.fill(0x41);
    expect(value).toBe(`${PADDING}\r\nend`);
  });
});
