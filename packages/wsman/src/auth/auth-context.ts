/**
 * @module auth/auth-context
 * The authentication contract. A mechanism is made once per client from the `auth` option; one that
 * authenticates a connection (NTLM, Negotiate, Kerberos, and CredSSP later: a token exchange over HTTP
 * followed by message sealing) makes a fresh AuthContext for each connection. Basic and certificate
 * authentication are a header on every request and have no context.
 */
import type { WSManAuthError } from '../errors.js';
import type { SealedMessage } from '../http/multipart-encrypted.js';

/** What a context needs to know about the connection it authenticates. */
export interface AuthTarget {
  /** The server's host name, for the service principal (HTTP/host). */
  readonly hostname: string;
  /** Whether the connection is TLS (then WinRM does not seal messages by default). */
  readonly tls: boolean;
  /**
   * The application data of the TLS channel bindings (RFC 5929 tls-server-end-point: the prefix and the
   * hash of the server certificate), or null when there is no TLS or the engine cannot see the certificate.
   * Asked for when the token that carries it is built; the connection is opened first if need be.
   */
  channelBinding(): Promise<Uint8Array | null>;
}

/** Session security: sealing the SOAP of one request, unsealing the SOAP of one response. */
export interface MessageSealer {
  /** The protocol parameter of multipart/encrypted, e.g. application/HTTP-SPNEGO-session-encrypted. */
  readonly protocol: string;
  seal(plaintext: Uint8Array): Promise<SealedMessage>;
  /** Throws WSManAuthError (reason 'integrity') when the message does not verify. */
  unseal(sealed: SealedMessage): Promise<Uint8Array>;
}

/** One authentication of one connection: a token exchange through Authorization / WWW-Authenticate. */
export interface AuthContext {
  /** The HTTP scheme of the tokens: 'Negotiate', 'Kerberos' (later 'CredSSP'). */
  readonly scheme: string;
  /** True once this side has nothing more to send or check. */
  readonly complete: boolean;
  /** The first token. */
  initialize(): Promise<Uint8Array>;
  /** Takes a token from the server; returns the next token to send, or null when there is none. */
  step(token: Uint8Array): Promise<Uint8Array | null>;
  /** Sealing, once complete; null when the mechanism negotiated none. */
  readonly sealer: MessageSealer | null;
  /** The error for a 401 that answers this context's last token: what the client can tell of why. */
  rejected(status: number, offeredSchemes: string[]): WSManAuthError;
  dispose(): void;
}

/** An authentication method as the client uses it. */
export interface AuthMechanism {
  /** The `kind` of the auth option. */
  readonly kind: string;
  /** A header every request carries (Basic, certificate), or null. */
  readonly authorization: string | null;
  /** True when the Authorization header reveals the password to anyone who reads the request (Basic). */
  readonly exposesPassword: boolean;
  /** Makes the context for one connection; absent for header-only mechanisms. */
  createContext?(target: AuthTarget): Promise<AuthContext>;
}
