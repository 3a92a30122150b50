/**
 * A module of its own (forbidden-xml-bytes.wasm, a few hundred bytes, compiled synchronously where it is used):
 * finds, in UTF-8 bytes, the first byte that starts a character XML 1.0 forbids in the text a WHATWG TextDecoder makes
 * of them. Such a decoder turns every invalid sequence (lone surrogates, overlong forms) into U+FFFD, which XML allows,
 * so the forbidden characters of that text come only from:
 *  - a byte below 0x20 other than tab, LF and CR (a C0 control is always its own byte, never part of a sequence);
 *  - EF BF BE and EF BF BF (U+FFFE, U+FFFF: 0xEF never continues a sequence, so these always decode so).
 * The glue copies the input into the chunk at chunkStart() piece by piece, with two bytes beyond each piece when the
 * input has them, so that a sequence across two pieces is seen whole.
 */

const CHUNK: usize = (__heap_base + 15) & ~15;
const BLOCK: usize = 64;

/** Where the glue writes the bytes to look at. */
export function chunkStart(): usize {
  return CHUNK;
}

/**
 * Nonzero lanes: a byte below 0x20 (any C0 control, tab, LF and CR included) or 0xEF. One saturating subtraction and
 * one compare: text without line breaks or tabs, as PowerShell writes CLIXML, needs nothing more.
 */
@inline function roughSuspects(bytes: v128): v128 {
  return v128.or(i8x16.sub_sat_u(i8x16.splat(0x20), bytes), i8x16.eq(bytes, i8x16.splat(<i8>0xef)));
}

/** Lanes holding a forbidden C0 control, or 0xEF (which starts U+FFFE or U+FFFF, or an allowed character). */
@inline function suspects(bytes: v128): v128 {
  // A table lookup marks tab, LF and CR: swizzle gives 0 for every byte from 16 on. Fewer steps than comparing with
  // each (measured: 11 GB/s against 9 on this machine kind, the copy into the chunk included).
  const allowed = i8x16.swizzle(i8x16(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 0, 0, -1, 0, 0), bytes);
  const control = i8x16.lt_u(bytes, i8x16.splat(0x20));
  return v128.or(v128.andnot(control, allowed), i8x16.eq(bytes, i8x16.splat(<i8>0xef)));
}

/** Whether a forbidden character starts at `at`; `limit` ends the bytes that may be read. */
@inline function forbiddenAt(at: usize, limit: usize): bool {
  const byte = load<u8>(at);
  if (byte < 0x20) return byte != 0x09 && byte != 0x0a && byte != 0x0d;
  // BE | 1 and BF | 1 are both BF.
  return byte == 0xef && at + 2 < limit && load<u8>(at + 1) == 0xbf && (load<u8>(at + 2) | 1) == 0xbf;
}

/**
 * The offset in the chunk of the first forbidden character starting before `length`, or -1. `available` (at least
 * `length`) bytes were written: those past `length` only finish a sequence that starts before it.
 */
export function findForbidden(length: usize, available: usize): isize {
  const end = CHUNK + length;
  const limit = CHUNK + available;
  const blocksEnd = end - (length & (BLOCK - 1));
  let at = CHUNK;
  // Four vectors a block. The quick test passes most blocks of text without line breaks (10 MB of letters: 15-18 GB/s
  // against 10-11 with the close test alone, the copy into the chunk included); the close one, blocks with line breaks
  // (an indented document: 8.6 GB/s either way); the byte loop runs only on a block that holds a suspect.
  for (; at < blocksEnd; at += BLOCK) {
    const first = v128.load(at);
    const second = v128.load(at, 16);
    const third = v128.load(at, 32);
    const fourth = v128.load(at, 48);
    const rough = v128.or(v128.or(roughSuspects(first), roughSuspects(second)), v128.or(roughSuspects(third), roughSuspects(fourth)));
    if (!v128.any_true(rough)) continue;
    const found = v128.or(v128.or(suspects(first), suspects(second)), v128.or(suspects(third), suspects(fourth)));
    if (!v128.any_true(found)) continue;
    for (let byte = at; byte < at + BLOCK; byte++) if (forbiddenAt(byte, limit)) return <isize>(byte - CHUNK);
  }
  for (; at < end; at++) if (forbiddenAt(at, limit)) return <isize>(at - CHUNK);
  return -1;
}
