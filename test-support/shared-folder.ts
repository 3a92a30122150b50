/**
 * Where ../shared is: the folder of recordings, fixtures and references that sits beside the checkout (/work/shared
 * here, a link beside a clean clone in CI). The one lookup for every package's tests, the testkit and the benches.
 * Nothing here skips: a missing path fails with an error that names every place looked at.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Names the shared folder when it is not beside the checkout. */
export const SHARED_DIR_VARIABLE = 'PSRP_SHARED_DIR';
/** Names the recordings folder alone (the testkit's older knob); wins over PSRP_SHARED_DIR for the recordings. */
export const RECORDINGS_DIR_VARIABLE = 'PSRP_RECORDINGS_DIR';
/** The pypsrp recordings of real Windows WinRM traffic, inside the shared folder. */
export const RECORDINGS_PATH = 'fixtures/pypsrp-recordings';

const SHARED_FOLDER_NAME = 'shared';
/**
 * The lookup starts from this module's folder, so it does not depend on the working directory; bundled into the
 * testkit's dist/, the walk up still passes the checkout's parent.
 */
const MODULE_FOLDER = dirname(fileURLToPath(import.meta.url));

/** A path under ../shared that is not there. */
export class SharedPathMissingError extends Error {
  readonly code = 'SHARED_ERR_MISSING';

  constructor(readonly searched: readonly string[]) {
    super(
      `test fixtures not found: looked for ${searched.join(', ')}. ` +
        `Put the shared folder beside the checkout or set ${SHARED_DIR_VARIABLE} to it.`,
    );
    this.name = 'SharedPathMissingError';
  }
}

export interface SharedPathOptions {
  /** The folder the search walks up from; by default this module's folder. */
  start?: string;
  /** The error for a path found nowhere, given every place looked at; by default a SharedPathMissingError. */
  missing?: (searched: readonly string[]) => Error;
}

function firstExisting(candidates: readonly string[], options: SharedPathOptions): string {
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found !== undefined) return found;
  throw options.missing?.(candidates) ?? new SharedPathMissingError(candidates);
}

/** Where `relativePath` may be, in order: under $PSRP_SHARED_DIR alone when set, else under `shared/` beside `start` and each of its parents. */
function sharedCandidates(relativePath: string, start: string): string[] {
  const configured = process.env[SHARED_DIR_VARIABLE];
  if (configured !== undefined && configured !== '') return [resolve(configured, relativePath)];
  const candidates: string[] = [];
  for (let directory = resolve(start); ; directory = dirname(directory)) {
    candidates.push(join(directory, SHARED_FOLDER_NAME, relativePath));
    if (dirname(directory) === directory) return candidates;
  }
}

/**
 * The absolute path of `relativePath` (e.g. 'reference/ms-psrp-examples.md') inside the shared folder.
 * @throws the `missing` error (SharedPathMissingError by default) naming every place looked at.
 */
export function sharedPath(relativePath: string, options: SharedPathOptions = {}): string {
  return firstExisting(sharedCandidates(relativePath, options.start ?? MODULE_FOLDER), options);
}

/**
 * The folder of pypsrp recordings: $PSRP_RECORDINGS_DIR when set, else fixtures/pypsrp-recordings in the shared folder.
 * @throws the `missing` error (SharedPathMissingError by default) naming every place looked at.
 */
export function recordingsFolder(options: SharedPathOptions = {}): string {
  const configured = process.env[RECORDINGS_DIR_VARIABLE];
  if (configured !== undefined && configured !== '') return firstExisting([resolve(configured)], options);
  return sharedPath(RECORDINGS_PATH, options);
}
