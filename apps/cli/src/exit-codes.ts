/**
 * The exit codes of every command (README.md lists them). When several apply, the highest in this order wins:
 * interrupted, unreachable, hash mismatch, script failed.
 */
import {
  PipelineFailedError,
  PipelineStoppedError,
  PsrpAbortedError,
  PsrpError,
  PsrpHostError,
  PsrpTransportError,
  RunspacePoolBrokenError,
} from '@psrp/client';

export const ExitCode = {
  Success: 0,
  /** The script threw or wrote an error record (on at least one target), or the remote side of a copy failed. */
  ScriptFailed: 1,
  /** A bad command line: unknown option, missing target or script. */
  Usage: 2,
  /** A target could not be reached (not started, refused, authentication, host key) or its session broke. */
  Unreachable: 3,
  /** copy/fetch: the SHA256 of the two sides differ. */
  HashMismatch: 4,
  /** Ctrl+C (128 + SIGINT). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const PRECEDENCE: readonly ExitCode[] = [ExitCode.Interrupted, ExitCode.Usage, ExitCode.Unreachable, ExitCode.HashMismatch, ExitCode.ScriptFailed, ExitCode.Success];

/** The code that wins when several apply. */
export function worstExitCode(codes: Iterable<ExitCode>): ExitCode {
  let worst: ExitCode = ExitCode.Success;
  for (const code of codes) if (PRECEDENCE.indexOf(code) < PRECEDENCE.indexOf(worst)) worst = code;
  return worst;
}

/** The exit code of a failure: where it happened (opening or running) and what it was. */
export function exitCodeOf(error: unknown, stage: 'open' | 'invoke' | 'close'): ExitCode {
  if (error instanceof PsrpAbortedError) return ExitCode.Interrupted;
  if (error instanceof PipelineFailedError || error instanceof PipelineStoppedError || error instanceof PsrpHostError) return ExitCode.ScriptFailed;
  if (stage === 'open') return ExitCode.Unreachable;
  if (error instanceof PsrpTransportError || error instanceof RunspacePoolBrokenError) return ExitCode.Unreachable;
  if (error instanceof PsrpError && ['PSRP_ERR_TIMEOUT', 'PSRP_ERR_PROTOCOL', 'PSRP_ERR_DECODE'].includes(error.code)) return ExitCode.Unreachable;
  return ExitCode.ScriptFailed;
}
