/**
 * @module The objects in flight of one reassembly (MS-PSRP 2.2.4) and the rules every TS core
 * applies when a fragment header arrives, before its blob is buffered: start and FragmentId
 * order, the per-object size limit and the number of unfinished objects.
 */
import { FRAGMENT_HEADER_BYTES } from './constants.js';
import {
  FragmentSequenceError,
  FragmentTruncatedError,
  IncompleteObjectError,
  ObjectTooLargeError,
  TooManyObjectsError,
} from './errors.js';
import type { FragmentHeader } from './fragment-header.js';
import type { ReassemblerOptions } from './reassembler.js';

/** What is known of every object in flight; cores add where its bytes go. */
export interface ObjectProgress {
  readonly objectId: number;
  nextFragmentId: number;
  /** BlobLength summed over the fragments begun so far, the current one included. */
  bytes: number;
}

/** The fragment whose blob is being read, as finish() reports it when the input ends inside it. */
export interface PendingFragment {
  readonly header: FragmentHeader;
  readonly remaining: number;
}

export class ObjectSequence<Progress extends ObjectProgress> {
  readonly #limits: Pick<ReassemblerOptions, 'maxObjectBytes' | 'maxObjectsInFlight'>;
  readonly #objects = new Map<number, Progress>();
  /**
   * The object of a fragment that is both start and end while its blob arrives. It is kept out of
   * the map: no other header can come before it completes, so nothing looks it up, and most
   * messages are such objects (the map's set and delete showed in the per-message cost).
   */
  #whole: Progress | undefined;

  constructor(limits: Pick<ReassemblerOptions, 'maxObjectBytes' | 'maxObjectsInFlight'>) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#objects.size + (this.#whole === undefined ? 0 : 1);
  }

  /**
   * Checks `header` against its object and the limits and returns the object, registered;
   * `create` makes a new one for a start fragment and must not allocate its blob memory yet.
   * @throws FragmentSequenceError, TooManyObjectsError, ObjectTooLargeError
   */
  begin(header: FragmentHeader, create: (objectId: number) => Progress): Progress {
    const { objectId, fragmentId } = header;
    const { maxObjectBytes, maxObjectsInFlight } = this.#limits;
    let object = this.#objects.get(objectId);
    if (object === undefined) {
      if (!header.start) throw new FragmentSequenceError('missing-start', objectId, fragmentId, undefined);
      if (fragmentId !== 0) throw new FragmentSequenceError('start-not-first', objectId, fragmentId, undefined);
      if (this.size >= maxObjectsInFlight) throw new TooManyObjectsError(maxObjectsInFlight);
      object = create(objectId);
    } else if (header.start) {
      throw new FragmentSequenceError('duplicate-start', objectId, fragmentId, object.nextFragmentId);
    } else if (fragmentId !== object.nextFragmentId) {
      const reason = fragmentId < object.nextFragmentId ? 'duplicate' : 'skipped';
      throw new FragmentSequenceError(reason, objectId, fragmentId, object.nextFragmentId);
    }
    const bytes = object.bytes + header.blobLength;
    if (bytes > maxObjectBytes) throw new ObjectTooLargeError(objectId, bytes, maxObjectBytes);
    object.bytes = bytes;
    object.nextFragmentId = fragmentId + 1;
    // Registered only once every check passed, so a rejected start leaves no trace.
    if (header.start && header.end) this.#whole = object;
    else this.#objects.set(objectId, object);
    return object;
  }

  /** Forgets a completed object. */
  end(object: Progress): void {
    if (this.#whole === object) this.#whole = undefined;
    else this.#objects.delete(object.objectId);
  }

  /**
   * Declares the input ended.
   * @throws FragmentTruncatedError inside a header or a blob, IncompleteObjectError with objects in flight.
   */
  assertInputEnded(partialHeaderBytes: number, fragment: PendingFragment | undefined): void {
    if (partialHeaderBytes > 0 || fragment !== undefined) {
      const expected = FRAGMENT_HEADER_BYTES + (fragment?.header.blobLength ?? 0);
      const actual = fragment === undefined ? partialHeaderBytes : expected - fragment.remaining;
      throw new FragmentTruncatedError(expected, actual);
    }
    if (this.#objects.size > 0) throw new IncompleteObjectError([...this.#objects.keys()].sort((left, right) => left - right));
  }
}
