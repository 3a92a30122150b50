/**
 * @module replay/recordings-directory
 * Finds the recorded pypsrp traffic: $PSRP_RECORDINGS_DIR, else a `shared/fixtures/pypsrp-recordings`
 * folder beside the checkout or any of its parents.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RecordingsMissingError } from './errors.js';

const RELATIVE_FOLDER = join('shared', 'fixtures', 'pypsrp-recordings');

/**
 * The absolute path of the recordings folder.
 * @throws {RecordingsMissingError} naming every place looked at, when none exists.
 */
export function recordingsDirectory(start: string = process.cwd()): string {
  const fromEnvironment = process.env.PSRP_RECORDINGS_DIR;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    if (existsSync(fromEnvironment)) return resolve(fromEnvironment);
    throw new RecordingsMissingError([fromEnvironment]);
  }
  const searched: string[] = [];
  for (let directory = resolve(start); ; directory = dirname(directory)) {
    const candidate = join(directory, RELATIVE_FOLDER);
    searched.push(candidate);
    if (existsSync(candidate)) return candidate;
    if (dirname(directory) === directory) throw new RecordingsMissingError(searched);
  }
}

/** The path of one recording by file name, e.g. recordingPath('test_winrs_standard.yml'). */
export function recordingPath(fileName: string, start?: string): string {
  return join(recordingsDirectory(start), fileName);
}
