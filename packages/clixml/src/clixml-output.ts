/**
 * @module clixml-output
 * Where the writer's text goes: ASCII bytes in a scratch buffer, decoded into one string per buffer-full, the
 * strings joined at the end. Appending each tag and value as a string made a rope of small pieces that cost more to
 * build, flatten and collect than the text itself (measured: a quarter of serialize went to garbage collection);
 * bytes make no garbage per element.
 *
 * Text with any character beyond ASCII is appended as a string instead, after the bytes before it: decoding UTF-8 is
 * several times slower than decoding ASCII, and a string keeps every character as it is (a lone surrogate too).
 *
 * In UTF-8 mode (serializeToUtf8) nothing is decoded: every string is encoded into the bytes, as TextEncoder encodes
 * it (a lone surrogate becomes U+FFFD), so the bytes are those of the text mode's string encoded. A full buffer is
 * kept and the writing goes on in a new one, twice as large up to 1 MiB; at the end they are copied into one result
 * of the exact size. (A buffer grown by doubling and copied cost more: past 32 MiB every such allocation is fresh
 * memory from the system, whose page faults cost more than the copying.)
 */
import { allocateForOverwrite } from '@psrp/fragment';
import { encodeAttributeText, encodeElementText, ESCAPED_IN_ATTRIBUTE, ESCAPED_IN_ELEMENT, escapesUnderscoreAt, ASCII_ESCAPES } from './string-escaping.js';
import { MAX_FLOAT_BYTES, writeDouble } from './number-format.js';
import { type DateTimeKind, MAX_DATE_TIME_BYTES, writeDateTime } from './values/ps-date-time.js';

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
const MAX_UTF8_BYTES_PER_UNIT = 3;
const WORD_BYTES = 8;
/** UTF-8 mode: the largest buffer started when one is full (a larger one only for a longer text). */
const MAX_CHUNK_BYTES = 1024 * 1024;
/** UTF-8 mode: buffers kept between writers, at most this many bytes of them (fresh memory costs more than copying it). */
const MAX_SPARE_CHUNK_BYTES = 4 * 1024 * 1024;
const NO_BYTES = new Uint8Array(0);

/** The two ASCII digits of 0-99 as a little-endian 16-bit word (tens first). */
const DIGIT_PAIRS = new Uint16Array(DECIMAL * DECIMAL);
for (let pair = 0; pair < DIGIT_PAIRS.length; pair++) {
  DIGIT_PAIRS[pair] = (DIGIT_ZERO + ((pair / DECIMAL) | 0)) | ((DIGIT_ZERO + (pair % DECIMAL)) << 8);
}

/** Decimal digits of an integer from 0 to 2^31 - 1. */
function decimalDigits(value: number): number {
  if (value < 10) return 1;
  if (value < 100) return 2;
  if (value < 1000) return 3;
  if (value < 10_000) return 4;
  if (value < 100_000) return 5;
  if (value < 1_000_000) return 6;
  if (value < 10_000_000) return 7;
  if (value < 100_000_000) return 8;
  if (value < 1_000_000_000) return 9;
  return 10;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** One buffer kept between writers: most serialize() calls are small, and a fresh 64 KiB buffer each would cost more than the writing. */
let spareBuffer: Uint8Array | undefined;
/** UTF-8 mode: the buffers that followed a full one, kept for the next writer, largest last. */
const spareChunks: Uint8Array[] = [];
let spareChunkBytes = 0;

function takeSpareChunk(size: number): Uint8Array {
  for (let index = 0; index < spareChunks.length; index++) {
    const chunk = spareChunks[index] as Uint8Array;
    if (chunk.length >= size) {
      spareChunks.splice(index, 1);
      spareChunkBytes -= chunk.length;
      return chunk;
    }
  }
  return new Uint8Array(size);
}

/**
 * UTF-8 mode: a result up to MAX_SLAB_RESULT bytes is a view of a shared SLAB_BYTES ArrayBuffer, as Node's Buffer pool
 * hands out small Buffers: an ArrayBuffer of its own cost about 400 ns more (a quarter of serializing a 600-byte body).
 */
const SLAB_BYTES = 64 * 1024;
const MAX_SLAB_RESULT = 4 * 1024;
let slab: Uint8Array | undefined;
let slabUsed = 0;

function slabCopy(source: Uint8Array): Uint8Array {
  const length = source.length;
  // length 0: the slab's buffer was transferred (detached) by a caller.
  if (slab === undefined || slab.length === 0 || slabUsed + length > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES);
    slabUsed = 0;
  }
  const at = slabUsed;
  slab.set(source, at);
  slabUsed = at + length;
  return slab.subarray(at, at + length);
}

/** A copy in memory the runtime reuses (see allocateForOverwrite). */
function copyOf(source: Uint8Array): Uint8Array {
  const copy = allocateForOverwrite(source.length);
  copy.set(source);
  return copy;
}

function keepSpareChunk(chunk: Uint8Array): void {
  if (spareChunkBytes + chunk.length > MAX_SPARE_CHUNK_BYTES) return;
  let index = spareChunks.length;
  while (index > 0 && (spareChunks[index - 1] as Uint8Array).length > chunk.length) index--;
  spareChunks.splice(index, 0, chunk);
  spareChunkBytes += chunk.length;
}

/** Which escaping a text gets: as element text, or as a double-quoted attribute value. */
export type TextEscaping = typeof ESCAPED_IN_ELEMENT | typeof ESCAPED_IN_ATTRIBUTE;

/**
 * ASCII markup as little-endian 64-bit words, the last one padded with zeros: copied a word at a time (most of an
 * object's output is such markup, a tag or two words). The words are held as Doubles, the widest store a DataView
 * makes without a BigInt: eight bytes below 0x80 are always a finite number (the top byte leaves the exponent short of
 * NaN and Infinity), and a finite Double is stored bit for bit. The padding lands past the written length, where the
 * next write goes. (Measured against 32-bit words: serialize 8-12 % faster on deserialized objects, 12-23 % on plain
 * objects.)
 */
export class AsciiMarkup {
  readonly length: number;
  readonly words: Float64Array;

  constructor(text: string) {
    this.length = text.length;
    const bytes = new Uint8Array(Math.ceil(text.length / WORD_BYTES) * WORD_BYTES);
    for (let index = 0; index < text.length; index++) bytes[index] = text.charCodeAt(index);
    // Little-endian words whatever the platform: the output's DataView stores them little-endian.
    const view = new DataView(bytes.buffer);
    this.words = Float64Array.from({ length: bytes.length / WORD_BYTES }, (_, word) => view.getFloat64(word * WORD_BYTES, true));
  }
}

/** Markup made once (a tag with its name attribute): its words when it is ASCII, else the string itself. */
export type Markup = AsciiMarkup | string;

export function markup(text: string): Markup {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) >= FIRST_NON_ASCII) return text;
  }
  return new AsciiMarkup(text);
}

export class ClixmlOutput {
  /** Borrowed at the first write, handed back by take(); in UTF-8 mode followed by larger ones as it fills. */
  #bytes: Uint8Array | undefined = undefined;
  /** #bytes as a DataView, for markup's word stores. */
  #view: DataView | undefined = undefined;
  #length = 0;
  /** UTF-8 mode: the bytes written into earlier buffers, in order, and how many they are. */
  readonly #filled: Uint8Array[] = [];
  #filledLength = 0;
  /** UTF-8 mode: the shared buffer, handed back by takeBytes() once the bytes in it are copied. */
  #borrowed: Uint8Array | undefined = undefined;
  /** Everything before the pending bytes. */
  #text = '';
  readonly #utf8: boolean;

  /** `utf8`: keep all the output as UTF-8 bytes, for takeBytes(), instead of text for take(). */
  constructor(utf8 = false) {
    this.#utf8 = utf8;
  }

  /** The text written so far; the next write starts a new piece (a streaming writer's chunk). */
  take(): string {
    if (this.#utf8) return decoder.decode(this.takeBytes());
    this.#decodePending();
    const text = this.#text;
    this.#text = '';
    if (this.#bytes !== undefined) {
      spareBuffer = this.#bytes;
      this.#bytes = undefined;
    }
    return text;
  }

  /**
   * In UTF-8 mode, the bytes written so far: in an array of their own, or up to 4 KiB in a view of a shared buffer
   * (its `byteOffset` and `byteLength` tell which part).
   */
  takeBytes(): Uint8Array {
    const bytes = this.#bytes;
    const length = this.#length;
    this.#bytes = undefined;
    this.#length = 0;
    if (bytes === undefined) return NO_BYTES;
    const filled = this.#filled;
    let result: Uint8Array;
    if (filled.length === 0) {
      result = length <= MAX_SLAB_RESULT ? slabCopy(bytes.subarray(0, length)) : copyOf(bytes.subarray(0, length));
    } else {
      // Every byte is copied in: memory malloc reuses, not fresh pages zeroed and then touched (23% of a 4 MB document).
      result = allocateForOverwrite(this.#filledLength + length);
      let at = 0;
      for (const piece of filled) {
        result.set(piece, at);
        at += piece.length;
      }
      result.set(bytes.subarray(0, length), at);
      // Every buffer but the first (the shared one) was started by #grow.
      for (let index = 1; index < filled.length; index++) keepSpareChunk(new Uint8Array((filled[index] as Uint8Array).buffer));
      keepSpareChunk(bytes);
      filled.length = 0;
      this.#filledLength = 0;
    }
    spareBuffer = this.#borrowed;
    this.#borrowed = undefined;
    return result;
  }

  /** Room for `count` more bytes: the pending ones are decoded first when they would not fit (in UTF-8 mode, the buffer grows). */
  #reserve(count: number): Uint8Array {
    let bytes = this.#bytes;
    if (bytes === undefined) {
      bytes = spareBuffer ?? new Uint8Array(BUFFER_BYTES);
      spareBuffer = undefined;
      this.#use(bytes);
      this.#borrowed = bytes;
    }
    if (this.#length + count > bytes.length) {
      if (this.#utf8) return this.#grow(count);
      this.#decodePending();
      if (count > bytes.length) {
        bytes = new Uint8Array(count);
        this.#use(bytes);
      }
    }
    return bytes;
  }

  /** UTF-8 mode: the full buffer is kept as it is, and a new one started, twice as large up to MAX_CHUNK_BYTES. */
  #grow(count: number): Uint8Array {
    const full = this.#bytes as Uint8Array;
    this.#filled.push(full.subarray(0, this.#length));
    this.#filledLength += this.#length;
    const bytes = takeSpareChunk(Math.max(count, Math.min(full.length * 2, MAX_CHUNK_BYTES)));
    this.#use(bytes);
    this.#length = 0;
    return bytes;
  }

  #use(bytes: Uint8Array): void {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #decodePending(): void {
    if (this.#length === 0) return;
    this.#text += decoder.decode((this.#bytes as Uint8Array).subarray(0, this.#length));
    this.#length = 0;
  }

  /** Text appended as the string it is, after the pending bytes (in UTF-8 mode, encoded as TextEncoder encodes it). */
  string(text: string): void {
    if (this.#utf8) return this.#encodeUtf8(text);
    this.#decodePending();
    this.#text += text;
  }

  /** Any text into the bytes: room for its length first (enough when it is ASCII), then for the UTF-8 of the rest. */
  #encodeUtf8(text: string): void {
    const length = text.length;
    let bytes = this.#reserve(length);
    const { read, written } = encoder.encodeInto(text, bytes.subarray(this.#length, this.#length + length));
    this.#length += written;
    if (read === length) return;
    const rest = length - read;
    bytes = this.#reserve(rest * MAX_UTF8_BYTES_PER_UNIT);
    this.#length += encoder.encodeInto(text.slice(read), bytes.subarray(this.#length)).written;
  }

  /** Markup made by markup(). */
  markup(piece: Markup): void {
    if (typeof piece === 'string') return this.string(piece);
    const words = piece.words;
    // Room for the padding of the last word too.
    this.#reserve(words.length * WORD_BYTES);
    const view = this.#view as DataView;
    const start = this.#length;
    for (let index = 0; index < words.length; index++) view.setFloat64(start + index * WORD_BYTES, words[index] as number, true);
    this.#length = start + piece.length;
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
    if (length > LONG_STRING || this.#utf8) return this.string(text);
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

  /** A `<DT>` text (see writeDateTime), written straight into the bytes. */
  dateTime(epochMilliseconds: number, kind: DateTimeKind, offsetMinutes: number, subMillisecondTicks: number): void {
    const bytes = this.#reserve(MAX_DATE_TIME_BYTES);
    this.#length = writeDateTime(bytes, this.#length, epochMilliseconds, kind, offsetMinutes, subMillisecondTicks);
  }

  /** A `<Db>` text (see writeDouble), written straight into the bytes. */
  double(value: number): void {
    const bytes = this.#reserve(MAX_FLOAT_BYTES);
    this.#length = writeDouble(bytes, this.#length, value);
  }

  /**
   * A safe integer in decimal, as String() writes it; one that fits in 31 bits without making a string, two digits per
   * store (RefIds and counts are most of the numbers in an object's output).
   */
  integer(value: number): void {
    if (value > INT31_MAX || value < -INT31_MAX) return this.raw(String(value));
    const bytes = this.#reserve(MAX_INT31_BYTES);
    const view = this.#view as DataView;
    let at = this.#length;
    let rest = value;
    if (rest < 0) {
      bytes[at++] = MINUS;
      rest = -rest;
    }
    let end = at + decimalDigits(rest);
    this.#length = end;
    while (rest >= DECIMAL * DECIMAL) {
      const quotient = (rest / (DECIMAL * DECIMAL)) | 0;
      end -= 2;
      view.setUint16(end, DIGIT_PAIRS[rest - quotient * DECIMAL * DECIMAL] as number, true);
      rest = quotient;
    }
    if (rest >= DECIMAL) view.setUint16(end - 2, DIGIT_PAIRS[rest] as number, true);
    else bytes[end - 1] = DIGIT_ZERO + rest;
  }
}
