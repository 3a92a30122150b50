/**
 * A module of its own (ps-unescape.wasm): undoes PowerShell's `_xHHHH_` escapes of ASCII characters in UTF-8 bytes
 * (the CR/LF/tab escapes of a long string), the work of clixml's unescapeInPlace, 16 bytes at a time between
 * escapes. The glue copies the text in piece by piece (at inputStart()); each call writes the unescaped piece at
 * outputStart() and says how much of the piece it took: an escape cut by the piece's end is left for the next
 * piece. It stops at an escape it does not undo: one of a character beyond ASCII, or `_x` with 8 hex digits and `_`
 * (the string way's), which stays in the input.
 */

const PIECE: usize = 32 * 1024;
/** Room past a piece's output for the last 16-byte store. */
const SLACK: usize = 16;
const INPUT: usize = (__heap_base + 15) & ~15;
const OUTPUT: usize = INPUT + PIECE + SLACK;
const UNDERSCORE: u8 = 0x5f;
/** `_x` + 4 hex digits + `_`. */
const ESCAPE_BYTES: usize = 7;
/** `_x` + 8 hex digits + `_`. */
const LONG_ESCAPE_BYTES: usize = 11;

let produced: usize = 0;
let stopped: bool = false;

export function inputStart(): usize {
  return INPUT;
}

export function outputStart(): usize {
  return OUTPUT;
}

export function pieceBytes(): usize {
  return PIECE;
}

/** Bytes the last call wrote at outputStart(). */
export function producedBytes(): usize {
  return produced;
}

/** Whether the last call stopped at an escape it does not undo (the bytes it took end just before it). */
export function stoppedAtEscape(): bool {
  return stopped;
}

/** The value of the hex digit `byte` (either case), or -1. */
@inline function hexDigit(byte: u32): i32 {
  if (byte - 0x30 < 10) return <i32>(byte - 0x30);
  const lower = (byte | 0x20) - 0x61;
  return lower < 6 ? <i32>lower + 10 : -1;
}

/** The value of the 4 hex digits at `at`, or -1. */
@inline function fourHexDigits(at: usize): i32 {
  const a = hexDigit(load<u8>(at));
  const b = hexDigit(load<u8>(at + 1));
  const c = hexDigit(load<u8>(at + 2));
  const d = hexDigit(load<u8>(at + 3));
  return (a | b | c | d) < 0 ? -1 : (a << 12) | (b << 8) | (c << 4) | d;
}

/**
 * Unescapes the `length` bytes at inputStart() into outputStart(); `last`: whether they end the text. Returns the
 * bytes taken: all of them, or fewer when an escape is cut by the piece's end (not `last`) or one not undone starts.
 */
export function unescapePiece(length: usize, last: bool): usize {
  const end = INPUT + length;
  let at = INPUT;
  let out = OUTPUT;
  stopped = false;
  for (;;) {
    // Copy up to the next `_`, 16 bytes at a time (a store may run past what counts: the next writes overwrite it).
    let found = false;
    while (at + 16 <= end) {
      const bytes = v128.load(at);
      v128.store(out, bytes);
      const mask = i8x16.bitmask(i8x16.eq(bytes, i8x16.splat(UNDERSCORE)));
      if (mask == 0) {
        at += 16;
        out += 16;
        continue;
      }
      const skip = <usize>ctz(mask);
      at += skip;
      out += skip;
      found = true;
      break;
    }
    if (!found) {
      while (at < end && load<u8>(at) != UNDERSCORE) store<u8>(out++, load<u8>(at++));
      if (at == end) break;
    }
    // At a `_`: an escape cut by the piece's end waits for the next piece.
    if (!last && at + LONG_ESCAPE_BYTES > end) break;
    const marker = load<u8>(at + 1) | 0x20;
    if (at + 1 < end && marker == 0x78) {
      const code = at + ESCAPE_BYTES <= end && load<u8>(at + 6) == UNDERSCORE ? fourHexDigits(at + 2) : -1;
      if (code >= 0x80) {
        stopped = true;
        break;
      }
      if (code >= 0) {
        store<u8>(out++, <u8>code);
        at += ESCAPE_BYTES;
        continue;
      }
      if (at + LONG_ESCAPE_BYTES <= end && load<u8>(at + 10) == UNDERSCORE && fourHexDigits(at + 2) >= 0 && fourHexDigits(at + 6) >= 0) {
        stopped = true;
        break;
      }
    }
    store<u8>(out++, UNDERSCORE);
    at++;
  }
  produced = out - OUTPUT;
  return at - INPUT;
}
