/**
 * @module http/undici-engine
 * The Node engine: each connection is an undici `Client` (one socket, keep-alive, one request at a time),
 * so NTLM and Kerberos, which authenticate a socket, hold for the life of the socket. HTTPS verifies the
 * server certificate by default (a custom CA with `tls.ca`; opting out takes `tls.rejectUnauthorized:
 * false`), presents a client certificate with `tls.cert`/`tls.key`/`tls.pfx`, and reports the server
 * certificate for channel bindings. It also gives Kerberos its way to the KDC and the credential cache.
 * Node-only: reached through `@psrp/wsman/undici`.
 */
import { STATUS_CODES } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { Client, buildConnector } from 'undici';
import { WSManHttpError } from '../errors.js';
import { MAX_TIMEOUT_SECONDS, positiveInteger } from '../option-checks.js';
import { NodeKerberosPlatform } from '../auth/kerberos/node-kerberos-platform.js';
import { concatBytes } from '../bytes.js';
import { headersFromRecord, type HttpConnection, type HttpEngine, type HttpRequest, type HttpResponse } from './http-engine.js';

type Pem = string | Buffer | (string | Buffer)[];

export interface UndiciTlsOptions {
  /** Trusted CA certificates (PEM) instead of Node's default roots. */
  ca?: Pem;
  /** Client certificate chain (PEM), for certificate authentication. */
  cert?: Pem;
  /** Private key of the client certificate (PEM). */
  key?: Pem;
  /** PKCS#12 bundle with the client certificate and key. */
  pfx?: Buffer | string;
  /** Passphrase of `key` or `pfx`. */
  passphrase?: string;
  /** Verify the server certificate (default true). `false` turns every check off: for tests and labs only. */
  rejectUnauthorized?: boolean;
  /** The TLS server name (SNI and the name checked in the certificate); default the endpoint's host. */
  servername?: string;
}

export interface UndiciEngineOptions {
  tls?: UndiciTlsOptions;
  /** Sockets one client may open to its endpoint, each authenticated on its own; default 4. */
  maxConnections?: number;
  /** Milliseconds to establish a connection (TCP and TLS); default 30 000. */
  connectTimeoutMs?: number;
  /** Milliseconds an idle socket is kept open (re-authenticating costs a round trip or two); default 60 000. */
  keepAliveMs?: number;
}

const DEFAULT_MAX_CONNECTIONS = 4;
const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
const DEFAULT_KEEP_ALIVE_MS = 60_000;

export class UndiciEngine implements HttpEngine {
  readonly name = 'undici';
  readonly pinsConnections = true;
  readonly maxConnections: number;
  readonly presentsClientCertificate: boolean;
  readonly kerberos = new NodeKerberosPlatform();
  readonly #options: UndiciEngineOptions;

  constructor(options: UndiciEngineOptions = {}) {
    // Checked here, where they are set: a connection limit of 0 or NaN would leave every request waiting.
    this.maxConnections = positiveInteger('maxConnections', options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
    positiveInteger('connectTimeoutMs', options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, MAX_TIMEOUT_SECONDS * 1000);
    positiveInteger('keepAliveMs', options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS, MAX_TIMEOUT_SECONDS * 1000);
    this.#options = options;
    this.presentsClientCertificate = options.tls?.cert !== undefined || options.tls?.pfx !== undefined;
  }

  open(endpoint: URL): HttpConnection {
    return new UndiciConnection(endpoint, this.#options);
  }
}

class UndiciConnection implements HttpConnection {
  readonly #client: Client;
  readonly #path: string;
  #socketId = 0;
  #peerCertificate: Uint8Array | null = null;

  constructor(endpoint: URL, options: UndiciEngineOptions) {
    this.#path = `${endpoint.pathname}${endpoint.search}`;
    const tls = options.tls ?? {};
    const connector = buildConnector({
      ...tls,
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
      timeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    });
    const keepAlive = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
    this.#client = new Client(endpoint.origin, {
      connect: (connectOptions, callback) => {
        connector(connectOptions, (error, socket) => {
          if (socket) {
            this.#socketId += 1;
            const certificate = (socket as TLSSocket).getPeerCertificate?.(false);
            this.#peerCertificate = certificate?.raw === undefined ? null : new Uint8Array(certificate.raw);
            socket.setNoDelay(true);
          }
          if (error) callback(error, null);
          else callback(null, socket!);
        });
      },
      pipelining: 1,
      keepAliveTimeout: keepAlive,
      keepAliveMaxTimeout: keepAlive,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  get peerCertificate(): Uint8Array | null {
    return this.#peerCertificate;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const response = await this.#client.request({
      path: this.#path,
      method: 'POST',
      headers: { ...request.headers },
      body: request.body,
      signal: request.signal,
    });
    const declared = Number(response.headers['content-length'] ?? Number.NaN);
    const tooLarge = (): WSManHttpError => new WSManHttpError(response.statusCode, `response larger than ${request.maxResponseBytes} bytes`, '');
    if (declared > request.maxResponseBytes) {
      response.body.destroy();
      throw tooLarge();
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > request.maxResponseBytes) {
        response.body.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return {
      status: response.statusCode,
      statusText: STATUS_CODES[response.statusCode] ?? '',
      headers: headersFromRecord(response.headers),
      body: concatBytes(chunks, total),
      socketId: this.#socketId,
    };
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
