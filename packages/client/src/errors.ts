/**
 * Every error @psrp/client throws. Match on `code`; the classes carry the protocol detail (state, ErrorRecord,
 * exit code) as fields and set `cause` when another error is behind them.
 */
import type { ErrorRecord } from './protocol/error-record.js';

export abstract class PsrpError extends Error {
  abstract readonly code: string;
  /** Written out per class: a minifying bundler renames classes, and `name` must survive it. */
  abstract override readonly name: string;
}

/** The peer sent something the protocol does not allow, or a message the client cannot read. */
export class PsrpProtocolError extends PsrpError {
  override readonly name = 'PsrpProtocolError';
  readonly code = 'PSRP_ERR_PROTOCOL';
}

/** The call is not valid in the current state (for example invoking on a closed pool). */
export class PsrpInvalidStateError extends PsrpError {
  override readonly name = 'PsrpInvalidStateError';
  readonly code = 'PSRP_ERR_INVALID_STATE';

  constructor(
    message: string,
    readonly state: string,
  ) {
    super(message);
  }
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

  constructor(
    message: string,
    readonly errorRecord: ErrorRecord | null,
  ) {
    super(message);
  }
}

/** The pipeline was stopped before it completed. */
export class PipelineStoppedError extends PsrpError {
  override readonly name = 'PipelineStoppedError';
  readonly code = 'PSRP_ERR_PIPELINE_STOPPED';
}

/** The connection to the server failed or broke its framing rules. */
export class PsrpTransportError extends PsrpError {
  override readonly name = 'PsrpTransportError';
  readonly code = 'PSRP_ERR_TRANSPORT';

  constructor(
    message: string,
    readonly detail: { readonly exitCode?: number | null; readonly stderr?: string } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The operation was cancelled through its AbortSignal. */
export class PsrpAbortedError extends PsrpError {
  override readonly name = 'PsrpAbortedError';
  readonly code = 'PSRP_ERR_ABORTED';
}
