/**
 * @module replay/errors
 * Errors of the WinRM replay server. (The testkit has no package-wide errors.ts yet; when one
 * appears these classes move there with the same codes.)
 */

export const REPLAY_ERROR_CODES = {
  recording: 'REPLAY_ERR_RECORDING',
  recordingsMissing: 'REPLAY_ERR_RECORDINGS_MISSING',
} as const;

export type ReplayErrorCode = (typeof REPLAY_ERROR_CODES)[keyof typeof REPLAY_ERROR_CODES];

export abstract class ReplayError extends Error {
  abstract readonly code: ReplayErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A recording file could not be read or does not have the expected shape. */
export class ReplayRecordingError extends ReplayError {
  readonly code = REPLAY_ERROR_CODES.recording;
  constructor(
    readonly path: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Recording ${path}: ${problem}`, options);
  }
}

/** The folder of recorded traffic (../shared/fixtures/pypsrp-recordings) is not on this machine. */
export class RecordingsMissingError extends ReplayError {
  readonly code = REPLAY_ERROR_CODES.recordingsMissing;
  constructor(readonly searched: readonly string[]) {
    super(
      `The recorded WinRM traffic is missing: no pypsrp-recordings folder at ${searched.join(', ')}. ` +
        'Set PSRP_RECORDINGS_DIR to the folder holding the test_*.yml files.',
    );
  }
}
