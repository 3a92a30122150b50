/**
 * Test support: the pypsrp recordings of real Windows WinRM traffic in
 * ../shared/fixtures/pypsrp-recordings (or $PSRP_RECORDINGS_DIR). Fails loudly, naming the paths
 * it looked at, when they are absent: these tests never skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export interface RecordedPair {
  file: string;
  index: number;
  request: string;
  response: string | null;
}

function recordingsFolder(): string {
  const configured = process.env.PSRP_RECORDINGS_DIR;
  if (configured) {
    if (existsSync(configured)) return configured;
    throw new Error(`PSRP_RECORDINGS_DIR=${configured} does not exist: the recorded WinRM traffic is missing`);
  }
  const searched: string[] = [];
  for (let directory = resolve(process.cwd()); ; directory = dirname(directory)) {
    const candidate = join(directory, 'shared', 'fixtures', 'pypsrp-recordings');
    searched.push(candidate);
    if (existsSync(candidate)) return candidate;
    if (dirname(directory) === directory) {
      throw new Error(`The recorded WinRM traffic is missing: looked in ${searched.join(', ')} (set PSRP_RECORDINGS_DIR)`);
    }
  }
}

/** Every {request, response} pair of every recording, in file and recorded order. */
export function recordedPairs(filter: (file: string) => boolean = () => true): RecordedPair[] {
  const folder = recordingsFolder();
  const files = readdirSync(folder).filter((file) => file.endsWith('.yml') && filter(file)).sort();
  return files.flatMap((file) => {
    const document = parse(readFileSync(join(folder, file), 'utf8')) as { messages: { request: string; response?: string | null }[] };
    return document.messages.map((message, index) => ({ file, index, request: message.request, response: message.response ?? null }));
  });
}
