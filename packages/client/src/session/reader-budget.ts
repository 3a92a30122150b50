/**
 * How far one pipeline's reader is behind, and the hold on the connection once that passes the pool's budget
 * (`maxBufferedBytesPerCommand`): the pool session stops receiving for the pipeline until its reader has taken
 * everything delivered, so memory follows what the reader takes, not what the server produces.
 *
 * Counted in bytes received for the pipeline since its reader last had nothing left to take: an over-count (the
 * messages' fragments, not their objects' heap; a reader that never quite empties its queue is counted from its last
 * empty one), which only makes the hold come early. A pipeline being stopped is never held: its stop must go
 * through (over a stream, the acknowledgement arrives behind the output the hold keeps unread).
 */
import type { PipelineObserver } from './pipeline-observer.js';

export class ReaderBudget {
  readonly #observer: PipelineObserver;
  readonly #maxBytes: number | null;
  #unreadBytes = 0;
  #hold: Promise<void> | null = null;
  #release: (() => void) | null = null;
  #exempt = false;

  constructor(observer: PipelineObserver, maxBytes: number | null) {
    this.#observer = observer;
    this.#maxBytes = maxBytes;
  }

  /** Bytes received for the pipeline that its reader may not have taken yet (0 once it took everything). */
  get unreadBytes(): number {
    return this.#unreadBytes;
  }

  /** Counts fragments that arrived for the pipeline, before their records are delivered. */
  arriving(bytes: number): void {
    if (this.#observer.backlog === 0) this.#unreadBytes = 0;
    this.#unreadBytes += bytes;
  }

  /**
   * After the records were delivered: when the reader is now over budget, the wait until it has taken them all (or
   * the pipeline ended, or is being stopped); null when it is within budget or already held.
   */
  holdIfOver(): Promise<void> | null {
    if (this.#hold || this.#exempt || this.#maxBytes === null) return null;
    if (this.#unreadBytes <= this.#maxBytes || this.#observer.backlog === 0) return null;
    const hold = new Promise<void>((resolve) => (this.#release = resolve));
    this.#hold = hold;
    void this.#observer.drained().then(() => this.#letGo());
    return hold;
  }

  /** The pipeline is being stopped or has ended: it is never held again, and a hold ends now. */
  exempt(): void {
    this.#exempt = true;
    this.#letGo();
  }

  #letGo(): void {
    if (this.#observer.backlog === 0) this.#unreadBytes = 0;
    const release = this.#release;
    this.#hold = null;
    this.#release = null;
    release?.();
  }
}
