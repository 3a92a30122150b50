import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingsMissingError } from './errors.js';
import { recordingsDirectory } from './recordings-directory.js';

const saved = process.env.PSRP_RECORDINGS_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.PSRP_RECORDINGS_DIR;
  else process.env.PSRP_RECORDINGS_DIR = saved;
});

describe('recordingsDirectory', () => {
  it('names every folder it looked in when the recordings are absent', () => {
    delete process.env.PSRP_RECORDINGS_DIR;
    const empty = mkdtempSync(join(tmpdir(), 'psrp-no-recordings-'));
    try {
      expect(() => recordingsDirectory(empty)).toThrow(RecordingsMissingError);
      expect(() => recordingsDirectory(empty)).toThrow(join(empty, 'shared', 'fixtures', 'pypsrp-recordings'));
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it('fails clearly when PSRP_RECORDINGS_DIR points nowhere', () => {
    process.env.PSRP_RECORDINGS_DIR = '/nonexistent/recordings';
    expect(() => recordingsDirectory()).toThrow(/\/nonexistent\/recordings/);
  });

  it('honours PSRP_RECORDINGS_DIR', () => {
    const folder = mkdtempSync(join(tmpdir(), 'psrp-recordings-'));
    try {
      process.env.PSRP_RECORDINGS_DIR = folder;
      expect(recordingsDirectory('/')).toBe(folder);
    } finally {
      rmSync(folder, { recursive: true });
    }
  });
});
