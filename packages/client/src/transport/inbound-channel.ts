/**
 * A single-consumer async queue: transports push what arrives, the pool's read loop iterates. Ending with an
 * error makes the iteration throw it after the data already queued. Given a weight per item, it keeps the weight of
 * what waits (`backlogWeight`), so that a producer can stop producing while the consumer is behind.
 */
export class InboundChannel<T> implements AsyncIterable<T> {
  readonly #weigh: ((item: T) => number) | null;
  #items: T[] = [];
  #head = 0;
  #weight = 0;
  #waiting: ((result: IteratorResult<T>) => void) | null = null;
  #failWaiting: ((error: unknown) => void) | null = null;
  #ended = false;
  #error: unknown = null;
  #drainWaiters: (() => void)[] = [];

  constructor(weigh?: (item: T) => number) {
    this.#weigh = weigh ?? null;
  }

  push(item: T): void {
    if (this.#ended) return;
    if (this.#waiting) {
      const resolve = this.#waiting;
      this.#waiting = this.#failWaiting = null;
      resolve({ value: item, done: false });
    } else {
      this.#items.push(item);
      if (this.#weigh) this.#weight += this.#weigh(item);
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
    if (this.#ended || (this.backlog === 0 && this.#waiting)) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #notifyDrained(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Items pushed and not yet taken. */
  get backlog(): number {
    return this.#items.length - this.#head;
  }

  /** The weight of the items pushed and not yet taken (0 without a weight function). */
  get backlogWeight(): number {
    return this.#weight;
  }

  get ended(): boolean {
    return this.#ended;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => {
        if (this.#head < this.#items.length) {
          const item = this.#items[this.#head]!;
          this.#items[this.#head++] = undefined as T;
          if (this.#weigh) this.#weight -= this.#weigh(item);
          if (this.#head === this.#items.length) {
            this.#items = [];
            this.#head = 0;
            this.#weight = 0;
          } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
            this.#items = this.#items.slice(this.#head);
            this.#head = 0;
          }
          return Promise.resolve({ value: item, done: false });
        }
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
