/**
 * @module The TS path of reassembly (MS-PSRP 2.2.4): blobs stay views of the pushed chunks until
 * their object completes, every limit is checked at the header, before the blob is buffered.
 */
import { FRAGMENT_HEADER_BYTES } from './constants.js';
import { type FragmentHeader, readFragmentHeader } from './fragment-header.js';
import { type ObjectProgress, ObjectSequence } from './object-sequence.js';
import type { CompleteMessage, Reassembler, ReassemblerOptions } from './reassembler.js';

interface ObjectInFlight extends ObjectProgress {
  readonly blobs: Uint8Array[];
}

interface FragmentInProgress {
  readonly object: ObjectInFlight;
  readonly header: FragmentHeader;
  remaining: number;
}

export class TsReassembler implements Reassembler {
  readonly #options: ReassemblerOptions;
  readonly #objects: ObjectSequence<ObjectInFlight>;
  readonly #partialHeader = new Uint8Array(FRAGMENT_HEADER_BYTES);
  #partialHeaderBytes = 0;
  #fragment: FragmentInProgress | undefined;

  constructor(options: ReassemblerOptions) {
    this.#options = options;
    this.#objects = new ObjectSequence(options);
  }

  get objectsInFlight(): number {
    return this.#objects.size;
  }

  get idle(): boolean {
    return this.#objects.size === 0 && this.#partialHeaderBytes === 0 && this.#fragment === undefined;
  }

  push(chunk: Uint8Array, complete: CompleteMessage): void {
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
      fragment.object.blobs.push(this.#options.copyInput ? blob.slice() : blob);
      fragment.remaining -= take;
      offset += take;
      if (fragment.remaining === 0) this.#endFragment(complete);
    }
  }

  finish(): void {
    this.#objects.assertInputEnded(this.#partialHeaderBytes, this.#fragment);
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
    const object = this.#objects.begin(header, (objectId) => ({ objectId, nextFragmentId: 0, bytes: 0, blobs: [] }));
    this.#fragment = { object, header, remaining: header.blobLength };
  }

  #endFragment(complete: CompleteMessage): void {
    const { object, header } = this.#fragment!;
    this.#fragment = undefined;
    if (!header.end) return;
    this.#objects.end(object);
    complete(object.blobs, object.bytes);
  }
}
