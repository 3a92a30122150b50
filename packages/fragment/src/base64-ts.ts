/**
 * @module The TS path of base64 (RFC 4648 section 4 alphabet, '=' padding required). Strict:
 * anything else, including whitespace, is invalid. Bits below the last byte are ignored, as
 * PowerShell and most decoders do.
 */
import { InvalidBase64Error } from './errors.js';
import type { Base64IntoDecoder } from './runtime-native.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d; // '='
const QUAD_CHARS = 4;
const TRIPLE_BYTES = 3;
/** Marks a character outside the alphabet; any value with bit 7 set would do. */
const INVALID = 0xff;
const SEXTET_MASK = 0x3f;
/** charCodeAt returns UTF-16 units, so the table covers all of them: no range branch in the loop. */
const UTF16_UNITS = 0x10000;

const DECODE_TABLE = new Uint8Array(UTF16_UNITS).fill(INVALID);
for (let index = 0; index < ALPHABET.length; index++) DECODE_TABLE[ALPHABET.charCodeAt(index)] = index;

const ENCODE_TABLE = Uint8Array.from(ALPHABET, (char) => char.charCodeAt(0));
const asciiDecoder = new TextDecoder();

/** Length of the decoded bytes, or -1 when the length or padding is malformed. */
export function decodedLength(text: string): number {
  const length = text.length;
  if (length % QUAD_CHARS !== 0) return -1;
  if (length === 0) return 0;
  let padding = 0;
  if (text.charCodeAt(length - 1) === PAD) padding = text.charCodeAt(length - 2) === PAD ? 2 : 1;
  return (length / QUAD_CHARS) * TRIPLE_BYTES - padding;
}

export function decodeBase64Ts(text: string): Uint8Array {
  const outLength = decodedLength(text);
  if (outLength < 0) throw new InvalidBase64Error(text.length);
  const bytes = new Uint8Array(outLength);
  if (!decodeBase64IntoTs(text, bytes, 0, outLength)) throw new InvalidBase64Error(text.length);
  return bytes;
}

/**
 * Decodes `text` (a multiple of 4 characters), or its characters from `from` (a multiple of 4) on,
 * into `target` at `offset`, which has room for `expectedBytes`: decodedLength(text) for text that
 * may end in padding, 3 bytes per 4 characters for a piece that must not. False when a character
 * is outside the alphabet.
 */
export function decodeBase64IntoTs(text: string, target: Uint8Array, offset: number, expectedBytes: number, from = 0): boolean {
  const end = offset + expectedBytes;
  const fullQuadsEnd = offset + Math.floor(expectedBytes / TRIPLE_BYTES) * TRIPLE_BYTES;
  const table = DECODE_TABLE;
  // OR of every sextet seen: one test at the end instead of one per character.
  let seen = 0;
  let read = from;
  let write = offset;
  for (; write < fullQuadsEnd; read += QUAD_CHARS, write += TRIPLE_BYTES) {
    const first = table[text.charCodeAt(read)]!;
    const second = table[text.charCodeAt(read + 1)]!;
    const third = table[text.charCodeAt(read + 2)]!;
    const fourth = table[text.charCodeAt(read + 3)]!;
    seen |= first | second | third | fourth;
    target[write] = (first << 2) | (second >> 4);
    target[write + 1] = (second << 4) | (third >> 2);
    target[write + 2] = (third << 6) | fourth;
  }
  const tailBytes = end - write;
  if (tailBytes > 0) {
    const first = table[text.charCodeAt(read)]!;
    const second = table[text.charCodeAt(read + 1)]!;
    seen |= first | second;
    target[write] = (first << 2) | (second >> 4);
    if (tailBytes === 2) {
      const third = table[text.charCodeAt(read + 2)]!;
      seen |= third;
      target[write + 1] = (second << 4) | (third >> 2);
    }
  }
  return seen <= SEXTET_MASK;
}

/** The TS path of decoding into memory: its table rejects every character outside the alphabet. */
export const base64IntoTs: Base64IntoDecoder = Object.freeze({ screen: () => true, decode: decodeBase64IntoTs });

/** Base64 of `bytes` as ASCII codes. */
export function encodeBase64AsciiTs(bytes: Uint8Array): Uint8Array {
  const length = bytes.length;
  const out = new Uint8Array(Math.ceil(length / TRIPLE_BYTES) * QUAD_CHARS);
  const table = ENCODE_TABLE;
  const fullTriples = Math.floor(length / TRIPLE_BYTES);
  let read = 0;
  let write = 0;
  for (let triple = 0; triple < fullTriples; triple++, read += TRIPLE_BYTES, write += QUAD_CHARS) {
    const word = (bytes[read]! << 16) | (bytes[read + 1]! << 8) | bytes[read + 2]!;
    out[write] = table[word >>> 18]!;
    out[write + 1] = table[(word >>> 12) & SEXTET_MASK]!;
    out[write + 2] = table[(word >>> 6) & SEXTET_MASK]!;
    out[write + 3] = table[word & SEXTET_MASK]!;
  }
  const tail = length - read;
  if (tail > 0) {
    const word = (bytes[read]! << 16) | (tail === 2 ? bytes[read + 1]! << 8 : 0);
    out[write] = table[word >>> 18]!;
    out[write + 1] = table[(word >>> 12) & SEXTET_MASK]!;
    out[write + 2] = tail === 2 ? table[(word >>> 6) & SEXTET_MASK]! : PAD;
    out[write + 3] = PAD;
  }
  return out;
}

export function encodeBase64Ts(bytes: Uint8Array): string {
  return asciiDecoder.decode(encodeBase64AsciiTs(bytes));
}
