/**
 * @module errors
 * Every error @psrp/wsman throws. Users match on `code`; the protocol detail (WSMan fault code,
 * machine, HTTP status) is attached as fields, the underlying failure as `cause`.
 */

/** The stable error codes, one per subclass. */
export const WSMAN_ERROR_CODES = {
  fault: 'WSMAN_ERR_FAULT',
  http: 'WSMAN_ERR_HTTP',
  auth: 'WSMAN_ERR_AUTH',
  transport: 'WSMAN_ERR_TRANSPORT',
  aborted: 'WSMAN_ERR_ABORTED',
  timeout: 'WSMAN_ERR_TIMEOUT',
  parse: 'WSMAN_ERR_PARSE',
  protocol: 'WSMAN_ERR_PROTOCOL',
  invalidOption: 'WSMAN_ERR_INVALID_OPTION',
} as const;

export type WSManErrorCode = (typeof WSMAN_ERROR_CODES)[keyof typeof WSMAN_ERROR_CODES];

/**
 * Base class. Each subclass spells its `name` out: derived from the constructor it would change
 * when a consumer's bundler minifies class names.
 */
export abstract class WSManError extends Error {
  abstract readonly code: WSManErrorCode;
  abstract override readonly name: string;
}

/** The fields of a SOAP fault as Windows sends them (s:Fault with an f:WSManFault detail). */
export interface WSManFaultDetail {
  /** s:Code/s:Value, e.g. 's:Receiver' or 's:Sender'. */
  faultCode: string;
  /** s:Code/s:Subcode/s:Value, e.g. 'w:TimedOut', 'w:InvalidSelectors'; null when absent. */
  subcode: string | null;
  /** s:Reason/s:Text. */
  reason: string;
  /** f:WSManFault/@Code: the Windows error number, e.g. 2150858793 for a timed-out operation. */
  wsmanFaultCode: number | null;
  /** f:WSManFault/@Machine: the server that raised the fault. */
  machine: string | null;
  /** f:WSManFault/f:Message, the most specific text (may contain a provider's message). */
  wsmanMessage: string | null;
  /** w:FaultDetail URI, e.g. '.../faultDetail/UnexpectedSelectors'. */
  faultDetail: string | null;
}

/** The server answered with a SOAP fault. */
export class WSManFaultError extends WSManError implements WSManFaultDetail {
  override readonly name = 'WSManFaultError';
  readonly code = WSMAN_ERROR_CODES.fault;
  readonly faultCode: string;
  readonly subcode: string | null;
  readonly reason: string;
  readonly wsmanFaultCode: number | null;
  readonly machine: string | null;
  readonly wsmanMessage: string | null;
  readonly faultDetail: string | null;
  /** HTTP status the fault came with (Windows uses 500; 400 for some sender faults). */
  readonly status: number;

  constructor(detail: WSManFaultDetail, status: number) {
    const text = (detail.wsmanMessage ?? detail.reason).trim();
    const number = detail.wsmanFaultCode === null ? '' : ` (0x${detail.wsmanFaultCode.toString(16)})`;
    const where = detail.machine === null ? '' : ` on ${detail.machine}`;
    super(`WSMan fault ${detail.subcode ?? detail.faultCode}${number}${where}: ${text}`);
    this.faultCode = detail.faultCode;
    this.subcode = detail.subcode;
    this.reason = detail.reason;
    this.wsmanFaultCode = detail.wsmanFaultCode;
    this.machine = detail.machine;
    this.wsmanMessage = detail.wsmanMessage;
    this.faultDetail = detail.faultDetail;
    this.status = status;
  }
}

/** The server answered with an HTTP error that is not a SOAP fault. */
export class WSManHttpError extends WSManError {
  override readonly name = 'WSManHttpError';
  readonly code = WSMAN_ERROR_CODES.http;
  constructor(
    readonly status: number,
    readonly statusText: string,
    /** The start of the response body, for diagnosis (never request data). */
    readonly bodyExcerpt: string,
  ) {
    super(`WSMan endpoint answered HTTP ${status} ${statusText}`.trim());
  }
}

/** Why an authentication failed, as far as the protocol lets the client tell. */
export type WSManAuthFailure =
  /** The server answered 401 to the credentials (NTLM cannot tell a wrong password from an unknown user). */
  | 'rejected'
  /** No usable credentials on this side (no Kerberos ticket for the principal, no GSSAPI module). */
  | 'no-credentials'
  /** The Kerberos ticket (or the password) has expired. */
  | 'expired'
  /** The KDC does not know the user. */
  | 'unknown-user'
  /** The KDC refused the password. */
  | 'wrong-password'
  /** No KDC of the realm answered. */
  | 'kdc-unreachable'
  /** The KDC does not know the service principal (HTTP/host). */
  | 'unknown-service'
  /** The server did not offer or complete what the mechanism needs (no session security, no token). */
  | 'unsupported'
  /** A sealed response failed its signature check, or came back unsealed on a sealed session. */
  | 'integrity';

export interface WSManAuthErrorOptions {
  reason?: WSManAuthFailure;
  /** The auth kind that failed: 'basic', 'ntlm', 'negotiate', 'kerberos', 'certificate'. */
  mechanism?: string;
  /** Replaces the default message; it must never contain a credential. */
  message?: string;
  cause?: unknown;
}

/** Authentication failed: the server refused the credentials (HTTP 401), or the client could not authenticate. */
export class WSManAuthError extends WSManError {
  override readonly name = 'WSManAuthError';
  readonly code = WSMAN_ERROR_CODES.auth;
  readonly reason: WSManAuthFailure;
  readonly mechanism: string | null;
  constructor(
    /** The HTTP status, or 0 when the failure happened on this side before an answer. */
    readonly status: number,
    /** The schemes the server offered in WWW-Authenticate, e.g. ['Negotiate', 'Basic']. */
    readonly offeredSchemes: string[],
    options: WSManAuthErrorOptions = {},
  ) {
    const offered = offeredSchemes.length > 0 ? `; the server offers ${offeredSchemes.join(', ')}` : '';
    const message =
      options.message ?? `WSMan authentication failed (HTTP ${status})${offered}: check the user name, password and auth kind`;
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason ?? 'rejected';
    this.mechanism = options.mechanism ?? null;
  }
}

/** The request never got an HTTP answer: connection refused, reset, TLS failure. */
export class WSManTransportError extends WSManError {
  override readonly name = 'WSManTransportError';
  readonly code = WSMAN_ERROR_CODES.transport;
  constructor(
    readonly endpoint: string,
    options: { cause: unknown },
  ) {
    super(`Could not reach the WSMan endpoint ${endpoint}: the connection failed`, options);
  }
}

/** The caller's AbortSignal fired. */
export class WSManAbortError extends WSManError {
  override readonly name = 'WSManAbortError';
  readonly code = WSMAN_ERROR_CODES.aborted;
  constructor(
    readonly action: string,
    options?: { cause?: unknown },
  ) {
    super(`WSMan ${action} was aborted by the caller`, options);
  }
}

/** No HTTP answer arrived within the request timeout (OperationTimeout plus a grace period). */
export class WSManTimeoutError extends WSManError {
  override readonly name = 'WSManTimeoutError';
  readonly code = WSMAN_ERROR_CODES.timeout;
  constructor(
    readonly action: string,
    readonly timeoutSeconds: number,
  ) {
    super(`WSMan ${action} got no answer within ${timeoutSeconds} s; the server or network is stalled`);
  }
}

/** A response could not be read as XML, or broke a safety limit (size, depth, DOCTYPE). */
export class WSManParseError extends WSManError {
  override readonly name = 'WSManParseError';
  readonly code = WSMAN_ERROR_CODES.parse;
  constructor(
    message: string,
    /** Which limit or rule was broken: 'doctype', 'size', 'depth', 'syntax'. */
    readonly reason: 'doctype' | 'size' | 'depth' | 'syntax',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A well-formed response lacked what the operation needs (e.g. no ShellId in a Create response). */
export class WSManProtocolError extends WSManError {
  override readonly name = 'WSManProtocolError';
  readonly code = WSMAN_ERROR_CODES.protocol;
  constructor(
    message: string,
    readonly action: string,
  ) {
    super(message);
  }
}

/** An option passed to the client is unusable (bad endpoint URL, negative size). */
export class WSManOptionError extends WSManError {
  override readonly name = 'WSManOptionError';
  readonly code = WSMAN_ERROR_CODES.invalidOption;
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`Invalid WSMan option ${option}: ${message}`);
  }
}
