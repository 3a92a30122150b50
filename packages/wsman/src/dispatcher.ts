/**
 * @module dispatcher
 * The HTTP stack of one client, as a call stack: the dispatcher joins the caller's signal and the request
 * timeout, borrows a connection from the pool, lets the auth layer authenticate and seal, and maps every
 * failure to a typed error (abort, timeout, connection failure). The engine at the bottom moves bytes.
 */
import { AuthLayer, type ConnectionAuth, type WSManEncryption } from './auth/auth-layer.js';
import type { AuthMechanism } from './auth/auth-context.js';
import type { WSManDebugHook } from './debug.js';
import { WSManAbortError, WSManError, WSManTimeoutError, WSManTransportError } from './errors.js';
import { ConnectionPool } from './http/connection-pool.js';
import type { HttpEngine } from './http/http-engine.js';

const MILLISECONDS_PER_SECOND = 1000;

export interface DispatchResult {
  status: number;
  statusText: string;
  text: string;
}

export interface DispatchOptions {
  /** For error messages and the debug hook ('Receive', 'Create'). */
  action: string;
  envelope: string;
  timeoutSeconds: number;
  maxResponseBytes: number;
  signal: AbortSignal | undefined;
}

export class Dispatcher {
  readonly #endpoint: URL;
  readonly #pool: ConnectionPool<ConnectionAuth>;
  readonly #auth: AuthLayer;
  readonly #debug: WSManDebugHook | undefined;

  constructor(engine: HttpEngine, endpoint: URL, mechanism: AuthMechanism, options: { encryption: WSManEncryption; debug?: WSManDebugHook | undefined }) {
    this.#endpoint = endpoint;
    this.#debug = options.debug;
    this.#pool = new ConnectionPool(engine, endpoint, (connection) => options.debug?.({ type: 'connection-open', connection, engine: engine.name }));
    this.#auth = new AuthLayer(mechanism, endpoint, options);
  }

  get sealing(): boolean {
    return this.#auth.sealing;
  }

  /** Connections open now. */
  get connections(): number {
    return this.#pool.size;
  }

  async post(options: DispatchOptions): Promise<DispatchResult> {
    const { signal, action } = options;
    if (signal?.aborted) throw new WSManAbortError(action, { cause: signal.reason });
    // Our own controller joins the caller's signal and the request timeout without AbortSignal.any,
    // which older runtimes lack.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutSeconds * MILLISECONDS_PER_SECOND);
    const onAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const soap = new TextEncoder().encode(options.envelope);
    let pooled;
    try {
      pooled = await this.#pool.acquire(controller.signal);
      // Aborted while waiting for a connection: send nothing.
      if (controller.signal.aborted) throw controller.signal.reason ?? new Error('aborted');
      const response = await this.#auth.send(pooled, soap, { signal: controller.signal, maxResponseBytes: options.maxResponseBytes });
      this.#debug?.({
        type: 'request',
        connection: pooled.id,
        action,
        status: response.status,
        sealed: response.sealed,
        requestBytes: soap.byteLength,
        responseBytes: response.body.byteLength,
      });
      return { status: response.status, statusText: response.statusText, text: new TextDecoder('utf-8').decode(response.body) };
    } catch (error) {
      // Whatever failed, this connection's authentication (and its sealing sequence) is not to be trusted.
      if (pooled !== undefined) {
        pooled.state?.context.dispose();
        pooled.state = null;
      }
      if (signal?.aborted) throw new WSManAbortError(action, { cause: signal.reason });
      if (timedOut) throw new WSManTimeoutError(action, options.timeoutSeconds);
      if (error instanceof WSManError) throw error;
      throw new WSManTransportError(this.#endpoint.href, { cause: error });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (pooled !== undefined) this.#pool.release(pooled);
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
