/**
 * @module Memory for lent messages (Base64Defragmenter.pushBorrowed), taken back once the reader
 * is done with them: a stream whose messages are read and dropped at once then decodes into memory
 * it already has, instead of memory the process must first allocate and fault in (on Node that
 * costs more than decoding the bytes). Bounded: at most `retainBytes` in all, the largest kept.
 */

/** What a Base64Defragmenter keeps between lent messages unless told otherwise. */
export const DEFAULT_RETAIN_BYTES = 4 * 1024 * 1024;
/** Objects in flight at once each need a buffer; more than this many are rare. */
const MAX_KEPT_BUFFERS = 8;

export class RecycledMemory {
  readonly retainBytes: number;
  /** Largest first. */
  readonly #kept: Uint8Array[] = [];
  #keptBytes = 0;

  constructor(retainBytes: number) {
    this.retainBytes = retainBytes;
  }

  /** Bytes held for the next messages. */
  get keptBytes(): number {
    return this.#keptBytes;
  }

  /**
   * A buffer of at least `bytes`: the largest kept one when it is large enough (it holds earlier
   * bytes of the same stream), else a new zeroed one. The largest, because an object whose size is
   * not yet known may well grow into it.
   */
  take(bytes: number): Uint8Array {
    const largest = this.#kept[0];
    if (largest === undefined || largest.length < bytes) return new Uint8Array(bytes);
    this.#kept.shift();
    this.#keptBytes -= largest.length;
    return largest;
  }

  /** Takes back a whole buffer that nobody reads any more; keeps it while the bounds allow. */
  recycle(buffer: Uint8Array): void {
    if (buffer.length === 0 || buffer.length > this.retainBytes) return;
    let at = 0;
    while (at < this.#kept.length && this.#kept[at]!.length >= buffer.length) at++;
    this.#kept.splice(at, 0, buffer);
    this.#keptBytes += buffer.length;
    while (this.#keptBytes > this.retainBytes || this.#kept.length > MAX_KEPT_BUFFERS) {
      this.#keptBytes -= this.#kept.pop()!.length;
    }
  }
}
