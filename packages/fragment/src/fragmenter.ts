/**
 * @module Splits messages into fragments of at most `maxFragmentBytes` (MS-PSRP 2.2.4), with an
 * object id that increases per message.
 */
import type { FragmentEngine } from './engine.js';
import { InvalidArgumentError } from './errors.js';
import { assertFragmentSize, splitFragments } from './fragment-layout.js';
import { syncEngine } from './ts-engine.js';

/** Options of a {@link Fragmenter}. */
export interface FragmenterOptions {
  /**
   * Largest fragment including its 21-byte header: OUT_OF_PROC_FRAGMENT_BYTES for out-of-proc,
   * derived from MaxEnvelopeSize for WSMan.
   */
  maxFragmentBytes: number;
  /** ObjectId of the first message; MS-PSRP requires ids > 0. Default 1. */
  firstObjectId?: number;
  /** Which implementation writes the fragments; see loadFragmentEngine. */
  engine?: FragmentEngine;
}

/**
 * @example
 * const fragmenter = new Fragmenter({ maxFragmentBytes: OUT_OF_PROC_FRAGMENT_BYTES });
 * for (const fragment of fragmenter.fragment(encodeMessage(message))) send(encodeBase64(fragment));
 */
export class Fragmenter {
  readonly maxFragmentBytes: number;
  readonly #engine: FragmentEngine;
  #nextObjectId: number;

  constructor(options: FragmenterOptions) {
    assertFragmentSize(options.maxFragmentBytes);
    const firstObjectId = options.firstObjectId ?? 1;
    if (!Number.isSafeInteger(firstObjectId) || firstObjectId < 1) {
      throw new InvalidArgumentError('firstObjectId', 'an integer in 1..2^53-1');
    }
    this.maxFragmentBytes = options.maxFragmentBytes;
    this.#nextObjectId = firstObjectId;
    this.#engine = options.engine ?? syncEngine;
  }

  /** The ObjectId the next message will get. */
  get nextObjectId(): number {
    return this.#nextObjectId;
  }

  /**
   * Every fragment of `message`, each a whole fragment (header and blob). The entries are views
   * of one buffer, written with a single copy of the message.
   */
  fragment(message: Uint8Array): Uint8Array[] {
    return splitFragments(this.fragmentPacked(message), this.maxFragmentBytes);
  }

  /** Every fragment of `message` back to back in one buffer, as a WSMan Send may carry them. */
  fragmentPacked(message: Uint8Array): Uint8Array {
    const objectId = this.#nextObjectId;
    if (objectId > Number.MAX_SAFE_INTEGER) throw new InvalidArgumentError('objectId', 'below 2^53');
    this.#nextObjectId = objectId + 1;
    return this.#engine.writeFragments(message, this.maxFragmentBytes, objectId);
  }
}
