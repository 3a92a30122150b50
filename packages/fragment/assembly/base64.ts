/**
 * base64 over wasm memory, with the strict semantics of src/base64-ts.ts: RFC 4648 alphabet,
 * '=' padding to a multiple of 4, anything else invalid, bits below the last byte ignored.
 * The input is ASCII bytes (the glue writes the string with TextEncoder.encodeInto).
 */

const PAD: u32 = 0x3d; // '='
/** Set in every table entry for a byte outside the alphabet; no valid entry reaches bit 24. */
const INVALID: u32 = 0x0100_0000;
const TABLE_ENTRIES: i32 = 256;
const PAIR_ENTRIES: i32 = 4096;

// Decoding: one table per position in the quad, each holding the sextet already shifted to
// where its bits land in the three output bytes of a little-endian u32. A quad is then four
// loads and three ORs, and one test of the OR of all quads finds any invalid byte.
const DECODE_0 = memory.data(TABLE_ENTRIES * 4, 16);
const DECODE_1 = memory.data(TABLE_ENTRIES * 4, 16);
const DECODE_2 = memory.data(TABLE_ENTRIES * 4, 16);
const DECODE_3 = memory.data(TABLE_ENTRIES * 4, 16);
// Encoding: the two characters of every 12-bit value, first character in the low byte.
const ENCODE_PAIRS = memory.data(PAIR_ENTRIES * 2, 16);

function alphabet(sextet: u32): u32 {
  if (sextet < 26) return 0x41 + sextet; // A-Z
  if (sextet < 52) return 0x61 + sextet - 26; // a-z
  if (sextet < 62) return 0x30 + sextet - 52; // 0-9
  return sextet == 62 ? 0x2b : 0x2f; // + /
}

function initTables(): void {
  for (let byte = 0; byte < TABLE_ENTRIES; byte++) {
    const offset = <usize>byte << 2;
    store<u32>(DECODE_0 + offset, INVALID);
    store<u32>(DECODE_1 + offset, INVALID);
    store<u32>(DECODE_2 + offset, INVALID);
    store<u32>(DECODE_3 + offset, INVALID);
  }
  for (let sextet: u32 = 0; sextet < 64; sextet++) {
    const offset = <usize>alphabet(sextet) << 2;
    store<u32>(DECODE_0 + offset, sextet << 2);
    store<u32>(DECODE_1 + offset, (sextet >> 4) | ((sextet & 0xf) << 12));
    store<u32>(DECODE_2 + offset, ((sextet >> 2) << 8) | ((sextet & 0x3) << 22));
    store<u32>(DECODE_3 + offset, sextet << 16);
  }
  for (let pair: u32 = 0; pair < <u32>PAIR_ENTRIES; pair++) {
    store<u16>(ENCODE_PAIRS + (<usize>pair << 1), <u16>(alphabet(pair >> 6) | (alphabet(pair & 0x3f) << 8)));
  }
}
initTables();

@inline function decodeQuad(quad: u32): u32 {
  return (
    load<u32>(DECODE_0 + ((<usize>quad & 0xff) << 2)) |
    load<u32>(DECODE_1 + (((<usize>quad >> 8) & 0xff) << 2)) |
    load<u32>(DECODE_2 + (((<usize>quad >> 16) & 0xff) << 2)) |
    load<u32>(DECODE_3 + ((<usize>quad >> 24) << 2))
  );
}

/** Bytes `length` base64 characters decode to, or -1 for a bad length or padding. */
export function base64DecodedLength(source: usize, length: usize): isize {
  if ((length & 3) != 0) return -1;
  if (length == 0) return 0;
  let padding: usize = 0;
  if (<u32>load<u8>(source + length - 1) == PAD) padding = <u32>load<u8>(source + length - 2) == PAD ? 2 : 1;
  return <isize>((length >> 2) * 3 - padding);
}

/**
 * Decodes `length` ASCII characters at `source` into `target` (which may equal `source`).
 * Returns the byte count, or -1 when the text is not valid base64.
 */
export function decodeBase64(source: usize, length: usize, target: usize): isize {
  const outLength = base64DecodedLength(source, length);
  if (outLength <= 0) return outLength;
  const fullQuads = <usize>outLength / 3;
  let seen: u32 = 0;
  let read = source;
  let write = target;
  // All but the last full quad store four bytes; the fourth is overwritten by the next quad and
  // never passes the next unread character, so decoding in place is safe.
  const wideEnd = source + ((fullQuads > 0 ? fullQuads - 1 : 0) << 2);
  while (read < wideEnd) {
    const bytes = decodeQuad(load<u32>(read));
    seen |= bytes;
    store<u32>(write, bytes);
    read += 4;
    write += 3;
  }
  if (fullQuads > 0) {
    const bytes = decodeQuad(load<u32>(read));
    seen |= bytes;
    store<u16>(write, <u16>bytes);
    store<u8>(write + 2, <u8>(bytes >> 16));
    read += 4;
    write += 3;
  }
  const tail = <usize>outLength - fullQuads * 3;
  if (tail > 0) {
    // The '=' characters must not reach the tables: decode with 'A' (sextet 0) in their place.
    const third: u32 = tail == 2 ? <u32>load<u8>(read + 2) : 0x41;
    const bytes = decodeQuad(<u32>load<u8>(read) | (<u32>load<u8>(read + 1) << 8) | (third << 16) | (0x41 << 24));
    seen |= bytes;
    store<u8>(write, <u8>bytes);
    if (tail == 2) store<u8>(write + 1, <u8>(bytes >> 8));
  }
  return (seen & INVALID) != 0 ? -1 : outLength;
}

@inline function pair(value: u32): u16 {
  return load<u16>(ENCODE_PAIRS + (<usize>value << 1));
}

/** Encodes `length` bytes at `source` as ASCII base64 at `target`; returns the character count. */
export function encodeBase64(source: usize, length: usize, target: usize): usize {
  const fullTriples = length / 3;
  const end = source + fullTriples * 3;
  let read = source;
  let write = target;
  while (read < end) {
    const word = (<u32>load<u8>(read) << 16) | (<u32>load<u8>(read + 1) << 8) | <u32>load<u8>(read + 2);
    store<u32>(write, <u32>pair(word >> 12) | (<u32>pair(word & 0xfff) << 16));
    read += 3;
    write += 4;
  }
  const tail = length - fullTriples * 3;
  if (tail > 0) {
    const second: u32 = tail == 2 ? <u32>load<u8>(read + 1) : 0;
    const word = (<u32>load<u8>(read) << 16) | (second << 8);
    store<u16>(write, pair(word >> 12));
    store<u8>(write + 2, tail == 2 ? <u8>pair(word & 0xfff) : <u8>PAD);
    store<u8>(write + 3, <u8>PAD);
    write += 4;
  }
  return write - target;
}
