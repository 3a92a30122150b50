/**
 * @module auth/auth-layer
 * Authentication and message sealing as a thin layer over one pooled connection. Header mechanisms
 * (Basic, certificate) add their header to each request. Context mechanisms (NTLM, Negotiate, Kerberos)
 * authenticate the connection once, in requests with an empty body (`Authorization: <scheme> <token>`,
 * 401 with the server's token, until a non-401 answer, whose token is processed too); then each SOAP
 * request goes without Authorization, sealed as multipart/encrypted when sealing is on. A 401 on a
 * connection authenticated by an earlier call means the server lost the context (the socket was
 * re-opened): the layer authenticates again and resends once.
 */
import { toBase64 } from '../bytes.js';
import type { WSManDebugHook } from '../debug.js';
import { WSManAuthError, WSManProtocolError } from '../errors.js';
import type { PooledConnection } from '../http/connection-pool.js';
import { SOAP_CONTENT_TYPE, type HttpRequest, type HttpResponse } from '../http/http-engine.js';
import {
  MalformedEncryptedBody,
  decodeEncryptedBody,
  encodeEncryptedBody,
  encryptedContentType,
  encryptedProtocolOf,
} from '../http/multipart-encrypted.js';
import { offeredSchemes, schemeToken } from '../http/www-authenticate.js';
import type { AuthContext, AuthMechanism, AuthTarget, MessageSealer } from './auth-context.js';
import { tlsServerEndPoint } from './channel-binding.js';

/** The auth state of one connection. */
export interface ConnectionAuth {
  readonly context: AuthContext;
  /** The engine's socket id when the handshake finished. */
  readonly socketId: number;
}

/** When to seal messages: 'auto' seals over http: and not over https: (as WinRM clients do). */
export type WSManEncryption = 'auto' | 'always' | 'never';

/** No mechanism needs more round trips than this (NTLM 2, SPNEGO 2, Kerberos 1-2). */
const MAX_HANDSHAKE_LEGS = 8;
const HTTP_UNAUTHORIZED = 401;
const HTTP_OK_MIN = 200;
const HTTP_OK_MAX = 299;
const EMPTY = new Uint8Array(0);

type RequestBase = Pick<HttpRequest, 'signal' | 'maxResponseBytes'>;

export interface LayerResponse extends HttpResponse {
  readonly sealed: boolean;
}

export class AuthLayer {
  readonly #mechanism: AuthMechanism;
  readonly #endpoint: URL;
  readonly #seal: boolean;
  readonly #debug: WSManDebugHook | undefined;

  constructor(mechanism: AuthMechanism, endpoint: URL, options: { encryption: WSManEncryption; debug?: WSManDebugHook | undefined }) {
    this.#mechanism = mechanism;
    this.#endpoint = endpoint;
    this.#debug = options.debug;
    const tls = endpoint.protocol === 'https:';
    this.#seal = mechanism.createContext !== undefined && (options.encryption === 'always' || (options.encryption === 'auto' && !tls));
  }

  /** Whether SOAP bodies are sealed (context mechanisms over http:, or `encryption: 'always'`). */
  get sealing(): boolean {
    return this.#seal;
  }

  /** Sends one SOAP message over the pooled connection and returns the (unsealed) response. */
  async send(pooled: PooledConnection<ConnectionAuth>, soap: Uint8Array, base: RequestBase): Promise<LayerResponse> {
    const mechanism = this.#mechanism;
    if (mechanism.createContext === undefined) {
      const headers: Record<string, string> = { 'content-type': SOAP_CONTENT_TYPE };
      if (mechanism.authorization !== null) headers.authorization = mechanism.authorization;
      const response = await pooled.connection.send({ ...base, headers, body: soap });
      if (response.status === HTTP_UNAUTHORIZED) throw this.#headerRejected(response);
      return { ...response, sealed: false };
    }
    for (let attempt = 0; ; attempt += 1) {
      const authenticatedEarlier = pooled.state !== null;
      const auth = pooled.state ?? (pooled.state = await this.#authenticate(pooled, base));
      const sealer = this.#seal ? this.#sealerOf(auth.context) : null;
      const request = sealer === null ? { headers: { 'content-type': SOAP_CONTENT_TYPE }, body: soap } : await this.#sealed(sealer, soap);
      const response = await pooled.connection.send({ ...base, ...request });
      if (response.status === HTTP_UNAUTHORIZED) {
        this.#drop(pooled);
        if (authenticatedEarlier && attempt === 0) {
          const reopened = response.socketId !== 0 && response.socketId !== auth.socketId;
          this.#debug?.({
            type: 're-authenticate',
            connection: pooled.id,
            mechanism: mechanism.kind,
            reason: reopened ? 'HTTP 401: the socket was re-opened' : 'HTTP 401: the server dropped the context',
          });
          continue;
        }
        throw new WSManAuthError(response.status, offeredSchemes(response.headers.get('www-authenticate')), {
          reason: sealer === null ? 'rejected' : 'integrity',
          mechanism: mechanism.kind,
          message:
            `The server accepted the ${mechanism.kind} authentication, then answered the request on that connection with HTTP ${response.status}` +
            (sealer === null ? '' : ': it could not unseal the message (the session keys or sequence numbers disagree)'),
        });
      }
      return await this.#unsealed(pooled, response, sealer);
    }
  }

  #drop(pooled: PooledConnection<ConnectionAuth>): void {
    pooled.state?.context.dispose();
    pooled.state = null;
  }

  #sealerOf(context: AuthContext): MessageSealer {
    const sealer = context.sealer;
    if (sealer === null) {
      throw new WSManAuthError(0, [], {
        reason: 'unsupported',
        mechanism: this.#mechanism.kind,
        message: `${this.#mechanism.kind} negotiated no message sealing, which a plain http: endpoint needs: use https:, or encryption: 'never' where the server allows unencrypted traffic`,
      });
    }
    return sealer;
  }

  async #sealed(sealer: MessageSealer, soap: Uint8Array): Promise<{ headers: Record<string, string>; body: Uint8Array }> {
    const sealed = await sealer.seal(soap);
    return {
      headers: { 'content-type': encryptedContentType(sealer.protocol) },
      body: encodeEncryptedBody(sealer.protocol, sealed, soap.byteLength),
    };
  }

  async #unsealed(pooled: PooledConnection<ConnectionAuth>, response: HttpResponse, sealer: MessageSealer | null): Promise<LayerResponse> {
    const protocol = encryptedProtocolOf(response.headers.get('content-type'));
    if (protocol === null) {
      const success = response.status >= HTTP_OK_MIN && response.status <= HTTP_OK_MAX;
      if (sealer !== null && success && response.body.byteLength > 0) {
        this.#drop(pooled);
        throw new WSManAuthError(response.status, [], {
          reason: 'integrity',
          mechanism: this.#mechanism.kind,
          message: 'The server answered a sealed request with an unsealed body; refusing it (a proxy or an attacker may have altered it)',
        });
      }
      return { ...response, sealed: false };
    }
    if (sealer === null) {
      throw new WSManProtocolError(`The server sent a sealed (${protocol}) response to an unsealed request`, 'unseal');
    }
    try {
      const { plaintextLength, sealed } = decodeEncryptedBody(response.body);
      const body = await sealer.unseal(sealed);
      if (body.byteLength !== plaintextLength) throw new MalformedEncryptedBody(`unsealed ${body.byteLength} bytes where ${plaintextLength} were declared`);
      return { ...response, body, sealed: true };
    } catch (error) {
      // The sequence numbers of this connection's context can no longer be trusted.
      this.#drop(pooled);
      if (error instanceof MalformedEncryptedBody) {
        throw new WSManProtocolError(`The server's sealed response is malformed: ${error.message}`, 'unseal');
      }
      throw error;
    }
  }

  async #authenticate(pooled: PooledConnection<ConnectionAuth>, base: RequestBase): Promise<ConnectionAuth> {
    const mechanism = this.#mechanism;
    const connection = pooled.connection;
    let usedBinding = false;
    const target: AuthTarget = {
      hostname: this.#endpoint.hostname.replace(/^\[|\]$/g, ''),
      tls: this.#endpoint.protocol === 'https:',
      channelBinding: async () => {
        if (this.#endpoint.protocol !== 'https:') return null;
        // A token built before the first request (Kerberos' AP-REQ) needs the certificate: open the connection
        // with an anonymous request, which the server answers with a 401.
        if (connection.peerCertificate === null) await connection.send({ ...base, headers: {}, body: EMPTY });
        const certificate = connection.peerCertificate;
        if (certificate === null) return null;
        usedBinding = true;
        return tlsServerEndPoint(certificate);
      },
    };
    const context = await mechanism.createContext!(target);
    try {
      let token: Uint8Array | null = await context.initialize();
      for (let leg = 1; leg <= MAX_HANDSHAKE_LEGS; leg += 1) {
        const response: HttpResponse = await connection.send({
          ...base,
          headers: { authorization: `${context.scheme} ${toBase64(token)}` },
          body: EMPTY,
        });
        this.#debug?.({ type: 'auth-leg', connection: pooled.id, mechanism: mechanism.kind, scheme: context.scheme, leg, status: response.status });
        const header = response.headers.get('www-authenticate');
        const offered = offeredSchemes(header);
        const serverToken = schemeToken(header, context.scheme);
        if (response.status === HTTP_UNAUTHORIZED) {
          if (serverToken === null) {
            if (leg === 1 && offered.length > 0 && !offered.some((scheme) => scheme.toLowerCase() === context.scheme.toLowerCase())) {
              throw new WSManAuthError(response.status, offered, {
                reason: 'unsupported',
                mechanism: mechanism.kind,
                message: `The server does not offer ${context.scheme} authentication; it offers ${offered.join(', ')}`,
              });
            }
            throw context.rejected(response.status, offered);
          }
          token = await context.step(serverToken);
          if (token === null) throw context.rejected(response.status, offered);
          continue;
        }
        // The server accepted: its last token (SPNEGO's mechListMIC, Kerberos' AP-REP) still has to be processed.
        if (serverToken !== null) await context.step(serverToken);
        if (!context.complete) {
          throw new WSManAuthError(response.status, offered, {
            reason: 'unsupported',
            mechanism: mechanism.kind,
            message: `The server answered HTTP ${response.status} before the ${context.scheme} exchange completed`,
          });
        }
        this.#debug?.({
          type: 'authenticated',
          connection: pooled.id,
          mechanism: mechanism.kind,
          legs: leg,
          sealing: this.#seal ? (context.sealer?.protocol ?? null) : null,
          channelBinding: usedBinding,
        });
        return { context, socketId: response.socketId };
      }
      throw new WSManAuthError(HTTP_UNAUTHORIZED, [], { reason: 'unsupported', mechanism: mechanism.kind, message: `The ${context.scheme} exchange did not finish in ${MAX_HANDSHAKE_LEGS} round trips` });
    } catch (error) {
      context.dispose();
      throw error;
    }
  }

  #headerRejected(response: HttpResponse): WSManAuthError {
    const offered = offeredSchemes(response.headers.get('www-authenticate'));
    const kind = this.#mechanism.kind;
    if (kind === 'basic') {
      return new WSManAuthError(response.status, offered, {
        reason: 'rejected',
        mechanism: kind,
        message: `The server rejected the Basic credentials (HTTP ${response.status})${offered.length > 0 ? `; it offers ${offered.join(', ')}` : ''}: wrong user name or password, an account that is not local (WinRM's Basic takes local accounts only), or Basic disabled on the server`,
      });
    }
    if (kind === 'certificate') {
      return new WSManAuthError(response.status, offered, {
        reason: 'rejected',
        mechanism: kind,
        message: `The server rejected the client certificate (HTTP ${response.status}): no certificate mapping for it, or the certificate was not presented (set the engine's tls.cert and tls.key)`,
      });
    }
    return new WSManAuthError(response.status, offered, { mechanism: kind });
  }
}
