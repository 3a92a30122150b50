/**
 * The session-key exchange (PUBLIC_KEY, then the server's ENCRYPTED_SESSION_KEY) that a server speaking protocol
 * 2.3 or older needs before a SecureString goes either way. Concurrent callers share one exchange; the server may
 * ask for the public key anew (PUBLIC_KEY_REQUEST), which runs it again.
 */
import type { RunspacePoolMachine } from '../protocol/runspace-pool-machine.js';
import { generateRsaKeyPair } from '../protocol/session-key.js';
import { withDeadline } from './deadline.js';

export class SessionKeyExchange {
  readonly #machine: RunspacePoolMachine;
  /** Sends what the machine queued (the PUBLIC_KEY). */
  readonly #flush: () => Promise<void>;
  readonly #timeoutMs: number | null;
  #running: Promise<void> | null = null;
  #ready: { resolve(): void; reject(error: unknown): void } | null = null;

  constructor(machine: RunspacePoolMachine, flush: () => Promise<void>, timeoutMs: number | null) {
    this.#machine = machine;
    this.#flush = flush;
    this.#timeoutMs = timeoutMs;
  }

  /** Runs the exchange when the server needs a key and none is there yet (`again`: it asked for the key anew). */
  ensure(again = false): Promise<void> {
    if (!this.#machine.usesSessionKey || (this.#machine.hasSessionKey && !again)) return Promise.resolve();
    if (this.#running) return this.#running;
    const exchange = (async () => {
      const ready = new Promise<void>((resolve, reject) => (this.#ready = { resolve, reject }));
      ready.catch(() => undefined);
      this.#machine.startKeyExchange(await generateRsaKeyPair());
      // The PUBLIC_KEY's send is inside the deadline, as a pool call's is.
      await withDeadline(
        this.#flush().then(() => ready),
        'The session key exchange',
        this.#timeoutMs,
      );
    })();
    this.#running = exchange.finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** The machine took the server's session key. */
  keyReceived(): void {
    this.#ready?.resolve();
    this.#ready = null;
  }

  /** The pool failed or closed: an exchange under way ends with `error`. */
  fail(error: unknown): void {
    this.#ready?.reject(error);
    this.#ready = null;
  }
}
