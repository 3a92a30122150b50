/**
 * Fuzzes @psrp/clixml (the built dist/) with mutated real documents: every PSRP message body the recorded Windows
 * servers and clients sent (../shared/fixtures/pypsrp-recordings), the `#< CLIXML` fixtures, and the pwsh 7.6
 * Export-Clixml captures of the bench when present (bench/clixml/.captured; node bench/clixml/capture.mjs makes them).
 * Not part of npm test (test/fuzz.test.ts runs a short seeded slice of the same loop).
 *
 *   npx turbo run build && node packages/clixml/scripts/fuzz.mjs [--runs=1000000] [--seed=1] [--from=0]
 * (--from=N --runs=1 replays run N alone; a failing run's whole input is written to fuzz-failure.json)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lib from '../dist/index.js';
import { recordedPsrpMessages } from 'psrp-testkit';
import { fuzz } from './fuzz-core.mjs';

const argument = (name, fallback) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const runs = argument('runs', 1_000_000);
const seed = argument('seed', 1);
const from = argument('from', 0);
const here = dirname(fileURLToPath(import.meta.url));

const corpus = [...new Set(recordedPsrpMessages().map((message) => message.body))].filter((body) => body.length > 0).map((text) => ({ text, kind: 'value' }));
const fixtures = join(here, '..', '..', '..', '..', 'shared', 'fixtures', 'clixml');
for (const name of existsSync(fixtures) ? readdirSync(fixtures).filter((file) => file.endsWith('.xml')) : []) {
  corpus.push({ text: readFileSync(join(fixtures, name), 'utf8'), kind: 'document' });
}
const captured = join(here, '..', '..', '..', 'bench', 'clixml', '.captured');
for (const name of existsSync(captured) ? readdirSync(captured) : []) {
  const path = join(captured, name);
  // The first values of each capture (about 100 KB, cut between two top-level values): a mutated document is read
  // whole several times per run.
  if (statSync(path).size > 60e6) continue;
  const text = readFileSync(path, 'utf8');
  const cut = text.indexOf('\n  <', 100_000);
  const document = cut < 0 ? text : `${text.slice(0, cut)}\n</Objs>`;
  // One value of megabytes (the 10 MB string) would only make the runs slow: the tests cover it.
  if (document.length < 1e6) corpus.push({ text: document, kind: 'document' });
}

const started = performance.now();
console.log(`fuzzing ${runs} runs, seed ${seed}, ${corpus.length} documents`);
let counts;
try {
  counts = fuzz({
  lib,
  corpus,
  seed,
  runs,
  from,
  onProgress: (progress) => console.log(`  ${progress.runs} runs, ${Math.round((performance.now() - started) / 1000)} s`),
  });
} catch (error) {
  // Keep the whole input that failed, to reproduce it.
  const { writeFileSync } = await import('node:fs');
  writeFileSync('fuzz-failure.json', JSON.stringify({ message: error.message, input: error.input, kind: error.kind, chunking: error.chunking }));
  console.error(`${error.message.slice(0, 300)}\n(whole input in fuzz-failure.json)`);
  process.exit(1);
}
console.log(JSON.stringify({ seed, ...counts, seconds: Math.round((performance.now() - started) / 1000), node: process.version }, null, 2));
