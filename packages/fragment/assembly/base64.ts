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

const SIMD_CHARS: usize = 16;
const SIMD_BYTES: usize = 12;

// Validity by nibbles: a character is in the alphabet when the class bits of its high nibble
// meet those of its low nibble. Classes: 1 = 0x2B/0x2F ('+' '/'), 2 = 0x30-0x39 (digits),
// 4 = 0x41-0x4F and 0x61-0x6F, 8 = 0x50-0x5A and 0x70-0x7A. Bytes >= 0x80 have no class.
const CLASSES_BY_HIGH = i8x16(0, 0, 1, 2, 4, 8, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0);
const CLASSES_BY_LOW = i8x16(0x0a, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0c, 0x05, 0x04, 0x04, 0x04, 0x05);
// What to add to a character to get its sextet, by high nibble; '/' looks up one slot lower.
const OFFSET_BY_HIGH = i8x16(0, 16, 19, 4, -65, -65, -71, -71, 0, 0, 0, 0, 0, 0, 0, 0);

/**
 * 16 characters to 12 bytes: classify and offset each character through nibble lookups, pack
 * adjacent sextets with shifts, and one shuffle puts the three bytes of each quad in order.
 * Returns a mask of the lanes that were not in the alphabet.
 */
@inline function decodeBlock(read: usize, write: usize): v128 {
  const chars = v128.load(read);
  const high = i8x16.shr_u(chars, 4);
  const low = v128.and(chars, i8x16.splat(0x0f));
  const classes = v128.and(i8x16.swizzle(CLASSES_BY_HIGH, high), i8x16.swizzle(CLASSES_BY_LOW, low));
  const invalid = i8x16.eq(classes, i8x16.splat(0));
  const slash = i8x16.eq(chars, i8x16.splat(0x2f));
  const sextets = i8x16.add(chars, i8x16.swizzle(OFFSET_BY_HIGH, i8x16.add(high, slash)));
  // Lanes hold [a, b, c, d]: a<<6|b in each u16, then (a<<6|b)<<12|(c<<6|d) in each u32.
  const pairs = v128.or(i16x8.shl(v128.and(sextets, i16x8.splat(0x00ff)), 6), i16x8.shr_u(sextets, 8));
  const words = v128.or(i32x4.shl(v128.and(pairs, i32x4.splat(0xffff)), 12), i32x4.shr_u(pairs, 16));
  // The 24 bits of each u32 lane, most significant byte first; the last 4 bytes are spare.
  v128.store(write, i8x16.shuffle(words, words, 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 3, 7, 11, 15));
  return invalid;
}

/**
 * Decodes `length` ASCII characters at `source` into `target`, which must equal `source` or have
 * 4 spare bytes past the output (SIMD blocks store 16 bytes for 12). Returns the byte count, or
 * -1 when the text is not valid base64.
 */
export function decodeBase64(source: usize, length: usize, target: usize): isize {
  const outLength = base64DecodedLength(source, length);
  if (outLength <= 0) return outLength;
  const fullQuads = <usize>outLength / 3;
  let seen: u32 = 0;
  let read = source;
  let write = target;
  // SIMD over whole blocks, never reaching the last quad (it may hold padding). In place, each
  // block's 16-byte store ends before the next unread character.
  const simdEnd = source + (fullQuads > 0 ? ((fullQuads - 1) << 2) / SIMD_CHARS * SIMD_CHARS : 0);
  let invalid = i8x16.splat(0);
  while (read < simdEnd) {
    invalid = v128.or(invalid, decodeBlock(read, write));
    read += SIMD_CHARS;
    write += SIMD_BYTES;
  }
  if (v128.any_true(invalid)) return -1;
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
