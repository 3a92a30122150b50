/**
 * @module out-of-proc/line-queue
 * The peer's stdout: lines it wrote, read by one consumer as an async iterable that ends when the peer exits.
 */
export class LineQueue implements AsyncIterable<string> {
  readonly #lines: string[] = [];
  #wake: (() => void) | null = null;
  #ended = false;

  push(line: string): void {
    if (this.#ended) return;
    this.#lines.push(line);
    this.#notify();
  }

  /** No more lines; what is queued is still read. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      const line = this.#lines.shift();
      if (line !== undefined) yield line;
      else if (this.#ended) return;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
