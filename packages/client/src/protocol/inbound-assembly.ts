/**
 * Reassembles what the server sends into whole messages, one defragmenter per target (PowerShell numbers fragment
 * objects per pool and per pipeline, so ids repeat across them), and bounds what all targets together hold in
 * unfinished objects by the pool's maxReceivedObjectBytes.
 */
import { Base64Defragmenter, FragmentError, ObjectTooLargeError, decodeMessage, type PsrpMessage } from '@psrp/fragment';
import { PsrpDecodeError, PsrpError, PsrpLimitError } from '../errors.js';

/** Fragments never carry more than this: enough to admit any object when the user lifts the limit. */
export const UNLIMITED_OBJECT_BYTES = 2 ** 31 - 1;

export class InboundAssembly {
  readonly #defragmenters = new Map<string, Base64Defragmenter>();
  /** Bytes each target holds in unfinished objects (see push), and their sum over the pool. */
  readonly #unfinished = new Map<string, number>();
  #unfinishedTotal = 0;

  readonly #maxObjectBytes: number | null;
  readonly #onMessage: (raw: Uint8Array) => void;

  /** `maxObjectBytes`: the pool's maxReceivedObjectBytes (null: none); `onMessage` gets each whole message. */
  constructor(maxObjectBytes: number | null, onMessage: (message: PsrpMessage) => void) {
    this.#maxObjectBytes = maxObjectBytes;
    // One handler for every push: no closure per received text.
    this.#onMessage = (raw) => onMessage(decodeMessage(raw));
  }

  /**
   * Feeds one text to the target's defragmenter (each whole message goes to `onMessage`), then counts what the
   * target holds unfinished: every byte received since its defragmenter last held no partial object (an over-count
   * when a text also completed messages, reset as soon as the target is idle, which PowerShell's peers reach after
   * every message: they send one object at a time per target). The per-object limit alone let a peer keep up to 16
   * objects of up to maxReceivedObjectBytes each in flight on every target; the pool's unfinished objects together
   * stay within maxReceivedObjectBytes, so memory is bounded by the limit the user chose, not by how many objects a
   * peer opens. Throws what `onMessage` throws, and what asReadError turns into the client's errors.
   */
  push(key: string, base64: string): void {
    const defragmenter = this.#defragmenterFor(key);
    defragmenter.pushBorrowed(base64, this.#onMessage);
    const before = this.#unfinished.get(key) ?? 0;
    const after = defragmenter.idle ? 0 : before + Math.ceil((base64.length * 3) / 4);
    this.#setUnfinished(key, after);
    const limit = this.#maxObjectBytes;
    if (limit !== null && this.#unfinishedTotal > limit) {
      throw new PsrpLimitError(
        `The server has sent ${this.#unfinishedTotal} bytes of objects it has not finished, over the pool's maxReceivedObjectBytes (${limit})`,
        'maxReceivedObjectBytes',
        limit,
      );
    }
  }

  /** Forgets a target (a released pipeline): its partial objects go. */
  forget(key: string): void {
    this.#defragmenters.delete(key);
    this.#setUnfinished(key, 0);
  }

  /** Forgets every target (the pool closed). */
  clear(): void {
    this.#defragmenters.clear();
    this.#unfinished.clear();
    this.#unfinishedTotal = 0;
  }

  #setUnfinished(key: string, bytes: number): void {
    this.#unfinishedTotal += bytes - (this.#unfinished.get(key) ?? 0);
    if (bytes === 0) this.#unfinished.delete(key);
    else this.#unfinished.set(key, bytes);
  }

  #defragmenterFor(key: string): Base64Defragmenter {
    let defragmenter = this.#defragmenters.get(key);
    if (!defragmenter) {
      defragmenter = new Base64Defragmenter({ maxObjectBytes: this.#maxObjectBytes ?? UNLIMITED_OBJECT_BYTES });
      this.#defragmenters.set(key, defragmenter);
    }
    return defragmenter;
  }
}

/** A failure while reading what the server sent, as the client's typed error. */
export function asReadError(error: unknown): PsrpError {
  if (error instanceof PsrpError) return error;
  if (error instanceof ObjectTooLargeError) {
    return new PsrpLimitError(
      `The server sent an object of ${error.size} bytes or more, over the pool's maxReceivedObjectBytes (${error.limit})`,
      'maxReceivedObjectBytes',
      error.limit,
      { cause: error },
    );
  }
  if (error instanceof FragmentError) return new PsrpDecodeError(`Cannot reassemble a message from the server: ${error.message}`, { cause: error });
  return new PsrpDecodeError('Cannot read a message from the server', { cause: error });
}
