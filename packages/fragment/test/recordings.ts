/**
 * Reads the PSRP fragments out of the pypsrp recordings in /work/shared (see the README there).
 * Test support only: regexes are enough for these known, well-formed captures.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

export const RECORDINGS_DIR = resolve(import.meta.dirname, '../../../../shared/fixtures/pypsrp-recordings');

const POWERSHELL_RESOURCE = /<wsman:ResourceURI[^>]*>http:\/\/schemas\.microsoft\.com\/powershell\//;
const SHELL_ID = /<wsman:Selector Name="ShellId">([^<]+)<|<rsp:Shell ShellId="([^"]+)"/;
// The elements whose text is base64 PSRP fragments.
const FRAGMENT_TEXT = /<(creationXml|rsp:Arguments|rsp:Stream)\b[^>]*>([^<]*)<\/\1>/g;

export type Direction = 'to-server' | 'to-client';

/** The base64 text of one element holding fragments. */
export interface RecordedPayload {
  file: string;
  /** Index of the request/response pair in the file. */
  exchange: number;
  direction: Direction;
  shellId: string;
  element: string;
  base64: string;
}

interface RecordingFile {
  messages: { request?: string; response?: string }[];
}

function payloadsOf(xml: string | undefined, base: Omit<RecordedPayload, 'element' | 'base64'>): RecordedPayload[] {
  if (xml === undefined) return [];
  return [...xml.matchAll(FRAGMENT_TEXT)]
    .filter((match) => match[2]!.length > 0)
    .map((match) => ({ ...base, element: match[1]!, base64: match[2]! }));
}

/** Every PSRP payload of every recording, in file order. */
export function loadRecordedPayloads(): RecordedPayload[] {
  if (!existsSync(RECORDINGS_DIR)) {
    throw new Error(`The pypsrp recordings are missing: ${RECORDINGS_DIR} does not exist (see /work/shared/fixtures).`);
  }
  const payloads: RecordedPayload[] = [];
  for (const file of readdirSync(RECORDINGS_DIR).filter((name) => name.endsWith('.yml')).sort()) {
    const recording = parse(readFileSync(join(RECORDINGS_DIR, file), 'utf8')) as RecordingFile;
    recording.messages.forEach(({ request, response }, exchange) => {
      if (request === undefined || !POWERSHELL_RESOURCE.test(request)) return;
      const idMatch = SHELL_ID.exec(request);
      const shellId = (idMatch?.[1] ?? idMatch?.[2] ?? 'unknown').toUpperCase();
      payloads.push(...payloadsOf(request, { file, exchange, direction: 'to-server', shellId }));
      payloads.push(...payloadsOf(response, { file, exchange, direction: 'to-client', shellId }));
    });
  }
  return payloads;
}
