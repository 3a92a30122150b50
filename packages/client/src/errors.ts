/**
 * Every error @psrp/client throws or rejects with. Match on `code`; the classes carry the protocol detail (state,
 * ErrorRecord, exit code) as fields and set `cause` when another error is behind them (a fragment, CLIXML or WSMan
 * error from the packages below is always wrapped, never thrown bare).
 */
import type { ErrorRecord } from './protocol/error-record.js';

export abstract class PsrpError extends Error {
  abstract readonly code: string;
  /** Written out per class: a minifying bundler renames classes, and `name` must survive it. */
  abstract override readonly name: string;
}

/** The peer sent something the protocol does not allow, or a message this client does not handle. */
export class PsrpProtocolError extends PsrpError {
  override readonly name = 'PsrpProtocolError';
  readonly code = 'PSRP_ERR_PROTOCOL';
}

/** A received message could not be read (its fragments or its CLIXML body); `cause` is the decoder's error. */
export class PsrpDecodeError extends PsrpError {
  override readonly name = 'PsrpDecodeError';
  readonly code = 'PSRP_ERR_DECODE';
}

/** A received message or a command's output went over one of the client's limits (a pool option). */
export class PsrpLimitError extends PsrpError {
  override readonly name = 'PsrpLimitError';
  readonly code = 'PSRP_ERR_LIMIT';

  constructor(
    message: string,
    readonly limit: 'maxReceivedObjectBytes' | 'maxReceivedDataBytesPerCommand' | 'maxReceivedElements',
    readonly value: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The call is not valid in the current state: names the action, the state and the states that allow it. */
export class PsrpInvalidStateError extends PsrpError {
  override readonly name = 'PsrpInvalidStateError';
  readonly code = 'PSRP_ERR_INVALID_STATE';

  constructor(
    readonly action: string,
    readonly state: string,
    readonly allowed: readonly string[],
    detail?: string,
  ) {
    super(
      `Cannot ${action}: it is ${state}${allowed.length > 0 ? ` (allowed when ${allowed.join(', ')})` : ''}${detail ? `. ${detail}` : ''}`,
    );
  }
}

/** A bad argument: the message says which and why (`cause`: the ClixmlError when a value cannot be written as CLIXML). */
export class PsrpArgumentError extends PsrpError {
  override readonly name = 'PsrpArgumentError';
  readonly code = 'PSRP_ERR_ARGUMENT';
}

/** The server did not accept the versions the client announced. */
export class PsrpNegotiationError extends PsrpError {
  override readonly name = 'PsrpNegotiationError';
  readonly code = 'PSRP_ERR_NEGOTIATION';
}

/** The runspace pool went Broken or failed to open; the server's reason is attached when it sent one. */
export class RunspacePoolBrokenError extends PsrpError {
  override readonly name = 'RunspacePoolBrokenError';
  readonly code = 'PSRP_ERR_POOL_BROKEN';

  constructor(
    message: string,
    readonly errorRecord: ErrorRecord | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The pipeline ended Failed; `errorRecord` is the terminating error the server reported. */
export class PipelineFailedError extends PsrpError {
  override readonly name = 'PipelineFailedError';
  readonly code = 'PSRP_ERR_PIPELINE_FAILED';
  /** The output received before the failure (filled by `invoke()`; `stream()` has yielded it already). */
  output: readonly unknown[] = [];

  constructor(
    message: string,
    readonly errorRecord: ErrorRecord | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The pipeline was stopped before it completed. */
export class PipelineStoppedError extends PsrpError {
  override readonly name = 'PipelineStoppedError';
  readonly code = 'PSRP_ERR_PIPELINE_STOPPED';
}

/** The connection to the server failed, ended, or broke its framing rules. */
export class PsrpTransportError extends PsrpError {
  override readonly name: string = 'PsrpTransportError';
  readonly code: string = 'PSRP_ERR_TRANSPORT';

  constructor(
    message: string,
    readonly detail: { readonly exitCode?: number | null; readonly stderr?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The peer went away (the process ended, the connection closed) while the pool was in use. */
export class PsrpConnectionClosedError extends PsrpTransportError {
  override readonly name = 'PsrpConnectionClosedError';
  override readonly code = 'PSRP_ERR_CONNECTION_CLOSED';
}

/**
 * The SSH server's host key is not one the user trusts: unknown to known_hosts under `strict`, different from the
 * key known_hosts holds for the host (`changed`), marked `@revoked`, or refused by the user's check. The
 * fingerprint is OpenSSH's (`SHA256:` and unpadded base64), to compare with `ssh-keygen -lf`.
 */
export class PsrpHostKeyError extends PsrpTransportError {
  override readonly name = 'PsrpHostKeyError';
  override readonly code = 'PSRP_ERR_HOST_KEY';

  constructor(
    message: string,
    readonly fingerprint: string,
    readonly reason: 'unknown' | 'changed' | 'revoked' | 'rejected',
    options?: ErrorOptions,
  ) {
    super(message, {}, options);
  }
}

/** The server refused every credential offered (a wrong password, key or keyboard-interactive answer). */
export class PsrpAuthenticationError extends PsrpTransportError {
  override readonly name = 'PsrpAuthenticationError';
  override readonly code = 'PSRP_ERR_AUTH';

  constructor(
    message: string,
    readonly methodsTried: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, {}, options);
  }
}

/**
 * An ssh_config file (`~/.ssh/config`, or the `configPath` option) could not be used for this connection: it cannot be
 * read, a line cannot be parsed, or it asks for something @psrp/client/ssh does not do (`ProxyJump`,
 * `ProxyCommand`, `Match exec`). `file` and `line` say where; `keyword` is the option (lowercase) when one is at fault.
 */
export class PsrpSshConfigError extends PsrpTransportError {
  override readonly name = 'PsrpSshConfigError';
  override readonly code = 'PSRP_ERR_SSH_CONFIG';

  constructor(
    message: string,
    readonly file: string,
    readonly line: number | null,
    readonly keyword: string | null,
    options?: ErrorOptions,
  ) {
    super(message, {}, options);
  }
}

/** The operation was cancelled through its AbortSignal. */
export class PsrpAbortedError extends PsrpError {
  override readonly name = 'PsrpAbortedError';
  readonly code = 'PSRP_ERR_ABORTED';
}

/** The operation took longer than its timeout (a pool option such as openTimeoutMs). */
export class PsrpTimeoutError extends PsrpError {
  override readonly name = 'PsrpTimeoutError';
  readonly code = 'PSRP_ERR_TIMEOUT';
}

/**
 * A host method that cannot be answered: the host is not interactive, lacks the method, or the answer cannot be
 * sent. Host dispatch turns it (like any error a user's host throws) into the exception the server's pipeline
 * sees, so a script calling Read-Host fails the way it does in a non-interactive PowerShell.
 */
export class PsrpHostError extends PsrpError {
  override readonly name = 'PsrpHostError';
  readonly code = 'PSRP_ERR_HOST';

  /** `method` is the spec name of the host method (e.g. `ReadLine`) when the error is about one. */
  constructor(
    message: string,
    readonly method: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
