import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordingsMissingError } from './errors.js';
import { recordingsDirectory } from './recordings-directory.js';

const VARIABLES = ['PSRP_RECORDINGS_DIR', 'PSRP_SHARED_DIR'] as const;
const saved = VARIABLES.map((name) => [name, process.env[name]] as const);
beforeEach(() => {
  for (const name of VARIABLES) delete process.env[name];
});
afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('recordingsDirectory', () => {
  it('names every folder it looked in when the recordings are absent', () => {
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

  it('honours PSRP_SHARED_DIR, and names the path it expected there', () => {
    const shared = mkdtempSync(join(tmpdir(), 'psrp-shared-'));
    try {
      process.env.PSRP_SHARED_DIR = shared;
      const expected = join(shared, 'fixtures', 'pypsrp-recordings');
      expect(() => recordingsDirectory('/')).toThrow(RecordingsMissingError);
      expect(() => recordingsDirectory('/')).toThrow(expected);
      mkdirSync(expected, { recursive: true });
      expect(recordingsDirectory('/')).toBe(expected);
    } finally {
      rmSync(shared, { recursive: true });
    }
  });
});
