/**
 * @module The one adapter to what a runtime offers natively, found by feature detection on
 * globalThis (this package imports nothing from node:*): base64 codecs (Node's, Bun's and Deno's
 * `Buffer`, the TC39 `Uint8Array.fromBase64` / `toBase64` of Deno, Bun and recent browsers), wrapped
 * to the strict semantics of base64-ts.ts, and their decoding into existing memory (`buf.write`,
 * `Uint8Array.prototype.setFromBase64`); memory that need not be zeroed
 * (`Buffer.allocUnsafeSlow`), for buffers the caller overwrites entirely; and long ASCII text made
 * into an external string (`buffer.isAscii`, `Buffer#toString('latin1')`).
 */
import { decodedLength } from './base64-ts.js';
import { InvalidBase64Error } from './errors.js';

/** The runtime codecs this adapter knows. */
export type NativeBase64Name = 'buffer' | 'uint8array';

/**
 * base64 decoding into existing memory, in two steps so that a text decoded in several pieces is
 * looked at whole only once. Together the steps judge a text exactly as decoding it whole does.
 */
export interface Base64IntoDecoder {
  /** False when `text` holds characters that `decode` would misread rather than reject. */
  screen(text: string): boolean;
  /**
   * Decodes `piece` (a multiple of 4 characters of a screened text) into `target` at `offset`,
   * which has room for `expectedBytes`: decodedLength(piece) for the piece that ends the text, 3
   * bytes per 4 characters for any other (which must not hold padding). False when the piece is
   * not strict base64 (the target range may have been written); the caller throws, as only it
   * knows the whole text.
   */
  decode(piece: string, target: Uint8Array, offset: number, expectedBytes: number): boolean;
}

/** A base64 codec with the strict semantics of base64-ts.ts. */
export interface Base64Codec {
  encode(bytes: Uint8Array): string;
  decode(text: string): Uint8Array;
  /** Absent where the runtime has fromBase64 but not setFromBase64. */
  decodeInto?: Base64IntoDecoder;
}

/** The part of Node's Buffer this adapter uses. */
interface BufferLike extends Uint8Array {
  toString(encoding?: 'base64' | 'latin1'): string;
  write(text: string, offset: number, length: number, encoding: 'base64'): number;
}
interface BufferConstructorLike {
  from(text: string, encoding: 'base64'): BufferLike;
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): BufferLike;
  byteLength(text: string, encoding: 'utf8'): number;
  allocUnsafeSlow?(size: number): BufferLike;
}

/** The TC39 base64 methods (ES2026), not yet in TypeScript's ES2022 lib. */
interface Uint8ArrayBase64 {
  fromBase64(text: string): Uint8Array;
}
interface Uint8ArrayToBase64 {
  toBase64(): string;
}
interface Uint8ArraySetFromBase64 {
  setFromBase64(text: string): { read: number; written: number };
}

/**
 * Buffer skips characters it does not know and accepts '-' '_' and non-ASCII: two indexOf scans
 * and the UTF-8 length (a fast path in V8) catch those; the output length catches the rest.
 */
function bufferAlphabetOnly(buffer: BufferConstructorLike, text: string): boolean {
  return text.indexOf('-') === -1 && text.indexOf('_') === -1 && buffer.byteLength(text, 'utf8') === text.length;
}

function bufferCodec(buffer: BufferConstructorLike): Base64Codec {
  // write() is a Buffer method: a Buffer view of each target, made once per target rather than
  // once per piece (that showed in the per-message cost); weakly held, the memory stays the caller's.
  const views = new WeakMap<Uint8Array, BufferLike>();
  const viewOf = (target: Uint8Array): BufferLike => {
    let view = views.get(target);
    if (view === undefined) {
      view = buffer.from(target.buffer, target.byteOffset, target.length);
      views.set(target, view);
    }
    return view;
  };
  return {
    encode: (bytes) => buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'),
    decode(text) {
      const expected = decodedLength(text);
      if (expected < 0 || !bufferAlphabetOnly(buffer, text)) throw new InvalidBase64Error(text.length);
      const decoded = buffer.from(text, 'base64');
      if (decoded.length !== expected) throw new InvalidBase64Error(text.length);
      // A plain Uint8Array view: callers get the same type on every path, without a copy.
      return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.length);
    },
    decodeInto: {
      // On the whole text: Buffer.byteLength is slow on the substrings the pieces are.
      screen: (text) => bufferAlphabetOnly(buffer, text),
      decode: (piece, target, offset, expectedBytes) => viewOf(target).write(piece, offset, expectedBytes, 'base64') === expectedBytes,
    },
  };
}

function uint8ArrayCodec(api: Uint8ArrayBase64, canSetFromBase64: boolean): Base64Codec {
  return {
    encode: (bytes) => (bytes as Uint8Array & Uint8ArrayToBase64).toBase64(),
    decode(text) {
      // fromBase64 rejects other alphabets and non-ASCII itself, but skips whitespace and
      // accepts missing padding: the length checks catch both.
      const expected = decodedLength(text);
      if (expected < 0) throw new InvalidBase64Error(text.length);
      let decoded: Uint8Array;
      try {
        decoded = api.fromBase64(text);
      } catch (cause) {
        throw new InvalidBase64Error(text.length, { cause });
      }
      if (decoded.length !== expected) throw new InvalidBase64Error(text.length);
      return decoded;
    },
    ...(canSetFromBase64 && {
      decodeInto: {
        // setFromBase64 rejects other alphabets and non-ASCII itself.
        screen: () => true,
        decode(piece: string, target: Uint8Array, offset: number, expectedBytes: number): boolean {
          // As fromBase64, it skips whitespace: the byte count catches it, and a '=' inside a
          // piece that must not end in padding.
          const range = target.subarray(offset, offset + expectedBytes) as Uint8Array & Uint8ArraySetFromBase64;
          try {
            const { read, written } = range.setFromBase64(piece);
            return written === expectedBytes && read === piece.length;
          } catch {
            return false;
          }
        },
      },
    }),
  };
}

function findBuffer(): BufferConstructorLike | undefined {
  const candidate = (globalThis as { Buffer?: Partial<BufferConstructorLike> }).Buffer;
  return typeof candidate?.from === 'function' && typeof candidate.byteLength === 'function'
    ? (candidate as BufferConstructorLike)
    : undefined;
}

function findUint8ArrayBase64(): Uint8ArrayBase64 | undefined {
  const api = Uint8Array as unknown as Partial<Uint8ArrayBase64>;
  const prototype = Uint8Array.prototype as unknown as Partial<Uint8ArrayToBase64>;
  return typeof api.fromBase64 === 'function' && typeof prototype.toBase64 === 'function'
    ? (api as Uint8ArrayBase64)
    : undefined;
}

/** The runtime's base64 codec called `name`, or undefined where it has none. */
export function findNativeBase64(name: NativeBase64Name): Base64Codec | undefined {
  if (name === 'buffer') {
    const buffer = findBuffer();
    return buffer === undefined ? undefined : bufferCodec(buffer);
  }
  const api = findUint8ArrayBase64();
  const prototype = Uint8Array.prototype as unknown as Partial<Uint8ArraySetFromBase64>;
  return api === undefined ? undefined : uint8ArrayCodec(api, typeof prototype.setFromBase64 === 'function');
}

/** Where zero-filling is measurably slower than not (bench: joins and packed fragments on Node). */
const UNZEROED_MIN_BYTES = 4096;

function findAllocateUnzeroed(): ((size: number) => Uint8Array) | undefined {
  const allocUnsafeSlow = findBuffer()?.allocUnsafeSlow;
  if (typeof allocUnsafeSlow !== 'function') return undefined;
  // allocUnsafeSlow never hands out a slice of a shared pool: the whole ArrayBuffer is the caller's.
  return (size) => {
    const buffer = allocUnsafeSlow(size);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, size);
  };
}

const allocateUnzeroed = findAllocateUnzeroed();

/**
 * A new buffer of `size` bytes whose contents are undefined: the caller must overwrite every byte
 * before anyone else sees it.
 */
export function allocateForOverwrite(size: number): Uint8Array {
  return allocateUnzeroed !== undefined && size >= UNZEROED_MIN_BYTES ? allocateUnzeroed(size) : new Uint8Array(size);
}

/** Node's threshold for making a string external (EXTERN_APEX, 1,031,913 bytes): from here on it may pay. */
const MIN_EXTERNAL_TEXT_BYTES = 1_031_914;
/**
 * V8's longest string (2^29 - 24 characters on 64-bit): longer text is left to TextDecoder, which fails as before.
 * No lower bound: past 32 MiB glibc maps malloc's memory fresh for each allocation by default, which costs what V8's
 * own fresh memory costs (measured: 2.9-3.1 ns a byte either way, bench/clixml/fresh-memory.json), but a process that
 * raises glibc's mmap and trim thresholds reuses it (a 256 MiB string through the client's receive path: 94-100 MB/s
 * by default either way, 322 with the thresholds raised, 155 with them raised but such text left to TextDecoder).
 */
const MAX_EXTERNAL_TEXT_BYTES = 2 ** 29 - 24;

function findIsAscii(): ((bytes: Uint8Array) => boolean) | undefined {
  const host = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const isAscii = (host?.getBuiltinModule?.('node:buffer') as { isAscii?: unknown } | undefined)?.isAscii;
  return typeof isAscii === 'function' ? (isAscii as (bytes: Uint8Array) => boolean) : undefined;
}

const isAscii = findIsAscii();

/** Whether every byte is ASCII, by the runtime's own check where it has one (Node's buffer.isAscii); else undefined. */
export function isAsciiNatively(bytes: Uint8Array): boolean | undefined {
  return isAscii?.(bytes);
}

function findAsciiText(): ((bytes: Uint8Array) => string | undefined) | undefined {
  const buffer = findBuffer();
  if (buffer === undefined || isAscii === undefined) return undefined;
  return (bytes) =>
    bytes.length >= MIN_EXTERNAL_TEXT_BYTES && bytes.length <= MAX_EXTERNAL_TEXT_BYTES && isAscii(bytes)
      ? buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
      : undefined;
}

const asciiText = findAsciiText();

/**
 * `bytes` as text when they are all ASCII and the runtime makes such text cheaper than TextDecoder does; otherwise
 * undefined. A string past V8's regular object size (128 KiB) gets memory mapped fresh for it, and on a VM the first
 * touch of fresh pages can cost more than decoding (250-300 MB/s measured here for any decoder from 256 KiB on).
 * Node makes ASCII text of about 1 MB or more an external string in malloc's memory, which malloc reuses below its
 * mapping threshold (32 MiB by default, raised by a process that sets it): such text then decodes at 0.8-5 GB/s. The
 * bytes are copied: the caller may reuse them.
 */
export function decodeAsciiNatively(bytes: Uint8Array): string | undefined {
  return asciiText?.(bytes);
}

const bufferForSearch = findBuffer();

/** Buffer's indexOf of a text (Uint8Array's own indexOf, which BufferLike inherits, takes a byte). */
interface TextSearch {
  indexOf(value: string, byteOffset: number, encoding: 'latin1'): number;
}

/**
 * Whether the ASCII text `needle` occurs in `bytes`, by the runtime's own search where it has one (Buffer's indexOf:
 * about 12 times a byte loop in JS on long text, as fast on markup-dense bytes); otherwise undefined.
 */
export function includesAsciiNatively(bytes: Uint8Array, needle: string): boolean | undefined {
  if (bufferForSearch === undefined) return undefined;
  const view = bufferForSearch.from(bytes.buffer, bytes.byteOffset, bytes.length) as unknown as TextSearch;
  return view.indexOf(needle, 0, 'latin1') >= 0;
}
