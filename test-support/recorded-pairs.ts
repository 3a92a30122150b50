/**
 * The request/response pairs of the pypsrp recordings (YAML `messages:` lists of SOAP text). Test support that
 * trusts these known captures; the testkit's parseRecording is the validating reader the replay servers use.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { recordingsFolder } from './shared-folder.js';

export interface RecordedPair {
  /** The recording's file name, e.g. 'test_psrp_open_runspace.yml'. */
  readonly file: string;
  /** Position of the pair in its recording, from 0. */
  readonly index: number;
  readonly request: string;
  /** The recorded response, or null when the entry has none. */
  readonly response: string | null;
}

interface RecordingDocument {
  messages: { request: string; response?: string | null }[];
}

/** Every pair of every recording whose file name passes `filter`, in file-name and recorded order. */
export function recordedPairs(filter: (file: string) => boolean = () => true): RecordedPair[] {
  const folder = recordingsFolder();
  const files = readdirSync(folder).filter((file) => file.endsWith('.yml') && filter(file)).sort();
  return files.flatMap((file) => {
    const document = parse(readFileSync(join(folder, file), 'utf8')) as RecordingDocument;
    return document.messages.map(({ request, response }, index) => ({ file, index, request, response: response ?? null }));
  });
}
