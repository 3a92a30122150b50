/**
 * @module wsman-client
 * The WS-Management client: one endpoint, one session id, request envelopes through a dispatcher
 * (connection pool, auth and sealing layer, HTTP engine).
 *
 * @example
 * const client = new WSManClient({ endpoint: 'https://host:5986/wsman', auth: { kind: 'basic', username, password } });
 * const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, inputStreams: ['stdin'], outputStreams: ['stdout', 'stderr'] });
 */
import { ACTION_CREATE, ACTION_GET } from './actions.js';
import type { WSManEncryption } from './auth/auth-layer.js';
import { createAuthMechanism, type WSManAuth } from './auth/wsman-auth.js';
import type { WSManDebugHook } from './debug.js';
import { Dispatcher } from './dispatcher.js';
import { WSManHttpError, WSManOptionError, WSManParseError } from './errors.js';
import { MAX_TIMEOUT_SECONDS, positive, positiveInteger } from './option-checks.js';
import { FetchEngine } from './http/fetch-engine.js';
import type { HttpEngine } from './http/http-engine.js';
import { buildEnvelope } from './soap/envelope-builder.js';
import { parseFault } from './soap/fault-parser.js';
import { parseEnvelope, parseResponse, type SoapResponse } from './soap/response-parser.js';
import type { XmlElement } from './soap/xml-element.js';
import { shellBody, type OpenContent } from './shell/shell-bodies.js';
import { readShellId } from './shell/shell-responses.js';
import { WSManShell } from './shell/wsman-shell.js';
import type { WSManRequest, WSManRequester } from './wsman-request.js';

/** 150 KiB: what WSMan V2 servers accept and what Windows clients start with. */
export const DEFAULT_MAX_ENVELOPE_SIZE = 153600;
export const DEFAULT_OPERATION_TIMEOUT_SECONDS = 20;
export const DEFAULT_LOCALE = 'en-US';
/** A response is bounded by the server's MaxEnvelopeSize; this leaves room for any configured value. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
/** How long past OperationTimeout the client waits for an HTTP answer before giving up. */
export const REQUEST_TIMEOUT_GRACE_SECONDS = 10;
const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;
const BODY_EXCERPT_CHARS = 512;

export type { WSManAuth };

export interface WSManClientOptions {
  /** 'http://host:5985/wsman' or 'https://host:5986/wsman'. */
  endpoint: string;
  auth?: WSManAuth;
  /** Bytes, sent as wsman:MaxEnvelopeSize; default 153600. */
  maxEnvelopeSize?: number;
  /** Seconds, sent as wsman:OperationTimeout; default 20. */
  operationTimeoutSeconds?: number;
  /** xml:lang of wsman:Locale and wsmv:DataLocale; default 'en-US'. */
  locale?: string;
  /**
   * The HTTP engine; default a FetchEngine over `fetch`. NTLM, Negotiate and Kerberos need an engine that
   * pins connections: `UndiciEngine` from `@psrp/wsman/undici` in Node.
   */
  engine?: HttpEngine;
  /** The fetch of the default engine; default globalThis.fetch. Ignored when `engine` is given. */
  fetch?: typeof globalThis.fetch;
  /**
   * Message sealing for NTLM, Negotiate and Kerberos: 'auto' (default) seals over http: and not over
   * https:, as WinRM expects; 'always'; 'never' (the server must allow unencrypted traffic).
   */
  encryption?: WSManEncryption;
  /** Basic over plain http: sends the password in clear; refused unless this is true. */
  allowUnencryptedBasic?: boolean;
  /** Receives connection, authentication and request events (never credentials, tokens or bodies). */
  debug?: WSManDebugHook;
  /** Largest response body accepted, in bytes; default 8 MiB. */
  maxResponseBytes?: number;
  /** Seconds to wait for an HTTP answer; default OperationTimeout + 10. */
  requestTimeoutSeconds?: number;
}

export interface CreateShellOptions {
  resourceUri: string;
  /** Sent as the rsp:Shell ShellId attribute (PowerShell clients choose the id, WinRS servers do). */
  shellId?: string;
  inputStreams: string[];
  outputStreams: string[];
  /** wsman:OptionSet entries, each MustComply="true", e.g. { protocolversion: '2.3' }. */
  options?: Record<string, string>;
  /** e.g. creationXml in namespace http://schemas.microsoft.com/powershell. */
  openContent?: OpenContent;
  environment?: Record<string, string>;
  workingDirectory?: string;
  idleTimeoutSeconds?: number;
  lifetimeSeconds?: number;
  name?: string;
  signal?: AbortSignal;
}

function defaultEngine(fetchFunction: typeof globalThis.fetch | undefined): HttpEngine {
  try {
    return new FetchEngine(fetchFunction === undefined ? {} : { fetch: fetchFunction });
  } catch {
    throw new WSManOptionError('fetch', 'no fetch implementation available');
  }
}

function newUuid(): string {
  return globalThis.crypto.randomUUID().toUpperCase();
}

export class WSManClient implements WSManRequester {
  readonly endpoint: string;
  /** Sent as wsmv:SessionId on every request of this client. */
  readonly sessionId: string;
  readonly operationTimeoutSeconds: number;
  readonly locale: string;
  readonly #dispatcher: Dispatcher;
  readonly #maxResponseBytes: number;
  readonly #requestTimeoutSeconds: number;
  #maxEnvelopeSize: number;

  constructor(options: WSManClientOptions) {
    let url: URL;
    try {
      url = new URL(options.endpoint);
    } catch {
      throw new WSManOptionError('endpoint', `'${options.endpoint}' is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new WSManOptionError('endpoint', `expected http: or https:, got ${url.protocol}`);
    }
    this.endpoint = options.endpoint;
    this.sessionId = newUuid();
    this.#maxEnvelopeSize = positiveInteger('maxEnvelopeSize', options.maxEnvelopeSize ?? DEFAULT_MAX_ENVELOPE_SIZE);
    this.operationTimeoutSeconds = positive(
      'operationTimeoutSeconds',
      options.operationTimeoutSeconds ?? DEFAULT_OPERATION_TIMEOUT_SECONDS,
      MAX_TIMEOUT_SECONDS,
    );
    this.locale = options.locale ?? DEFAULT_LOCALE;
    const engine = options.engine ?? defaultEngine(options.fetch);
    const auth = options.auth ?? { kind: 'none' };
    const mechanism = createAuthMechanism(auth, url, engine.kerberos);
    if (mechanism.exposesPassword && url.protocol === 'http:' && options.allowUnencryptedBasic !== true) {
      throw new WSManOptionError(
        'allowUnencryptedBasic',
        'Basic over http: sends the password in clear: use https:, or ntlm/negotiate/kerberos (which seal each message), or set allowUnencryptedBasic: true',
      );
    }
    if (mechanism.createContext !== undefined && !engine.pinsConnections) {
      throw new WSManOptionError(
        'engine',
        `${auth.kind} authenticates a connection, and the ${engine.name} engine cannot keep a request on one: use UndiciEngine from @psrp/wsman/undici (Node)`,
      );
    }
    const encryption = options.encryption ?? 'auto';
    if (!['auto', 'always', 'never'].includes(encryption)) throw new WSManOptionError('encryption', `expected 'auto', 'always' or 'never', got '${String(encryption)}'`);
    this.#dispatcher = new Dispatcher(engine, url, mechanism, { encryption, debug: options.debug });
    this.#maxResponseBytes = positiveInteger('maxResponseBytes', options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
    this.#requestTimeoutSeconds = positive(
      'requestTimeoutSeconds',
      options.requestTimeoutSeconds ?? Math.min(this.operationTimeoutSeconds + REQUEST_TIMEOUT_GRACE_SECONDS, MAX_TIMEOUT_SECONDS),
      MAX_TIMEOUT_SECONDS,
    );
  }

  /** Whether SOAP bodies are sealed (NTLM, Negotiate or Kerberos over http:, or encryption 'always'). */
  get sealing(): boolean {
    return this.#dispatcher.sealing;
  }

  /** Connections open to the endpoint now (each authenticated on its own). */
  get connections(): number {
    return this.#dispatcher.connections;
  }

  /** Closes the client's connections (the undici engine's sockets); later requests fail. */
  close(): Promise<void> {
    return this.#dispatcher.close();
  }

  /** The wsman:MaxEnvelopeSize sent with each request. */
  get maxEnvelopeSize(): number {
    return this.#maxEnvelopeSize;
  }

  /** Changes MaxEnvelopeSize for later requests, e.g. to 512000 once a PSRP ≥ 2.2 server answered. */
  setMaxEnvelopeSize(bytes: number): void {
    this.#maxEnvelopeSize = positiveInteger('maxEnvelopeSize', bytes);
  }

  /**
   * Sends one request and returns the parsed response.
   * @throws {WSManFaultError} when the server answers with a SOAP fault (whatever the HTTP status).
   */
  async request(request: WSManRequest): Promise<SoapResponse> {
    const actionName = request.action.slice(request.action.lastIndexOf('/') + 1);
    const envelope = buildEnvelope(
      {
        action: request.action,
        resourceUri: request.resourceUri,
        to: this.endpoint,
        messageId: newUuid(),
        sessionId: this.sessionId,
        maxEnvelopeSize: this.#maxEnvelopeSize,
        operationTimeoutSeconds: this.operationTimeoutSeconds,
        locale: this.locale,
        selectors: request.selectors ?? {},
        options: request.options ?? [],
      },
      request.body ?? '',
    );
    const result = await this.#dispatcher.post({
      action: actionName,
      envelope,
      maxResponseBytes: this.#maxResponseBytes,
      timeoutSeconds: this.#requestTimeoutSeconds,
      signal: request.signal,
    });
    if (result.status >= HTTP_OK_MIN && result.status <= HTTP_OK_MAX) return parseResponse(result.text, result.status);
    // Windows sends faults with HTTP 500 (or 400); anything else unparseable is a plain HTTP error.
    let parsed: SoapResponse | undefined;
    try {
      parsed = parseEnvelope(result.text);
    } catch (error) {
      if (!(error instanceof WSManParseError)) throw error;
    }
    const fault = parsed === undefined ? null : parseFault(parsed.body, result.status);
    if (fault !== null) throw fault;
    throw new WSManHttpError(result.status, result.statusText, result.text.slice(0, BODY_EXCERPT_CHARS));
  }

  /** WS-Transfer Get of a resource (e.g. RESOURCE_URI_CONFIG); returns the response s:Body. */
  async get(options: { resourceUri: string; selectors?: Record<string, string>; signal?: AbortSignal }): Promise<XmlElement> {
    const request: WSManRequest = { action: ACTION_GET, resourceUri: options.resourceUri };
    if (options.selectors !== undefined) request.selectors = options.selectors;
    if (options.signal !== undefined) request.signal = options.signal;
    return (await this.request(request)).body;
  }

  /** Creates a shell (WS-Transfer Create of rsp:Shell) and returns a handle to it. */
  async createShell(options: CreateShellOptions): Promise<WSManShell> {
    const wsmanOptions = Object.entries(options.options ?? {}).map(([name, value]) => ({ name, value, mustComply: true }));
    const request: WSManRequest = {
      action: ACTION_CREATE,
      resourceUri: options.resourceUri,
      options: wsmanOptions,
      body: shellBody(options),
    };
    if (options.signal !== undefined) request.signal = options.signal;
    const response = await this.request(request);
    return new WSManShell(this, readShellId(response.body), options.resourceUri);
  }
}
