/**
 * A single-consumer async queue: transports push what arrives, the pool's read loop iterates. Ending with an
 * error makes the iteration throw it after the data already queued.
 */
export class InboundChannel<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #waiting: ((result: IteratorResult<T>) => void) | null = null;
  #failWaiting: ((error: unknown) => void) | null = null;
  #ended = false;
  #error: unknown = null;
  #drainWaiters: (() => void)[] = [];

  push(item: T): void {
    if (this.#ended) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = this.#failWaiting = null;
      resolve({ value: item, done: false });
    } else {
      this.#items.push(item);
    }
  }

  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error ?? null;
    const resolve = this.#waiting;
    const reject = this.#failWaiting;
    this.#waiting = this.#failWaiting = null;
    this.#notifyDrained();
    if (error !== undefined && reject) reject(error);
    else resolve?.({ value: undefined, done: true });
  }

  /**
   * Resolves once everything pushed so far has been taken and the consumer asks for more: by then it has acted on
   * all of it. Transports that poll use this to decide whether to poll again.
   */
  drained(): Promise<void> {
    if (this.#ended || (this.#items.length === 0 && this.#waiting)) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #notifyDrained(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  get ended(): boolean {
    return this.#ended;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        const item = this.#items.shift();
        if (item !== undefined) return Promise.resolve({ value: item, done: false });
        if (this.#ended) {
          return this.#error === null ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(this.#error);
        }
        const next = new Promise<IteratorResult<T>>((resolve, reject) => {
          this.#waiting = resolve;
          this.#failWaiting = reject;
        });
        this.#notifyDrained();
        return next;
      },
    };
  }
}
