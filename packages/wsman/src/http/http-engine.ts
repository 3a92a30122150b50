/**
 * @module http/http-engine
 * The contract between the WS-Man dispatcher and whatever moves bytes over HTTP: an engine opens
 * connections to one endpoint, a connection posts one request at a time. Engines: `FetchEngine`
 * (every runtime) and `UndiciEngine` (Node, `@psrp/wsman/undici`, one pinned socket per connection).
 */

/** The Content-Type of a plain WS-Man request. */
export const SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8';

/** One POST to the endpoint. Header names are lower-case. */
export interface HttpRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** Fires on the caller's abort and on the request timeout. */
  readonly signal: AbortSignal;
  /** A larger response body fails with WSManHttpError, and is read no further. */
  readonly maxResponseBytes: number;
}

/** The headers of a response, read by name (case-insensitive). */
export interface HttpHeaders {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HttpHeaders;
  readonly body: Uint8Array;
  /**
   * Which socket answered: a pinning engine counts its sockets, so a change means the connection was
   * re-established and any connection-bound authentication is gone. 0 where the engine cannot tell.
   */
  readonly socketId: number;
}

/** A connection to the endpoint. On a pinning engine it is one keep-alive socket, re-opened if it drops. */
export interface HttpConnection {
  /** Posts one request; rejects with the engine's own error on network failure or abort. */
  send(request: HttpRequest): Promise<HttpResponse>;
  /**
   * The DER server certificate of the current TLS socket (for channel bindings, RFC 5929), or null over
   * http:, before the first request, or where the runtime does not expose it.
   */
  readonly peerCertificate: Uint8Array | null;
  close(): Promise<void>;
}

import type { KerberosPlatform } from '../auth/kerberos/kerberos-platform.js';

export interface HttpEngine {
  /** A short name for messages and the debug hook ('fetch', 'undici'). */
  readonly name: string;
  /**
   * True when each HttpConnection is exactly one TCP connection, so that NTLM and Kerberos (which
   * authenticate a connection, not a request) can run over it.
   */
  readonly pinsConnections: boolean;
  /** Connections the client may hold at once to one endpoint (each authenticates separately). */
  readonly maxConnections: number;
  /** Whether the engine presents a TLS client certificate (certificate auth needs it, or the runtime's own setup). */
  readonly presentsClientCertificate: boolean;
  open(endpoint: URL): HttpConnection;
  /** How Kerberos reaches a KDC and the credential cache on this runtime, where it can. */
  readonly kerberos?: KerberosPlatform;
}

/** Headers from a plain record, for engines whose runtime gives them as one. */
export function headersFromRecord(record: Readonly<Record<string, string | string[] | undefined>>): HttpHeaders {
  const lower = new Map<string, string>();
  for (const [name, value] of Object.entries(record)) {
    if (value !== undefined) lower.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return { get: (name) => lower.get(name.toLowerCase()) ?? null };
}
