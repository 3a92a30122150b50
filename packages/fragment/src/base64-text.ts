/**
 * @module One base64 text as a source of bytes: any range of what it decodes to, written straight
 * into existing memory. The whole 4-character quads of a range go to the engine's decoder in one
 * piece; a quad cut by the range's start or end is decoded alone and its bytes copied. Every quad
 * is judged as decoding the whole text would judge it.
 */
import { decodeBase64IntoTs, decodeBase64Ts, decodedLength } from './base64-ts.js';
import { InvalidBase64Error } from './errors.js';
import type { Base64IntoDecoder } from './runtime-native.js';

const QUAD_CHARS = 4;
const TRIPLE_BYTES = 3;
/** Below this many characters the TS decoder beats the call into the runtime's (a fragment header is 28). */
const NATIVE_MIN_CHARS = 128;

/** One text at a time: `load` replaces it (one object serves a whole stream, nothing allocated per text). */
export class Base64Text {
  text = '';
  /** How many bytes the whole text decodes to. */
  decodedBytes = 0;
  readonly #decodeInto: Base64IntoDecoder;
  #quads = 0;
  readonly #quad = new Uint8Array(TRIPLE_BYTES);

  constructor(decodeInto: Base64IntoDecoder) {
    this.#decodeInto = decodeInto;
  }

  /** @throws InvalidBase64Error when the length or the padding is malformed, or the decoder's screen fails. */
  load(text: string): void {
    const decodedBytes = decodedLength(text);
    if (decodedBytes < 0 || !this.#decodeInto.screen(text)) throw new InvalidBase64Error(text.length);
    this.text = text;
    this.decodedBytes = decodedBytes;
    this.#quads = text.length / QUAD_CHARS;
  }

  /**
   * Writes decoded bytes [from, to) into `target` at `offset`, which has room for them.
   * @throws InvalidBase64Error when a quad it decodes is not strict base64.
   */
  copyTo(from: number, to: number, target: Uint8Array, offset: number): void {
    if (from >= to) return;
    let at = from;
    let write = offset;
    const headCut = at % TRIPLE_BYTES;
    if (headCut !== 0) {
      const quadStart = at - headCut;
      const take = Math.min(quadStart + this.#decodeQuad(quadStart / TRIPLE_BYTES), to) - at;
      target.set(this.#quad.subarray(headCut, headCut + take), write);
      at += take;
      write += take;
    }
    // `at` is now on a quad boundary, or the range is done.
    const lastQuad = to === this.decodedBytes ? this.#quads : Math.floor(to / TRIPLE_BYTES);
    const firstQuad = Math.ceil(at / TRIPLE_BYTES);
    if (at < to && lastQuad > firstQuad) {
      const pieceEnd = Math.min(to, lastQuad * TRIPLE_BYTES);
      const bytes = pieceEnd - at;
      const pieceStart = firstQuad * QUAD_CHARS;
      const pieceEndChar = lastQuad * QUAD_CHARS;
      // A short piece is read in place; the runtime's decoder needs it as a string of its own.
      const valid =
        pieceEndChar - pieceStart < NATIVE_MIN_CHARS
          ? decodeBase64IntoTs(this.text, target, write, bytes, pieceStart)
          : this.#decodeInto.decode(this.text.slice(pieceStart, pieceEndChar), target, write, bytes);
      if (!valid) throw new InvalidBase64Error(this.text.length);
      write += bytes;
      at = pieceEnd;
    }
    if (at < to) {
      this.#decodeQuad(at / TRIPLE_BYTES);
      target.set(this.#quad.subarray(0, to - at), write);
    }
  }

  /**
   * Writes the whole text's bytes into `target` at 0, which has room for them: copyTo(0,
   * decodedBytes) without the slicing and range arithmetic.
   * @throws InvalidBase64Error when the text is not strict base64.
   */
  copyAllTo(target: Uint8Array): void {
    const text = this.text;
    const bytes = this.decodedBytes;
    const valid = text.length < NATIVE_MIN_CHARS ? decodeBase64IntoTs(text, target, 0, bytes) : this.#decodeInto.decode(text, target, 0, bytes);
    if (!valid) throw new InvalidBase64Error(text.length);
  }

  /**
   * Writes the bytes of `count` whole quads from quad `first` on (none of them the text's last)
   * into `target` at 0.
   * @throws InvalidBase64Error when a quad is not strict base64.
   */
  copyQuadsTo(first: number, count: number, target: Uint8Array): void {
    if (!decodeBase64IntoTs(this.text, target, 0, count * TRIPLE_BYTES, first * QUAD_CHARS)) throw new InvalidBase64Error(this.text.length);
  }

  /** @throws InvalidBase64Error unless the whole text is strict base64 (for errors found before all of it was read). */
  assertValid(): void {
    decodeBase64Ts(this.text);
  }

  /** Decodes quad `index` into #quad; returns its byte count (fewer than 3 for the padded last quad). */
  #decodeQuad(index: number): number {
    const bytes = index === this.#quads - 1 ? this.decodedBytes - index * TRIPLE_BYTES : TRIPLE_BYTES;
    if (!decodeBase64IntoTs(this.text, this.#quad, 0, bytes, index * QUAD_CHARS)) throw new InvalidBase64Error(this.text.length);
    return bytes;
  }
}
