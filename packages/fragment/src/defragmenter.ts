/**
 * @module Reassembles PSRP messages from fragments (MS-PSRP 2.2.4): any byte chunks in, every
 * completed message out, several objects in flight at once, every limit checked at the header,
 * before the blob is buffered.
 */
import {
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_OBJECTS_IN_FLIGHT,
  FRAGMENT_HEADER_BYTES,
} from './constants.js';
import {
  FragmentSequenceError,
  FragmentTruncatedError,
  IncompleteObjectError,
  InvalidArgumentError,
  ObjectTooLargeError,
  TooManyObjectsError,
} from './errors.js';
import { type FragmentHeader, readFragmentHeader } from './fragment-header.js';

/** Options of a {@link Defragmenter}. */
export interface DefragmenterOptions {
  /** Largest reassembled object accepted; PowerShell's default is 10 MiB. */
  maxObjectBytes?: number;
  /** Most objects allowed to be started and unfinished at once. */
  maxObjectsInFlight?: number;
  /**
   * Copy blob bytes out of each chunk instead of keeping views of it. Needed only when the caller
   * reuses or changes a chunk's memory after `push` returns.
   */
  copyInput?: boolean;
}

/** A reassembled message as the list of its blobs, in order (views where possible). */
export type MessageChunks = readonly Uint8Array[];

interface ObjectInFlight {
  readonly objectId: number;
  nextFragmentId: number;
  bytes: number;
  readonly blobs: Uint8Array[];
}

interface FragmentInProgress {
  readonly object: ObjectInFlight;
  readonly header: FragmentHeader;
  remaining: number;
}

function assertLimit(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(name, 'a positive integer');
}

/** Joins blobs into one buffer; a single blob is handed on as it is. */
export function joinChunks(chunks: MessageChunks, totalBytes?: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(totalBytes ?? chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/**
 * Reassembles messages from fragment bytes.
 *
 * Blobs are kept as views of the pushed chunks until their object completes (no copy), so a chunk
 * must not be changed after `push` unless `copyInput` is set. After a FragmentError the stream is
 * broken: every later call throws the same error.
 * @example
 * const defragmenter = new Defragmenter();
 * for (const message of defragmenter.push(bytes)) handle(decodeMessage(message));
 */
export class Defragmenter {
  readonly maxObjectBytes: number;
  readonly maxObjectsInFlight: number;
  readonly #copyInput: boolean;
  readonly #objects = new Map<number, ObjectInFlight>();
  readonly #partialHeader = new Uint8Array(FRAGMENT_HEADER_BYTES);
  #partialHeaderBytes = 0;
  #fragment: FragmentInProgress | undefined;
  #failure: unknown;

  constructor(options: DefragmenterOptions = {}) {
    this.maxObjectBytes = options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES;
    this.maxObjectsInFlight = options.maxObjectsInFlight ?? DEFAULT_MAX_OBJECTS_IN_FLIGHT;
    assertLimit('maxObjectBytes', this.maxObjectBytes);
    assertLimit('maxObjectsInFlight', this.maxObjectsInFlight);
    this.#copyInput = options.copyInput ?? false;
  }

  /** Objects started and not yet complete. */
  get objectsInFlight(): number {
    return this.#objects.size;
  }

  /** True when no fragment or object is half-received. */
  get idle(): boolean {
    return this.#objects.size === 0 && this.#partialHeaderBytes === 0 && this.#fragment === undefined;
  }

  /** Takes any chunk of fragment bytes; returns every message it completed, in completion order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const messages: Uint8Array[] = [];
    this.#consume(chunk, (object) => messages.push(joinChunks(object.blobs, object.bytes)));
    return messages;
  }

  /** Like {@link push}, but hands each message on as its list of blobs, without joining them. */
  pushChunked(chunk: Uint8Array): MessageChunks[] {
    const messages: MessageChunks[] = [];
    this.#consume(chunk, (object) => messages.push(object.blobs));
    return messages;
  }

  /**
   * Declares the input ended.
   * @throws FragmentTruncatedError inside a fragment, IncompleteObjectError with objects in flight.
   */
  finish(): void {
    this.#throwIfFailed();
    const fragment = this.#fragment;
    if (this.#partialHeaderBytes > 0 || fragment !== undefined) {
      const expected = FRAGMENT_HEADER_BYTES + (fragment?.header.blobLength ?? 0);
      const actual = fragment === undefined ? this.#partialHeaderBytes : expected - fragment.remaining;
      this.#fail(new FragmentTruncatedError(expected, actual));
    }
    if (this.#objects.size > 0) this.#fail(new IncompleteObjectError([...this.#objects.keys()]));
  }

  #consume(chunk: Uint8Array, complete: (object: ObjectInFlight) => void): void {
    this.#throwIfFailed();
    try {
      let offset = 0;
      while (offset < chunk.length) {
        const fragment = this.#fragment;
        if (fragment === undefined) {
          offset = this.#readHeader(chunk, offset);
          if (this.#fragment?.remaining === 0) this.#endFragment(complete);
          continue;
        }
        const take = Math.min(fragment.remaining, chunk.length - offset);
        const blob = chunk.subarray(offset, offset + take);
        fragment.object.blobs.push(this.#copyInput ? blob.slice() : blob);
        fragment.remaining -= take;
        offset += take;
        if (fragment.remaining === 0) this.#endFragment(complete);
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Reads (part of) a header at `offset`; returns the offset after what it used. */
  #readHeader(chunk: Uint8Array, offset: number): number {
    if (this.#partialHeaderBytes === 0 && chunk.length - offset >= FRAGMENT_HEADER_BYTES) {
      this.#beginFragment(readFragmentHeader(chunk, offset));
      return offset + FRAGMENT_HEADER_BYTES;
    }
    const take = Math.min(FRAGMENT_HEADER_BYTES - this.#partialHeaderBytes, chunk.length - offset);
    this.#partialHeader.set(chunk.subarray(offset, offset + take), this.#partialHeaderBytes);
    this.#partialHeaderBytes += take;
    if (this.#partialHeaderBytes === FRAGMENT_HEADER_BYTES) {
      this.#partialHeaderBytes = 0;
      this.#beginFragment(readFragmentHeader(this.#partialHeader, 0));
    }
    return offset + take;
  }

  #beginFragment(header: FragmentHeader): void {
    const { objectId, fragmentId } = header;
    let object = this.#objects.get(objectId);
    if (object === undefined) {
      if (!header.start) throw new FragmentSequenceError('missing-start', objectId, fragmentId, undefined);
      if (fragmentId !== 0) throw new FragmentSequenceError('start-not-first', objectId, fragmentId, undefined);
      if (this.#objects.size >= this.maxObjectsInFlight) throw new TooManyObjectsError(this.maxObjectsInFlight);
      object = { objectId, nextFragmentId: 0, bytes: 0, blobs: [] };
    } else if (header.start) {
      throw new FragmentSequenceError('duplicate-start', objectId, fragmentId, object.nextFragmentId);
    } else if (fragmentId !== object.nextFragmentId) {
      const reason = fragmentId < object.nextFragmentId ? 'duplicate' : 'skipped';
      throw new FragmentSequenceError(reason, objectId, fragmentId, object.nextFragmentId);
    }
    const bytes = object.bytes + header.blobLength;
    if (bytes > this.maxObjectBytes) throw new ObjectTooLargeError(objectId, bytes, this.maxObjectBytes);
    object.bytes = bytes;
    object.nextFragmentId = fragmentId + 1;
    // Registered only once every check passed, so a rejected start leaves no trace.
    this.#objects.set(objectId, object);
    this.#fragment = { object, header, remaining: header.blobLength };
  }

  #endFragment(complete: (object: ObjectInFlight) => void): void {
    const { object, header } = this.#fragment!;
    this.#fragment = undefined;
    if (!header.end) return;
    this.#objects.delete(object.objectId);
    complete(object);
  }

  #fail(error: unknown): never {
    this.#failure = error;
    throw error;
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
