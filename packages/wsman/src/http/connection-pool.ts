/**
 * @module http/connection-pool
 * The connections one client holds to its endpoint, each lent to one request at a time: what a
 * connection-bound authentication state hangs on. Up to the engine's `maxConnections` are opened on
 * demand; a request beyond that waits for one to come back.
 */
import type { HttpConnection, HttpEngine } from './http-engine.js';

/** One connection and the state the layers above keep for it (its authentication). */
export interface PooledConnection<State> {
  readonly id: number;
  readonly connection: HttpConnection;
  state: State | null;
}

export class ConnectionPool<State> {
  readonly #engine: HttpEngine;
  readonly #endpoint: URL;
  readonly #idle: PooledConnection<State>[] = [];
  readonly #all: PooledConnection<State>[] = [];
  readonly #waiters: ((connection: PooledConnection<State>) => void)[] = [];
  readonly #onOpen: (id: number) => void;
  #closed = false;

  constructor(engine: HttpEngine, endpoint: URL, onOpen: (id: number) => void = () => {}) {
    this.#engine = engine;
    this.#endpoint = endpoint;
    this.#onOpen = onOpen;
  }

  /** How many connections are open (for tests and the debug hook). */
  get size(): number {
    return this.#all.length;
  }

  /** Lends an idle connection, opens one, or waits for one (rejecting with the signal's reason on abort). */
  acquire(signal: AbortSignal): Promise<PooledConnection<State>> {
    if (this.#closed) return Promise.reject(new Error('the client is closed'));
    const idle = this.#idle.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.#all.length < Math.max(1, this.#engine.maxConnections)) {
      const pooled: PooledConnection<State> = { id: this.#all.length + 1, connection: this.#engine.open(this.#endpoint), state: null };
      this.#all.push(pooled);
      this.#onOpen(pooled.id);
      return Promise.resolve(pooled);
    }
    return new Promise((resolve, reject) => {
      const waiter = (connection: PooledConnection<State>): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(connection);
      };
      const onAbort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  release(pooled: PooledConnection<State>): void {
    const waiter = this.#waiters.shift();
    if (waiter !== undefined) waiter(pooled);
    else this.#idle.push(pooled);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const all = this.#all.splice(0);
    this.#idle.length = 0;
    await Promise.all(all.map((pooled) => pooled.connection.close()));
  }
}
