/**
 * @module Reassembles PSRP messages from fragments (MS-PSRP 2.2.4): any byte chunks in, every
 * completed message out, several objects in flight at once, every limit checked at the header,
 * before the blob is buffered.
 */
import { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_MAX_OBJECTS_IN_FLIGHT } from './constants.js';
import type { FragmentEngine } from './engine.js';
import { InvalidArgumentError } from './errors.js';
import type { Reassembler } from './reassembler.js';
import { allocateForOverwrite } from './runtime-native.js';
import { StickyFailure } from './sticky-failure.js';
import { syncEngine } from './ts-engine.js';

/** Options of a {@link Defragmenter}. */
export interface DefragmenterOptions {
  /** Largest reassembled object accepted; PowerShell's default is 10 MiB. */
  maxObjectBytes?: number;
  /** Most objects allowed to be started and unfinished at once. */
  maxObjectsInFlight?: number;
  /**
   * Copy blob bytes out of each chunk instead of keeping views of it. Needed only when the caller
   * reuses or changes a chunk's memory after `push` returns (the wasm path always copies).
   */
  copyInput?: boolean;
  /** Which implementation reassembles; see loadFragmentEngine. */
  engine?: FragmentEngine;
}

/** A reassembled message as the list of its blobs, in order (views where possible). */
export type MessageChunks = readonly Uint8Array[];

/** The limits of `options` with their defaults, validated. */
export function reassemblyLimits(options: Pick<DefragmenterOptions, 'maxObjectBytes' | 'maxObjectsInFlight'>): {
  maxObjectBytes: number;
  maxObjectsInFlight: number;
} {
  const limits = {
    maxObjectBytes: options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    maxObjectsInFlight: options.maxObjectsInFlight ?? DEFAULT_MAX_OBJECTS_IN_FLIGHT,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(name, 'a positive integer');
  }
  return limits;
}

/** Joins blobs into one new buffer; a single blob is handed on as it is. */
export function joinChunks(chunks: MessageChunks): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  // Summed here, never taken from a caller: every byte of the unzeroed buffer must be written.
  const joined = allocateForOverwrite(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  copyChunks(chunks, joined);
  return joined;
}

/** Writes the chunks back to back from the start of `target`, which has room for them. */
export function copyChunks(chunks: MessageChunks, target: Uint8Array): void {
  let offset = 0;
  for (const chunk of chunks) {
    target.set(chunk, offset);
    offset += chunk.length;
  }
}

/**
 * Reassembles messages from fragment bytes.
 *
 * On the TS path blobs stay views of the pushed chunks until their object completes (no copy),
 * so a chunk must not be changed after `push` unless `copyInput` is set. After a FragmentError
 * the stream is broken: every later call throws the same error.
 * @example
 * const defragmenter = new Defragmenter();
 * for (const message of defragmenter.push(bytes)) handle(decodeMessage(message));
 */
export class Defragmenter {
  readonly maxObjectBytes: number;
  readonly maxObjectsInFlight: number;
  readonly #core: Reassembler;
  readonly #failure = new StickyFailure();

  constructor(options: DefragmenterOptions = {}) {
    ({ maxObjectBytes: this.maxObjectBytes, maxObjectsInFlight: this.maxObjectsInFlight } = reassemblyLimits(options));
    this.#core = (options.engine ?? syncEngine).createReassembler({
      maxObjectBytes: this.maxObjectBytes,
      maxObjectsInFlight: this.maxObjectsInFlight,
      copyInput: options.copyInput ?? false,
    });
  }

  /** Objects started and not yet complete. */
  get objectsInFlight(): number {
    return this.#core.objectsInFlight;
  }

  /** True when no fragment or object is half-received. */
  get idle(): boolean {
    return this.#core.idle;
  }

  /** Takes any chunk of fragment bytes; returns every message it completed, in completion order. */
  push(chunk: Uint8Array): Uint8Array[] {
    const messages: Uint8Array[] = [];
    this.#failure.run(() => this.#core.push(chunk, (blobs) => messages.push(joinChunks(blobs))));
    return messages;
  }

  /** Like {@link push}, but hands each message on as its list of blobs, without joining them. */
  pushChunked(chunk: Uint8Array): MessageChunks[] {
    const messages: MessageChunks[] = [];
    this.#failure.run(() => this.#core.push(chunk, (blobs) => messages.push(blobs)));
    return messages;
  }

  /**
   * Declares the input ended.
   * @throws FragmentTruncatedError inside a fragment, IncompleteObjectError with objects in flight.
   */
  finish(): void {
    this.#failure.run(() => this.#core.finish());
  }
}
