/**
 * @module Reassembly from base64 text (MS-PSRP 2.2.4): each text is decoded piece by piece straight
 * into the memory of the object its fragment belongs to, after the fragment's header was read and
 * checked. The header is decoded first (21 bytes are exactly 28 characters), so interleaved
 * objects, fragments split across texts and texts holding several fragments all work; only a quad
 * cut by a fragment boundary is decoded twice. message-capacity.ts sizes the memory.
 */
import { Base64Text } from './base64-text.js';
import { FRAGMENT_HEADER_BYTES } from './constants.js';
import { joinChunks } from './defragmenter.js';
import { InvalidBase64Error } from './errors.js';
import { type FragmentHeader, readFragmentHeader } from './fragment-header.js';
import { segmentCapacity, worthShrinking } from './message-capacity.js';
import { type ObjectProgress, ObjectSequence } from './object-sequence.js';
import type { ReassemblerOptions } from './reassembler.js';
import { type Base64IntoDecoder, allocateForOverwrite } from './runtime-native.js';

interface ObjectSegments extends ObjectProgress {
  /** Filled segments, as views of their used bytes. */
  readonly filled: Uint8Array[];
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

export class InPlaceReassembler {
  readonly #maxObjectBytes: number;
  readonly #source: Base64Text;
  readonly #objects: ObjectSequence<ObjectSegments>;
  readonly #partialHeader = new Uint8Array(FRAGMENT_HEADER_BYTES);
  #partialHeaderBytes = 0;
  #fragment: FragmentInProgress | undefined;
  /** Size of the last completed object that took several fragments. */
  #previousObjectBytes = 0;
  /** The one object in flight whose first segment took that size. */
  #speculating: ObjectSegments | undefined;

  constructor(options: Pick<ReassemblerOptions, 'maxObjectBytes' | 'maxObjectsInFlight'>, decodeInto: Base64IntoDecoder) {
    this.#maxObjectBytes = options.maxObjectBytes;
    this.#source = new Base64Text(decodeInto);
    this.#objects = new ObjectSequence(options);
  }

  get objectsInFlight(): number {
    return this.#objects.size;
  }

  get idle(): boolean {
    return this.#objects.size === 0 && this.#partialHeaderBytes === 0 && this.#fragment === undefined;
  }

  /**
   * Consumes one base64 text, calling `complete` for every message it finishes, in order.
   * @throws InvalidBase64Error rather than any fragment error of the same text, as decoding the
   * whole text first would.
   */
  push(text: string, complete: (message: Uint8Array) => void): void {
    const source = this.#source;
    source.load(text);
    try {
      this.#read(source, complete);
    } catch (error) {
      if (!(error instanceof InvalidBase64Error)) source.assertValid();
      throw error;
    }
  }

  /** @throws FragmentTruncatedError inside a fragment, IncompleteObjectError with objects in flight. */
  finish(): void {
    this.#objects.assertInputEnded(this.#partialHeaderBytes, this.#fragment);
  }

  #read(source: Base64Text, complete: (message: Uint8Array) => void): void {
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
      if (this.#fragment?.remaining === 0) this.#endFragment(complete);
    }
  }

  #beginFragment(header: FragmentHeader): void {
    const create = (objectId: number): ObjectSegments => ({ objectId, nextFragmentId: 0, bytes: 0, filled: [], segment: NO_BYTES, used: 0, written: 0 });
    this.#fragment = { object: this.#objects.begin(header, create), header, remaining: header.blobLength };
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
    if (object.used > 0) object.filled.push(object.segment.subarray(0, object.used));
    const speculate = this.#speculating === undefined && object.written === 0;
    const capacity = segmentCapacity({
      written: object.written,
      take,
      finalBytes: header.end ? object.bytes : undefined,
      previousObjectBytes: speculate ? Math.min(this.#previousObjectBytes, this.#maxObjectBytes) : 0,
    });
    if (speculate && capacity > take) this.#speculating = object;
    // A segment of just what is at hand is written whole at once, so it need not be zeroed; a larger
    // one is, so that a spare tail never shows old memory (and in Node that measured no slower).
    object.segment = capacity === take ? allocateForOverwrite(capacity) : new Uint8Array(capacity);
    object.used = 0;
  }

  #endFragment(complete: (message: Uint8Array) => void): void {
    const { object, header } = this.#fragment!;
    this.#fragment = undefined;
    if (!header.end) return;
    this.#objects.end(object);
    if (this.#speculating === object) this.#speculating = undefined;
    if (header.fragmentId > 0) this.#previousObjectBytes = object.written;
    complete(this.#message(object));
  }

  #message({ filled, segment, used, written }: ObjectSegments): Uint8Array {
    if (written === 0) return new Uint8Array(0);
    if (filled.length > 0) return joinChunks([...filled, segment.subarray(0, used)]);
    return worthShrinking(segment.length, used) ? segment.slice(0, used) : segment.subarray(0, used);
  }
}
