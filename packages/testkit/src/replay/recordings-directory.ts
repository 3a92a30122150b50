/**
 * @module replay/recordings-directory
 * Finds the recorded pypsrp traffic: $PSRP_RECORDINGS_DIR, else `fixtures/pypsrp-recordings` in the shared folder
 * ($PSRP_SHARED_DIR, or a `shared/` beside the checkout or any of its parents), by the one lookup in test-support/.
 */
import { join } from 'node:path';
import { recordingsFolder } from '../../../../test-support/shared-folder.js';
import { RecordingsMissingError } from './errors.js';

/**
 * The absolute path of the recordings folder, searched for upwards from `start` (by default from this package).
 * @throws {RecordingsMissingError} naming every place looked at, when none exists.
 */
export function recordingsDirectory(start?: string): string {
  return recordingsFolder({ start, missing: (searched) => new RecordingsMissingError(searched) });
}

/** The path of one recording by file name, e.g. recordingPath('test_winrs_standard.yml'). */
export function recordingPath(fileName: string, start?: string): string {
  return join(recordingsDirectory(start), fileName);
}
