/**
 * @module The one adapter to a runtime's own base64 codec: Node's and Bun's `Buffer`, found by
 * feature detection on globalThis (this package imports nothing from node:*). The bench decides
 * that it beats the TS and wasm paths wherever it exists.
 */
import { InvalidBase64Error } from './errors.js';
import { decodedLength } from './base64-ts.js';

/** The part of Node's Buffer this adapter uses. */
interface BufferLike extends Uint8Array {
  toString(encoding?: 'base64'): string;
}
interface BufferConstructorLike {
  from(text: string, encoding: 'base64'): BufferLike;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): BufferLike;
  byteLength(text: string, encoding: 'utf8'): number;
}

/** A base64 codec with the strict semantics of base64-ts.ts. */
export interface Base64Codec {
  encode(bytes: Uint8Array): string;
  decode(text: string): Uint8Array;
}

function findBuffer(): BufferConstructorLike | undefined {
  const candidate = (globalThis as { Buffer?: Partial<BufferConstructorLike> }).Buffer;
  return typeof candidate?.from === 'function' && typeof candidate.byteLength === 'function'
    ? (candidate as BufferConstructorLike)
    : undefined;
}

function bufferCodec(buffer: BufferConstructorLike): Base64Codec {
  return {
    encode: (bytes) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
    decode(text) {
      // Buffer skips characters it does not know and accepts '-' '_' and non-ASCII: its output
      // length, two indexOf scans and the UTF-8 length (a fast path in V8) catch all of them.
      const expected = decodedLength(text);
      if (
        expected < 0 ||
        text.indexOf('-') !== -1 ||
        text.indexOf('_') !== -1 ||
        buffer.byteLength(text, 'utf8') !== text.length
      ) {
        throw new InvalidBase64Error(text.length);
      }
      const decoded = buffer.from(text, 'base64');
      if (decoded.length !== expected) throw new InvalidBase64Error(text.length);
      // A plain Uint8Array view: callers get the same type on every path, without a copy.
      return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
    },
  };
}

/** The runtime's base64 codec, or undefined where it has none. */
export function findNativeBase64(): Base64Codec | undefined {
  const buffer = findBuffer();
  return buffer === undefined ? undefined : bufferCodec(buffer);
}
