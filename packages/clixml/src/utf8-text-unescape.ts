/**
 * The text of one long `<S>` from its UTF-8 bytes (deserializeUtf8: ASCII past 96 KiB, any text past 32 MiB): its
 * escapes undone in bytes, the text made at the end (decodeUtf8Value: one string, or a rope of a few below about 1 MB).
 */
import { allocateForOverwrite } from '@psrp/fragment';
import { decodeUtf8Value } from './decode-utf8.js';
import { UNDERSCORE, unescapeInPlace } from './long-string-unescape.js';
import { decodePsString } from './string-escaping.js';

/**
 * The text of UTF-8 `content` (an element's text without markup: no `<`, `&` or CR; not starting with U+FEFF, which
 * decoding drops as a BOM) with its escapes undone. `overwrite`: the bytes are the caller's scratch (memory lent for
 * the call, read by nobody after it), so the escapes are undone in them; else in a copy, in memory that needs no
 * zeroing. Past 32 MiB that copy is fresh memory, whose first touch costs more than unescaping it (3 ns a byte on
 * this project's VM). An escape is ASCII, and so is every byte of `_x`, hex digits and `_`, which never occur inside
 * a longer UTF-8 sequence. An escape this way leaves (beyond ASCII, or of 8 digits) ends it: the text before is done,
 * the rest, from that escape on and untouched, goes the string way.
 */
export function unescapeUtf8Text(content: Uint8Array, overwrite: boolean): string {
  const first = content.indexOf(UNDERSCORE);
  if (first < 0) return decodeUtf8Value(content);
  let bytes = content;
  if (!overwrite) {
    bytes = allocateForOverwrite(content.length);
    bytes.set(content);
  }
  // Either way exactly the text's length: reads past its end give undefined.
  const { written, stoppedAt } = unescapeInPlace(bytes, first);
  const done = decodeUtf8Value(bytes.subarray(0, written));
  return stoppedAt < 0 ? done : done + decodePsString(decodeUtf8Value(bytes.subarray(stoppedAt)));
}
