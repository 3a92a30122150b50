import { describe, expect, it } from 'vitest';
import { decodeAsciiNatively } from '@psrp/fragment';
import { decodeUtf8, takeOneByteMark } from './decode-utf8.js';

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

describe('takeOneByteMark', () => {
  const longAscii = `<S>${'abc'.repeat(600)}</S>`;

  it('marks a long text decoded from as many bytes (after any BOM), once', () => {
    for (const bom of [false, true]) {
      const text = decodeUtf8(bytesOf(longAscii, bom));
      expect(takeOneByteMark(text)).toBe(true);
      expect(takeOneByteMark(text)).toBe(false);
    }
  });

  it('marks neither a short text, nor one with characters beyond ASCII, nor a text decodeUtf8 did not make last', () => {
    expect(takeOneByteMark(decodeUtf8(bytesOf('<S>abc</S>', false)))).toBe(false);
    expect(takeOneByteMark(decodeUtf8(bytesOf(`${longAscii}é`, false)))).toBe(false);
    const first = decodeUtf8(bytesOf(longAscii, false));
    decodeUtf8(bytesOf(`<S>${'xyz'.repeat(600)}</S>`, false));
    expect(takeOneByteMark(first)).toBe(false);
  });

  it('forgets the text at the end of the job that decoded it', async () => {
    const text = decodeUtf8(bytesOf(longAscii, false));
    await Promise.resolve();
    expect(takeOneByteMark(text)).toBe(false);
  });
});
