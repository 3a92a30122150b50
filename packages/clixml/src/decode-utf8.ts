/**
 * UTF-8 bytes as text, exactly as TextDecoder decodes them (a leading BOM dropped, bad bytes as U+FFFD): message
 * bodies, and long strings unescaped as bytes (long-string-unescape). Long ASCII text goes the runtime's cheaper way
 * where it has one (decodeAsciiNatively: an external string on Node, about 10 times faster from 1 MB to 32 MiB).
 */
import { decodeAsciiNatively } from '@psrp/fragment';
import { ONE_BYTE_SEARCH_MIN_CHARS } from './xml-chars.js';

const BOM = [0xef, 0xbb, 0xbf] as const;
const decoder = new TextDecoder('utf-8', { fatal: false });

/** `data` as text the runtime's cheaper way, where it has one for these bytes (after any BOM); else undefined. */
export function decodeUtf8Natively(data: Uint8Array): string | undefined {
  const start = bomLength(data);
  return decodeAsciiNatively(start === 0 ? data : data.subarray(start));
}

/**
 * The last long text decodeUtf8 made of as many characters as it had bytes (after any BOM), for the read that follows
 * it; forgotten when read, and at the end of the current job at the latest, so that no text is kept beyond its use.
 */
let lastOneByteText: string | undefined;
let forgetQueued = false;

function forgetOneByteText(): void {
  lastOneByteText = undefined;
  forgetQueued = false;
}

/** `data` as text, exactly as `new TextDecoder().decode(data)` gives it. */
export function decodeUtf8(data: Uint8Array): string {
  const text = decodeUtf8Natively(data) ?? decoder.decode(data);
  // As many characters as bytes: every byte was ASCII (or a bad byte, now U+FFFD); V8 keeps ASCII text one-byte.
  // Shorter text is checked the same way whatever it is (holdsInvalidXmlCharacter).
  if (text.length >= ONE_BYTE_SEARCH_MIN_CHARS && text.length === data.length - bomLength(data)) {
    lastOneByteText = text;
    if (!forgetQueued) {
      forgetQueued = true;
      queueMicrotask(forgetOneByteText);
    }
  }
  return text;
}

/**
 * True when `text` is the one decodeUtf8 made last in this job, of as many bytes as characters (so most likely a
 * one-byte string). Forgets it either way: it is asked once per read.
 */
export function takeOneByteMark(text: string): boolean {
  const marked = lastOneByteText !== undefined && text === lastOneByteText;
  lastOneByteText = undefined;
  return marked;
}

/** The length of the UTF-8 BOM at the start of `data` (3), or 0. */
export function bomLength(data: Uint8Array): number {
  return data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2] ? BOM.length : 0;
}
