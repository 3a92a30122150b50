/**
 * UTF-8 bytes as text, exactly as TextDecoder decodes them (a leading BOM dropped, bad bytes as U+FFFD): message
 * bodies, and long strings unescaped as bytes (long-string-unescape). Long ASCII text goes the runtime's cheaper way
 * where it has one (decodeAsciiNatively: an external string on Node, about 10 times faster from 1 MB while malloc
 * reuses its memory: to 32 MiB by default).
 * What the bytes tell of the text's characters is kept for the read that follows (takeTextKnowledge).
 */
import { decodeAsciiNatively, findForbiddenXmlByte } from '@psrp/fragment';
import { ONE_BYTE_SEARCH_MIN_CHARS, TEXT_CHECKED, TEXT_ONE_BYTE, TEXT_UNCHECKED, type TextKnowledge } from './xml-chars.js';

const BOM = [0xef, 0xbb, 0xbf] as const;
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * From this many bytes on, the bytes are searched for characters XML forbids (wasm, 16 bytes at a time) as they are
 * decoded, and the reader skips its own search of the text: 2-8 times faster than the text's search from 512 bytes on,
 * as fast at 160 (measured).
 */
const BYTE_SEARCH_MIN_BYTES = 256;

/**
 * The last text decodeUtf8 (or decodeUtf8Natively) made and what its bytes told of it, for the read that follows;
 * forgotten when read, and at the end of the current job at the latest, so that no text is kept beyond its use.
 */
let lastText: string | undefined;
let lastKnowledge: TextKnowledge = TEXT_UNCHECKED;
let forgetQueued = false;

function forgetLastText(): void {
  lastText = undefined;
  forgetQueued = false;
}

/** What `data` tells of the characters of `text`, which was decoded from it. */
function knowledgeOf(data: Uint8Array, text: string): TextKnowledge {
  if (data.length >= BYTE_SEARCH_MIN_BYTES && findForbiddenXmlByte(data) === -1) return TEXT_CHECKED;
  // As many characters as bytes: every byte was ASCII (or a bad byte, now U+FFFD); V8 keeps ASCII text one-byte.
  // Shorter text is checked the same way whatever it is (holdsInvalidXmlCharacter).
  return text.length >= ONE_BYTE_SEARCH_MIN_CHARS && text.length === data.length - bomLength(data) ? TEXT_ONE_BYTE : TEXT_UNCHECKED;
}

function remember(data: Uint8Array, text: string): void {
  const knowledge = knowledgeOf(data, text);
  if (knowledge === TEXT_UNCHECKED) return;
  lastText = text;
  lastKnowledge = knowledge;
  if (!forgetQueued) {
    forgetQueued = true;
    queueMicrotask(forgetLastText);
  }
}

function decodeAsciiAfterBom(data: Uint8Array): string | undefined {
  const start = bomLength(data);
  return decodeAsciiNatively(start === 0 ? data : data.subarray(start));
}

/** `data` as text the runtime's cheaper way, where it has one for these bytes (after any BOM); else undefined. */
export function decodeUtf8Natively(data: Uint8Array): string | undefined {
  const text = decodeAsciiAfterBom(data);
  if (text !== undefined) remember(data, text);
  return text;
}

/** `data` as text, exactly as `new TextDecoder().decode(data)` gives it. */
export function decodeUtf8(data: Uint8Array): string {
  const text = decodeAsciiAfterBom(data) ?? decoder.decode(data);
  remember(data, text);
  return text;
}

/** A long value's bytes decoded at a time: each piece's string stays under V8's large-object size (128 KiB). */
const VALUE_PIECE_BYTES = 64 * 1024;
/** Longer values left to the runtime are decoded whole (a rope of thousands of pieces costs its collector more). */
const VALUE_PIECES_MAX_BYTES = 2 * 1024 * 1024;
const pieceDecoder = new TextDecoder('utf-8', { fatal: false });

/**
 * decodeUtf8 of a value's own bytes (a string being unescaped), not of markup to read: nothing is searched or kept.
 * Text the runtime does not make an external string of, from 64 KiB to 2 MiB, is decoded in pieces joined into a rope
 * of flat strings in young memory: one string over 128 KiB is memory V8 maps fresh for it, whose first touch costs
 * more than decoding on a VM (256 KiB and 1 MiB strings through the client's receive path, read from their bytes:
 * 690-850 MB/s in pieces, 280-290 as one string).
 */
export function decodeUtf8Value(data: Uint8Array): string {
  const native = decodeAsciiAfterBom(data);
  if (native !== undefined) return native;
  if (data.length <= VALUE_PIECE_BYTES || data.length > VALUE_PIECES_MAX_BYTES) return decoder.decode(data);
  let text = '';
  for (let start = 0; start < data.length; start += VALUE_PIECE_BYTES) {
    text += pieceDecoder.decode(data.subarray(start, start + VALUE_PIECE_BYTES), { stream: true });
  }
  return text + pieceDecoder.decode();
}

/**
 * What is known of `text`'s characters: what its bytes told when it is the text decodeUtf8 made last in this job,
 * else TEXT_UNCHECKED. Forgets the text either way: it is asked once per read.
 */
export function takeTextKnowledge(text: string): TextKnowledge {
  const known = lastText !== undefined && text === lastText ? lastKnowledge : TEXT_UNCHECKED;
  lastText = undefined;
  return known;
}

/** The length of the UTF-8 BOM at the start of `data` (3), or 0. */
export function bomLength(data: Uint8Array): number {
  return data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2] ? BOM.length : 0;
}
