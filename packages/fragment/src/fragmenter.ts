/**
 * @module Splits messages into fragments of at most `maxFragmentBytes` (MS-PSRP 2.2.4), with an
 * object id that increases per message.
 */
import type { FragmentEngine } from './engine.js';
import { InvalidArgumentError } from './errors.js';
import { assertFragmentSize, fragmentedBytes, splitFragments } from './fragment-layout.js';
import { allocateForOverwrite } from './runtime-native.js';
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
    // Headers and blobs cover every byte, so the buffer need not be zeroed first.
    const packed = allocateForOverwrite(this.packedBytes(message.length));
    this.fragmentInto(message, packed);
    return packed;
  }

  /** Bytes that all fragments of a message of `messageBytes` take back to back. */
  packedBytes(messageBytes: number): number {
    return fragmentedBytes(messageBytes, this.maxFragmentBytes);
  }

  /**
   * Writes every fragment of `message` back to back into `target` at `offset`, for a transport
   * that owns its send buffer; returns the bytes written (packedBytes(message.length)).
   * Fragment i starts at offset + i * maxFragmentBytes.
   */
  fragmentInto(message: Uint8Array, target: Uint8Array, offset = 0): number {
    const bytes = this.packedBytes(message.length);
    if (!Number.isInteger(offset) || offset < 0 || offset + bytes > target.length) {
      throw new InvalidArgumentError('target', `room for ${bytes} bytes at offset ${offset}`);
    }
    const objectId = this.#nextObjectId;
    if (objectId > Number.MAX_SAFE_INTEGER) throw new InvalidArgumentError('objectId', 'below 2^53');
    this.#nextObjectId = objectId + 1;
    this.#engine.writeFragments(message, this.maxFragmentBytes, objectId, target, offset);
    return bytes;
  }
}
