/**
 * @module base64
 * Base64 for `<BA>` byte arrays, written here because runtime-neutral code cannot use Node's Buffer and
 * atob/btoa go through binary strings. Decoding skips XML whitespace (pretty-printed documents wrap it)
 * and rejects anything else that is not base64.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PAD = 0x3d;
const INVALID = 255;
const WHITESPACE = 254;
const BITS_PER_CHAR = 6;
const BITS_PER_BYTE = 8;
const BYTE_MASK = 0xff;
const CHARS_PER_GROUP = 4;
const BYTES_PER_GROUP = 3;

const DECODE_TABLE = new Uint8Array(128).fill(INVALID);
for (let index = 0; index < ALPHABET.length; index++) DECODE_TABLE[ALPHABET.charCodeAt(index)] = index;
for (const space of [0x20, 0x09, 0x0a, 0x0d]) DECODE_TABLE[space] = WHITESPACE;

/** Decodes base64; returns undefined if the text is not valid base64 (wrong character, padding or length). */
export function decodeBase64Text(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(Math.floor((text.length * BYTES_PER_GROUP) / CHARS_PER_GROUP));
  let written = 0;
  let accumulator = 0;
  let bitCount = 0;
  let significant = 0;
  let padding = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const value = code < DECODE_TABLE.length ? (DECODE_TABLE[code] ?? INVALID) : INVALID;
    if (value === WHITESPACE) continue;
    if (code === PAD) {
      padding++;
      continue;
    }
    if (value === INVALID || padding > 0) return undefined;
    significant++;
    accumulator = (accumulator << BITS_PER_CHAR) | value;
    bitCount += BITS_PER_CHAR;
    if (bitCount >= BITS_PER_BYTE) {
      bitCount -= BITS_PER_BYTE;
      bytes[written++] = (accumulator >> bitCount) & BYTE_MASK;
    }
  }
  const remainder = significant % CHARS_PER_GROUP;
  if (remainder === 1) return undefined;
  if (padding > 0 && (remainder + padding) % CHARS_PER_GROUP !== 0) return undefined;
  if (padding > 2) return undefined;
  return bytes.subarray(0, written);
}

const SEXTET_MASK = 0b111111;

/** The base64 character for the `position`-th 6-bit group (counted from the right) of `group`. */
function sextet(group: number, position: number): string {
  return ALPHABET[(group >> (position * BITS_PER_CHAR)) & SEXTET_MASK] ?? '';
}

export function encodeBase64(bytes: Uint8Array): string {
  let out = '';
  let index = 0;
  for (; index + BYTES_PER_GROUP <= bytes.length; index += BYTES_PER_GROUP) {
    const group =
      ((bytes[index] ?? 0) << (2 * BITS_PER_BYTE)) | ((bytes[index + 1] ?? 0) << BITS_PER_BYTE) | (bytes[index + 2] ?? 0);
    out += sextet(group, 3) + sextet(group, 2) + sextet(group, 1) + sextet(group, 0);
  }
  const left = bytes.length - index;
  if (left > 0) {
    const second = left === 2 ? (bytes[index + 1] ?? 0) << BITS_PER_BYTE : 0;
    const group = ((bytes[index] ?? 0) << (2 * BITS_PER_BYTE)) | second;
    out += sextet(group, 3) + sextet(group, 2) + (left === 2 ? `${sextet(group, 1)}=` : '==');
  }
  return out;
}
