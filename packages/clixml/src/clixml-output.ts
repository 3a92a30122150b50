/**
 * @module clixml-output
 * Where the writer's text goes: ASCII bytes in a scratch buffer, decoded into one string per buffer-full, the
 * strings joined at the end. Appending each tag and value as a string made a rope of small pieces that cost more to
 * build, flatten and collect than the text itself (measured: a quarter of serialize went to garbage collection);
 * bytes make no garbage per element.
 *
 * Text with any character beyond ASCII is appended as a string instead, after the bytes before it: decoding UTF-8 is
 * several times slower than decoding ASCII, and a string keeps every character as it is (a lone surrogate too).
 */
import { encodeAttributeText, encodeElementText, ESCAPED_IN_ATTRIBUTE, ESCAPED_IN_ELEMENT, escapesUnderscoreAt, ASCII_ESCAPES } from './string-escaping.js';

/** Bytes gathered before they are decoded into a string: under V8's large-object size, so each chunk is cheap. */
const BUFFER_BYTES = 64 * 1024;
/** Strings longer than this are appended as strings (a 10 MB string is not copied into bytes and back). */
const LONG_STRING = 4096;
/** Strings up to this long are copied by a loop; longer ones by TextEncoder, whose call costs as much as this many characters. */
const SHORT_STRING = 32;
/** Integers up to this size are written digit by digit in 32-bit arithmetic. */
const INT31_MAX = 0x7fffffff;
/** Digits of such an integer, with its sign. */
const MAX_INT31_BYTES = 11;
const FIRST_NON_ASCII = 0x80;
const UNDERSCORE = 0x5f;
const MINUS = 0x2d;
const DIGIT_ZERO = 0x30;
const DECIMAL = 10;

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** One buffer kept between writers: most serialize() calls are small, and a fresh 64 KiB buffer each would cost more than the writing. */
let spareBuffer: Uint8Array | undefined;

/** Which escaping a text gets: as element text, or as a double-quoted attribute value. */
export type TextEscaping = typeof ESCAPED_IN_ELEMENT | typeof ESCAPED_IN_ATTRIBUTE;

/** Markup made once (a tag with its name attribute): its bytes when it is ASCII, else the string itself. */
export type Markup = Uint8Array | string;

export function markup(text: string): Markup {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) >= FIRST_NON_ASCII) return text;
  }
  return encoder.encode(text);
}

export class ClixmlOutput {
  /** Borrowed at the first write, handed back by take(). */
  #bytes: Uint8Array | undefined = undefined;
  #length = 0;
  /** Everything before the pending bytes. */
  #text = '';

  /** The text written so far; the next write starts a new piece (a streaming writer's chunk). */
  take(): string {
    this.#decodePending();
    const text = this.#text;
    this.#text = '';
    if (this.#bytes !== undefined) {
      spareBuffer = this.#bytes;
      this.#bytes = undefined;
    }
    return text;
  }

  /** Room for `count` more bytes: the pending ones are decoded first when they would not fit. */
  #reserve(count: number): Uint8Array {
    let bytes = this.#bytes;
    if (bytes === undefined) {
      bytes = spareBuffer ?? new Uint8Array(BUFFER_BYTES);
      spareBuffer = undefined;
      this.#bytes = bytes;
    }
    if (this.#length + count > bytes.length) {
      this.#decodePending();
      if (count > bytes.length) {
        bytes = new Uint8Array(count);
        this.#bytes = bytes;
      }
    }
    return bytes;
  }

  #decodePending(): void {
    if (this.#length === 0) return;
    this.#text += decoder.decode((this.#bytes as Uint8Array).subarray(0, this.#length));
    this.#length = 0;
  }

  /** Text appended as the string it is, after the pending bytes. */
  string(text: string): void {
    this.#decodePending();
    this.#text += text;
  }

  /** Markup made by markup(). */
  markup(piece: Markup): void {
    if (typeof piece === 'string') return this.string(piece);
    const count = piece.length;
    const bytes = this.#reserve(count);
    let at = this.#length;
    if (count > SHORT_STRING) {
      // A type-name list: set() copies it faster than a loop, which is faster for a tag.
      bytes.set(piece, at);
      at += count;
    } else {
      for (let index = 0; index < count; index++) bytes[at++] = piece[index] as number;
    }
    this.#length = at;
  }

  /** Text written as it is (markup, numbers, text escaped already). */
  raw(text: string): void {
    const length = text.length;
    if (length > SHORT_STRING) return this.#encode(text);
    const bytes = this.#reserve(length);
    let at = this.#length;
    for (let index = 0; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code >= FIRST_NON_ASCII) return this.string(text);
      bytes[at++] = code;
    }
    this.#length = at;
  }

  /** Longer text: TextEncoder is faster than a loop here from a few dozen characters on. */
  #encode(text: string): void {
    const length = text.length;
    if (length > LONG_STRING) return this.string(text);
    // Room for UTF-8 of any text this long, so that TextEncoder reads all of it: more bytes than characters means some were not ASCII.
    const bytes = this.#reserve(length * 3);
    const { written } = encoder.encodeInto(text, bytes.subarray(this.#length));
    if (written === length) this.#length += length;
    else this.string(text);
  }

  /**
   * `text` escaped as encodeElementText or encodeAttributeText escapes it. A short string is copied in one scan
   * (at the first character that needs escaping or is not ASCII, the bytes so far are dropped and the text written
   * the other way); a longer one is tested by the encoder's expression and written by TextEncoder.
   */
  text(text: string, escaping: TextEscaping): void {
    const length = text.length;
    if (length > SHORT_STRING) return this.#escaped(text, escaping);
    const bytes = this.#reserve(length);
    let at = this.#length;
    for (let index = 0; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code >= FIRST_NON_ASCII || ((ASCII_ESCAPES[code] as number) & escaping) !== 0 || (code === UNDERSCORE && escapesUnderscoreAt(text, index))) {
        return this.#escaped(text, escaping);
      }
      bytes[at++] = code;
    }
    this.#length = at;
  }

  #escaped(text: string, escaping: TextEscaping): void {
    this.#encode(escaping === ESCAPED_IN_ELEMENT ? encodeElementText(text) : encodeAttributeText(text));
  }

  /** A safe integer in decimal, as String() writes it; one that fits in 31 bits without making a string. */
  integer(value: number): void {
    if (value > INT31_MAX || value < -INT31_MAX) return this.raw(String(value));
    const bytes = this.#reserve(MAX_INT31_BYTES);
    let at = this.#length;
    let rest = value;
    if (rest < 0) {
      bytes[at++] = MINUS;
      rest = -rest;
    }
    let digits = 1;
    for (let power = DECIMAL; power <= rest; power *= DECIMAL) digits++;
    at += digits;
    for (let index = at - 1; index >= at - digits; index--) {
      const quotient = (rest / DECIMAL) | 0;
      bytes[index] = DIGIT_ZERO + rest - quotient * DECIMAL;
      rest = quotient;
    }
    this.#length = at;
  }
}
