/**
 * @module Reassembly from base64 text (MS-PSRP 2.2.4): each text is decoded piece by piece straight
 * into the memory of the object its fragment belongs to, after the fragment's header was read and
 * checked. The header is decoded first (21 bytes are exactly 28 characters), so interleaved
 * objects, fragments split across texts and texts holding several fragments all work; only a quad
 * cut by a fragment boundary is decoded twice. message-capacity.ts sizes the memory.
 *
 * A message is either handed over (the caller owns it) or lent (the caller reads it before the
 * push returns): an object begun by a lending push takes its memory from RecycledMemory, and every
 * lent message's memory goes back there once it was read.
 */
import { Base64Text } from './base64-text.js';
import { FRAGMENT_HEADER_BYTES, FragmentFlags } from './constants.js';
import { copyChunks, joinChunks } from './defragmenter.js';
import { InvalidBase64Error } from './errors.js';
import { type FragmentHeader, readFragmentHeader, readUint32 } from './fragment-header.js';
import { segmentCapacity, worthShrinking } from './message-capacity.js';
import { type ObjectProgress, ObjectSequence } from './object-sequence.js';
import type { ReassemblerOptions } from './reassembler.js';
import { RecycledMemory } from './recycled-memory.js';
import { type Base64IntoDecoder, allocateForOverwrite } from './runtime-native.js';

/** How a push hands on what it completes. */
export interface Delivery {
  /** True: `message` is only read until the callback returns, then its memory is reused. */
  readonly lend: boolean;
  readonly message: (message: Uint8Array) => void;
}

interface ObjectSegments extends ObjectProgress {
  /** Begun by a lending push: segments come from the recycled memory. */
  readonly recycled: boolean;
  /** Filled segments, as views of their used bytes (NO_SEGMENTS until the first is). */
  filled: Uint8Array[];
  /** The segment being written, and how much of it is. */
  segment: Uint8Array;
  used: number;
  /** Bytes written to all segments. */
  written: number;
}

interface FragmentInProgress {
  readonly object: ObjectSegments;
  readonly header: FragmentHeader;
  remaining: number;
}

const NO_BYTES = new Uint8Array(0);
/** Shared by every object that has filled no segment yet: most never do. */
const NO_SEGMENTS: Uint8Array[] = Object.freeze([]) as unknown as Uint8Array[];
/** Header bytes 15-20 are its last two quads (5 and 6): the flags (byte 16) and BlobLength (17-20). */
const HEADER_TAIL_QUAD = 5;
const HEADER_TAIL_QUADS = 2;
const HEADER_TAIL_BYTES = 6;
const FLAGS_IN_TAIL = 1;
const BLOB_LENGTH_IN_TAIL = 2;
const WHOLE_OBJECT_FLAGS = FragmentFlags.Start | FragmentFlags.End;

export class InPlaceReassembler {
  readonly #maxObjectBytes: number;
  readonly #source: Base64Text;
  readonly #objects: ObjectSequence<ObjectSegments>;
  readonly #partialHeader = new Uint8Array(FRAGMENT_HEADER_BYTES);
  readonly #headerTail = new Uint8Array(HEADER_TAIL_BYTES);
  #partialHeaderBytes = 0;
  #fragment: FragmentInProgress | undefined;
  /** Size of the last completed object that took several fragments. */
  #previousObjectBytes = 0;
  /** The one object in flight whose first segment took that size. */
  #speculating: ObjectSegments | undefined;
  readonly #recycled: RecycledMemory;
  #delivery: Delivery | undefined;

  constructor(
    options: Pick<ReassemblerOptions, 'maxObjectBytes' | 'maxObjectsInFlight'>,
    decodeInto: Base64IntoDecoder,
    recycled: RecycledMemory,
  ) {
    this.#maxObjectBytes = options.maxObjectBytes;
    this.#source = new Base64Text(decodeInto);
    this.#objects = new ObjectSequence(options);
    this.#recycled = recycled;
  }

  get objectsInFlight(): number {
    return this.#objects.size;
  }

  get idle(): boolean {
    return this.#objects.size === 0 && this.#partialHeaderBytes === 0 && this.#fragment === undefined;
  }

  /**
   * Consumes one base64 text, delivering every message it finishes, in order.
   * @throws InvalidBase64Error rather than any fragment error of the same text, as decoding the
   * whole text first would.
   */
  push(text: string, delivery: Delivery): void {
    const source = this.#source;
    source.load(text);
    this.#delivery = delivery;
    try {
      if (!(delivery.lend && this.#lendWholeObject(source, delivery.message))) this.#read(source);
    } catch (error) {
      if (!(error instanceof InvalidBase64Error)) source.assertValid();
      throw error;
    } finally {
      this.#delivery = undefined;
    }
  }

  /** @throws FragmentTruncatedError inside a fragment, IncompleteObjectError with objects in flight. */
  finish(): void {
    this.#objects.assertInputEnded(this.#partialHeaderBytes, this.#fragment);
  }

  #read(source: Base64Text): void {
    const end = source.decodedBytes;
    let at = 0;
    while (at < end) {
      const fragment = this.#fragment;
      if (fragment === undefined) {
        const take = Math.min(FRAGMENT_HEADER_BYTES - this.#partialHeaderBytes, end - at);
        source.copyTo(at, at + take, this.#partialHeader, this.#partialHeaderBytes);
        at += take;
        this.#partialHeaderBytes += take;
        if (this.#partialHeaderBytes === FRAGMENT_HEADER_BYTES) {
          this.#partialHeaderBytes = 0;
          this.#beginFragment(readFragmentHeader(this.#partialHeader, 0));
        }
      } else {
        const take = Math.min(fragment.remaining, end - at);
        this.#write(fragment, source, at, take);
        fragment.remaining -= take;
        at += take;
      }
      if (this.#fragment?.remaining === 0) this.#endFragment();
    }
  }

  /**
   * The common case in one decode: a text that is exactly one fragment, start and end, so exactly
   * one message. Its flags and BlobLength (bytes 16-20, the last two quads of the header) are
   * looked at first; if they say so, the whole text is decoded into recycled memory at once and the
   * message lent from behind its header. False, having changed nothing, for any other text.
   */
  #lendWholeObject(source: Base64Text, read: (message: Uint8Array) => void): boolean {
    const bytes = source.decodedBytes;
    // More than a header: quad 6 is then not the text's last, which may be padded.
    if (this.#fragment !== undefined || this.#partialHeaderBytes !== 0 || bytes <= FRAGMENT_HEADER_BYTES) return false;
    const tail = this.#headerTail;
    source.copyQuadsTo(HEADER_TAIL_QUAD, HEADER_TAIL_QUADS, tail);
    const flags = tail[FLAGS_IN_TAIL]!;
    const blobLength = readUint32(tail, BLOB_LENGTH_IN_TAIL);
    // Too large: left to the general path, which rejects it at the header, before decoding the blob.
    const whole = (flags & WHOLE_OBJECT_FLAGS) === WHOLE_OBJECT_FLAGS && FRAGMENT_HEADER_BYTES + blobLength === bytes;
    if (!whole || blobLength > this.#maxObjectBytes) return false;
    const memory = this.#recycled.take(bytes);
    source.copyAllTo(memory);
    // The same checks as any header: ids, sequence, limits.
    this.#objects.end(this.#objects.begin(readFragmentHeader(memory, 0), this.#create));
    read(memory.subarray(FRAGMENT_HEADER_BYTES, bytes));
    this.#recycled.recycle(memory);
    return true;
  }

  readonly #create = (objectId: number): ObjectSegments => this.#newObject(objectId);

  #newObject(objectId: number): ObjectSegments {
    return { objectId, recycled: this.#delivery!.lend, nextFragmentId: 0, bytes: 0, filled: NO_SEGMENTS, segment: NO_BYTES, used: 0, written: 0 };
  }

  #beginFragment(header: FragmentHeader): void {
    this.#fragment = { object: this.#objects.begin(header, this.#create), header, remaining: header.blobLength };
  }

  /** Decodes `take` blob bytes at `at` into the object's segments, opening one where it is full. */
  #write({ object, header }: FragmentInProgress, source: Base64Text, at: number, take: number): void {
    let done = 0;
    while (done < take) {
      if (object.used === object.segment.length) this.#openSegment(object, header, take - done);
      const bytes = Math.min(object.segment.length - object.used, take - done);
      source.copyTo(at + done, at + done + bytes, object.segment, object.used);
      object.used += bytes;
      object.written += bytes;
      done += bytes;
    }
  }

  #openSegment(object: ObjectSegments, header: FragmentHeader, take: number): void {
    if (object.used > 0) {
      if (object.filled === NO_SEGMENTS) object.filled = [];
      object.filled.push(object.segment.subarray(0, object.used));
    }
    const speculate = this.#speculating === undefined && object.written === 0;
    const capacity = segmentCapacity({
      written: object.written,
      take,
      finalBytes: header.end ? object.bytes : undefined,
      previousObjectBytes: speculate ? Math.min(this.#previousObjectBytes, this.#maxObjectBytes) : 0,
    });
    if (speculate && capacity > take) this.#speculating = object;
    if (object.recycled) object.segment = this.#recycled.take(capacity);
    // A segment of just what is at hand is written whole at once, so it need not be zeroed; a larger
    // one is, so that a spare tail never shows old memory (and in Node that measured no slower).
    else object.segment = capacity === take ? allocateForOverwrite(capacity) : new Uint8Array(capacity);
    object.used = 0;
  }

  #endFragment(): void {
    const { object, header } = this.#fragment!;
    this.#fragment = undefined;
    if (!header.end) return;
    this.#objects.end(object);
    if (this.#speculating === object) this.#speculating = undefined;
    if (header.fragmentId > 0) this.#previousObjectBytes = object.written;
    const delivery = this.#delivery!;
    if (delivery.lend) this.#lend(object, delivery.message);
    else delivery.message(this.#handOver(object));
  }

  /** The message as memory of the caller's own, never showing bytes of another message. */
  #handOver({ recycled, filled, segment, used, written }: ObjectSegments): Uint8Array {
    if (written === 0) return new Uint8Array(0);
    if (filled.length > 0) {
      const joined = joinChunks([...filled, segment.subarray(0, used)]);
      if (recycled) this.#recycleSegments(filled, segment);
      return joined;
    }
    // Recycled memory may be far larger than the message, and holds earlier ones beyond it.
    if (recycled ? segment.length > 2 * used : worthShrinking(segment.length, used)) {
      const own = segment.slice(0, used);
      if (recycled) this.#recycled.recycle(segment);
      return own;
    }
    if (recycled) segment.fill(0, used);
    return segment.subarray(0, used);
  }

  /** Lends the message, then recycles its memory (an object's several segments joined into one). */
  #lend({ filled, segment, used, written }: ObjectSegments, read: (message: Uint8Array) => void): void {
    if (written === 0) return read(NO_BYTES);
    let memory = segment;
    if (filled.length > 0) {
      memory = this.#recycled.take(written);
      copyChunks([...filled, segment.subarray(0, used)], memory);
      this.#recycleSegments(filled, segment);
    }
    read(memory.subarray(0, written));
    this.#recycled.recycle(memory);
  }

  /** Takes back an object's segments once their bytes were copied out. */
  #recycleSegments(filled: readonly Uint8Array[], segment: Uint8Array): void {
    // A filled piece is its whole segment: a new one opens only when the last is full.
    for (const spent of filled) this.#recycled.recycle(spent);
    this.#recycled.recycle(segment);
  }
}
