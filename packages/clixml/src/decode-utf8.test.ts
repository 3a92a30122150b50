import { describe, expect, it } from 'vitest';
import { decodeAsciiNatively } from '@psrp/fragment';
import { decodeUtf8, decodeUtf8Value, takeTextKnowledge } from './decode-utf8.js';
import { deserializeUtf8 } from './deserialize.js';
import { ClixmlParseError } from './errors.js';
import { TEXT_CHECKED, TEXT_ONE_BYTE, TEXT_UNCHECKED } from './xml-chars.js';

const MiB = 1024 * 1024;
const encoder = new TextEncoder();
const reference = new TextDecoder('utf-8', { fatal: false });

/** `text` as UTF-8, with a BOM first when asked, at an odd offset of a larger buffer (as a lent message is). */
function bytesOf(text: string, bom: boolean): Uint8Array {
  const body = encoder.encode(text);
  const start = bom ? 3 : 0;
  const buffer = new Uint8Array(body.length + start + 7);
  if (bom) buffer.set([0xef, 0xbb, 0xbf], 5);
  buffer.set(body, 5 + start);
  return buffer.subarray(5, 5 + start + body.length);
}

describe('decodeUtf8', () => {
  it('runs where the runtime decodes long ASCII natively, so that the cases below take that way too', () => {
    expect(decodeAsciiNatively(new Uint8Array(2 * MiB).fill(0x61))).toBe('a'.repeat(2 * MiB));
  });

  // Sizes around each way (decodeAsciiNatively's own tests hold its upper bound): TextDecoder up to 1,031,913 bytes
  // of text after any BOM, the native way from there on.
  const sizes = [0, 10, 1_031_913, 1_031_914, 1_031_917, MiB + 3, 4 * MiB + 1];
  for (const size of sizes) {
    for (const bom of [false, true]) {
      it(`decodes ${size} ASCII bytes${bom ? ' after a BOM' : ''} as TextDecoder does`, () => {
        const text = `<S>${'a_x000D__x000A_b'.repeat(Math.ceil(size / 16)).slice(0, Math.max(0, size - 7))}</S>`;
        const bytes = bytesOf(text, bom);
        const decoded = decodeUtf8(bytes);
        expect(decoded.length).toBe(text.length);
        expect(decoded === reference.decode(bytes)).toBe(true);
      });
    }
  }

  it('decodes a large body with non-ASCII text, and bad bytes as U+FFFD, as TextDecoder does', () => {
    const text = `<S>${'é𝄞x'.repeat(MiB / 2)}</S>`;
    const bytes = bytesOf(text, true);
    expect(decodeUtf8(bytes) === text).toBe(true);
    const broken = bytes.slice();
    broken[broken.length - 10] = 0xff;
    const decoded = decodeUtf8(broken);
    expect(decoded === reference.decode(broken)).toBe(true);
    expect(decoded).toContain('\uFFFD');
  });
});

describe('decodeUtf8Value', () => {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();

  it('decodes 64 KiB to 2 MiB in pieces to what TextDecoder gives, characters across the pieces\' ends included', () => {
    const piece = 64 * 1024;
    for (const filler of ['a', 'é', '€', '😀']) {
      for (const shift of [0, 1, 2, 3]) {
        // A BOM first, characters of 1 to 4 bytes over every piece's end, a bad byte and a cut sequence at the end.
        const text = `\uFEFF${'x'.repeat(shift)}${filler.repeat(Math.ceil((piece * 3) / encoder.encode(filler).length))}`;
        const bytes = new Uint8Array([...encoder.encode(text), 0xff, 0xf0, 0x9f]);
        expect(decodeUtf8Value(bytes) === decoder.decode(bytes), `${filler} ${shift}`).toBe(true);
      }
    }
  });

  it('decodes past 2 MiB and up to 64 KiB whole, as TextDecoder does', () => {
    for (const length of [10, 64 * 1024, 2 * 1024 * 1024 + 1]) {
      const bytes = encoder.encode('é'.repeat(Math.ceil(length / 2)));
      expect(decodeUtf8Value(bytes) === decoder.decode(bytes)).toBe(true);
    }
  });
});

describe('takeTextKnowledge', () => {
  const longAscii = `<S>${'abc'.repeat(600)}</S>`;

  it('knows a text whose bytes hold no forbidden character as checked, ASCII or not, once', () => {
    for (const text of [longAscii, `<S>${'é'.repeat(200)}</S>`, `<S>${'x'.repeat(250)}</S>`, `<S>${'\uFFFD\uFFFC\u{1D11E}'.repeat(100)}</S>`]) {
      for (const bom of [false, true]) {
        const decoded = decodeUtf8(bytesOf(text, bom));
        expect(takeTextKnowledge(decoded)).toBe(TEXT_CHECKED);
        expect(takeTextKnowledge(decoded)).toBe(TEXT_UNCHECKED);
      }
    }
  });

  it('knows a long ASCII text that holds a forbidden character as one-byte only, so that the reader finds it', () => {
    for (const forbidden of ['\u0000', '\u001F', '\u000B']) {
      const decoded = decodeUtf8(bytesOf(`${longAscii}${forbidden}`, false));
      expect(takeTextKnowledge(decoded)).toBe(TEXT_ONE_BYTE);
    }
  });

  it('knows nothing of text that holds U+FFFE or U+FFFF, of short text, or of a text decodeUtf8 did not make last', () => {
    expect(takeTextKnowledge(decodeUtf8(bytesOf(`<S>${'é'.repeat(200)}\uFFFE</S>`, false)))).toBe(TEXT_UNCHECKED);
    expect(takeTextKnowledge(decodeUtf8(bytesOf(`<S>${'é'.repeat(200)}\uFFFF</S>`, false)))).toBe(TEXT_UNCHECKED);
    expect(takeTextKnowledge(decodeUtf8(bytesOf('<S>abc</S>', false)))).toBe(TEXT_UNCHECKED);
    const first = decodeUtf8(bytesOf(longAscii, false));
    decodeUtf8(bytesOf(`<S>${'xyz'.repeat(600)}</S>`, false));
    expect(takeTextKnowledge(first)).toBe(TEXT_UNCHECKED);
  });

  it('keeps nothing for a value decoded by decodeUtf8Value', () => {
    expect(takeTextKnowledge(decodeUtf8Value(bytesOf(longAscii, false)))).toBe(TEXT_UNCHECKED);
  });

  it('forgets the text at the end of the job that decoded it', async () => {
    const text = decodeUtf8(bytesOf(longAscii, false));
    await Promise.resolve();
    expect(takeTextKnowledge(text)).toBe(TEXT_UNCHECKED);
  });
});

describe('deserializeUtf8 after the bytes were searched', () => {
  // Whole (TextDecoder and the native way), and the long string read in pieces, with the character at each place.
  const bodies = [`<S>${'é'.repeat(150)}@</S>`, `<S>${'a'.repeat(2 * MiB)}@</S>`, `<Obj RefId="0"><MS><S N="x">${'b'.repeat(500)}@</S></MS></Obj>`];
  it('still refuses every forbidden character, at the offset TextDecoder\'s text gives', () => {
    for (const body of bodies) {
      for (const forbidden of ['\u0001', '\u0008', '\u000C', '\u001F', '\uFFFE', '\uFFFF']) {
        const text = body.replace('@', forbidden);
        const error = (() => {
          try {
            deserializeUtf8(encoder.encode(text));
          } catch (caught) {
            return caught;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(ClixmlParseError);
        expect((error as ClixmlParseError).offset).toBe(text.indexOf(forbidden));
      }
      expect(deserializeUtf8(encoder.encode(body.replace('@', '\t\r\n')))).toBeDefined();
    }
  });
});
