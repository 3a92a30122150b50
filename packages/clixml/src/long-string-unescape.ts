/**
 * decodePsString for long ASCII text whose escapes all stand for ASCII (the CR/LF/tab escapes of a large file read
 * with Get-Content -Raw): the text is copied into bytes, unescaped there in place, and made into one string.
 *
 * Why: the string way joins a slice per escape; for a long text with an escape every line that is a rope of millions
 * of small strings, whose building and collection cost several times the text itself (measured: 83 MB/s at 16 MiB
 * with an escape every 80 characters, most of it in garbage collection). In bytes, the runs between escapes move
 * 16 bytes at a time (unescapeInPlace: @psrp/fragment's wasm module, else a TypeScript loop) and one string is made at
 * the end, by decodeUtf8Value (on Node an external string): 16 MiB of such text through a client's receive path went
 * from 86 MB/s to 260-310 with the TypeScript loop, and to 750-1,000 with the module.
 */
import { type PsUnescaped, unescapePsAsciiInPlace } from '@psrp/fragment';
import { decodeUtf8Value } from './decode-utf8.js';

/**
 * Texts shorter than this stay with the string way. Its rope lives in young memory, where a shorter text's one
 * string would not (V8 puts strings over 128 KiB in memory mapped fresh for each): the byte way only won once its
 * result, about 7/8 of a text with an escaped CRLF per line, reaches the length Node makes an external string of.
 */
export const LONG_STRING_CHARACTERS = 1_200_000;
/** Bytes kept between calls for the copy (a larger text gets memory of its own for the call). */
const KEPT_SCRATCH_BYTES = 4 * 1024 * 1024;
export const UNDERSCORE = 0x5f;
const LOWER_X = 0x78;
const UPPER_X = 0x58;
const FIRST_NON_ASCII = 0x80;
/** `_x` + 4 hex digits + `_`. */
const ESCAPE_BYTES = 7;
/** `_x` + 8 hex digits + `_`. */
const LONG_ESCAPE_BYTES = 11;
/** Runs up to this many bytes are moved byte by byte (measured: a call to copyWithin costs about as much as 48). */
const SHORT_RUN_BYTES = 48;

const encoder = new TextEncoder();
let kept: Uint8Array | undefined;

/** The value of a hex digit's code (either case), or -1 (also for NaN or undefined: past the end). */
export function hexDigitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The value of the 4 hex digits at `at`, or -1. */
function fourHexDigits(bytes: Uint8Array, at: number): number {
  let value = 0;
  for (let index = at; index < at + 4; index++) {
    const digit = hexDigitValue(bytes[index] as number);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/**
 * The unescaped text, or null when this way does not apply: a character beyond ASCII, an escape of one, or an
 * 8-digit escape (the string way handles all of them).
 */
export function unescapeLongAscii(input: string): string | null {
  const length = input.length;
  let scratch = kept;
  if (scratch === undefined || scratch.length < length) {
    scratch = new Uint8Array(length);
    if (length <= KEPT_SCRATCH_BYTES) kept = scratch;
  }
  // A view of exactly the text: reads past its end give undefined, never an earlier call's bytes.
  const bytes = scratch.subarray(0, length);
  const encoded = encoder.encodeInto(input, bytes);
  if (encoded.read !== length || encoded.written !== length) return null;
  const first = bytes.indexOf(UNDERSCORE);
  if (first < 0) return input;
  const { written, stoppedAt } = unescapeInPlace(bytes, first);
  if (stoppedAt >= 0) return null;
  // Each escape shortens the text: the same length means there was none.
  return written === length ? input : decodeUtf8Value(bytes.subarray(0, written));
}

/**
 * Undoes the escapes of `bytes` in place, from the first `_` at `first`, up to the end or to the first escape of a
 * character beyond ASCII or of 8 digits, where it stops (bytes from there on are untouched). `bytes` must be exactly
 * the text. The wasm module's way where the runtime runs it (3-4 times faster on long text), else the TypeScript one.
 */
export function unescapeInPlace(bytes: Uint8Array, first: number): PsUnescaped {
  return unescapePsAsciiInPlace(bytes, first) ?? unescapeInPlaceByTypeScript(bytes, first);
}

/**
 * unescapeInPlace in TypeScript (exported for its tests), where the runtime cannot run the wasm module: reads past the
 * end of `bytes` give undefined, so an escape cut by its end is not one.
 */
export function unescapeInPlaceByTypeScript(bytes: Uint8Array, first: number): PsUnescaped {
  const length = bytes.length;
  let out = first;
  let from = first;
  for (;;) {
    const underscore = bytes.indexOf(UNDERSCORE, from);
    const runEnd = underscore < 0 ? length : underscore;
    // Nothing moves until an escape was undone. A short run is moved faster by a loop than by a call (a line's text
    // between its CR/LF escapes is not short).
    if (out !== from) {
      if (runEnd - from > SHORT_RUN_BYTES) bytes.copyWithin(out, from, runEnd);
      else for (let index = from; index < runEnd; index++) bytes[out + index - from] = bytes[index] as number;
    }
    out += runEnd - from;
    if (underscore < 0) return { written: out, stoppedAt: -1 };
    // Escapes in a row (`_x000D__x000A_`) are undone without searching again.
    let at = underscore;
    for (;;) {
      const marker = bytes[at + 1];
      if (marker !== LOWER_X && marker !== UPPER_X) break;
      const code = bytes[at + 6] === UNDERSCORE ? fourHexDigits(bytes, at + 2) : -1;
      if (code >= FIRST_NON_ASCII) return { written: out, stoppedAt: at };
      if (code < 0) {
        // `_x`, 8 hex digits and `_` may be an escape beyond ASCII: the string way's.
        if (bytes[at + LONG_ESCAPE_BYTES - 1] === UNDERSCORE && fourHexDigits(bytes, at + 2) >= 0 && fourHexDigits(bytes, at + 6) >= 0) {
          return { written: out, stoppedAt: at };
        }
        break;
      }
      bytes[out++] = code;
      at += ESCAPE_BYTES;
      if (bytes[at] !== UNDERSCORE) break;
    }
    if (at === underscore) {
      // A `_` that starts no escape is itself.
      bytes[out++] = UNDERSCORE;
      from = underscore + 1;
    } else {
      from = at;
    }
  }
}
