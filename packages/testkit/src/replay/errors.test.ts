import { describe, expect, it } from 'vitest';
import { RecordingsMissingError, ReplayError, ReplayRecordingError } from './errors.js';

describe('replay errors', () => {
  it.each([
    [new ReplayRecordingError('/x/test.yml', 'not valid YAML'), 'ReplayRecordingError', 'REPLAY_ERR_RECORDING', 'Recording /x/test.yml: not valid YAML'],
    [
      new RecordingsMissingError(['/a/shared/fixtures/pypsrp-recordings']),
      'RecordingsMissingError',
      'REPLAY_ERR_RECORDINGS_MISSING',
      'The recorded WinRM traffic is missing: no pypsrp-recordings folder at /a/shared/fixtures/pypsrp-recordings. Set PSRP_RECORDINGS_DIR to the folder holding the test_*.yml files.',
    ],
  ])('%o', (error, name, code, message) => {
    expect(error).toBeInstanceOf(ReplayError);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('keeps the cause', () => {
    const cause = new Error('ENOENT');
    expect(new ReplayRecordingError('/x', 'cannot be read', { cause }).cause).toBe(cause);
  });
});
