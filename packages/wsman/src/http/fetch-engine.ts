/**
 * @module http/fetch-engine
 * The runtime-neutral engine: each request is one `fetch`. The runtime decides which connection carries
 * it (Node's fetch keeps sockets alive and reuses an idle one, but opens another while one is busy, and
 * may close an idle one at any time), so connection-bound authentication (NTLM, Kerberos) cannot run
 * over it reliably; Basic and certificates over HTTPS can.
 */
import { concatBytes } from '../bytes.js';
import { WSManHttpError, WSManOptionError } from '../errors.js';
import { positiveInteger } from '../option-checks.js';
import type { HttpConnection, HttpEngine, HttpRequest, HttpResponse } from './http-engine.js';

export interface FetchEngineOptions {
  /** The fetch to call; default globalThis.fetch (bound, as some runtimes require). */
  fetch?: typeof globalThis.fetch;
  /** Requests the client may have in flight at once; default 4. */
  maxConnections?: number;
}

const DEFAULT_MAX_CONNECTIONS = 4;

export class FetchEngine implements HttpEngine {
  readonly name = 'fetch';
  readonly pinsConnections = false;
  readonly presentsClientCertificate = false;
  readonly maxConnections: number;
  readonly #fetch: typeof globalThis.fetch;

  constructor(options: FetchEngineOptions = {}) {
    const fetchFunction = options.fetch ?? globalThis.fetch;
    if (typeof fetchFunction !== 'function') throw new WSManOptionError('fetch', 'no fetch implementation available');
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.maxConnections = positiveInteger('maxConnections', options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  }

  open(endpoint: URL): HttpConnection {
    const fetchFunction = this.#fetch;
    const url = endpoint.href;
    return {
      peerCertificate: null,
      async send(request: HttpRequest): Promise<HttpResponse> {
        const response = await fetchFunction(url, {
          method: 'POST',
          headers: { ...request.headers },
          body: request.body,
          signal: request.signal,
        });
        const body = await readBounded(response, request.maxResponseBytes);
        return { status: response.status, statusText: response.statusText, headers: response.headers, body, socketId: 0 };
      },
      async close(): Promise<void> {},
    };
  }
}

function tooLarge(status: number, maxBytes: number): WSManHttpError {
  return new WSManHttpError(status, `response larger than ${maxBytes} bytes`, '');
}

async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(response.status, maxBytes);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(response.status, maxBytes);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, total);
}
