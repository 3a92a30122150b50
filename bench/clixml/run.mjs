/**
 * @psrp/clixml throughput, in MB/s of UTF-8 CLIXML, every reader starting from the bytes (decoding included: our reader
 * by the library's decodeUtf8, as the client decodes a body; the bare tree the same way but without the search of the
 * bytes for characters XML forbids, which decodeUtf8 does for our reader: decodeAsciiNatively where the runtime has
 * it, else TextDecoder; fast-xml-parser by TextDecoder):
 *  - corpora: the 364 message bodies the recorded Windows servers sent (../shared/fixtures/pypsrp-recordings), and
 *    real pwsh 7.6 Export-Clixml output captured by capture.mjs (Get-Process | Select-Object -First 200,
 *    Get-ChildItem -Recurse of node_modules (5,000 items), 10,000 PSCustomObjects, a 10 MB string);
 *  - deserialize (whole text), the streaming reader (64 KiB byte chunks), and serialize (MB/s of the UTF-8 it writes):
 *    "serialize" is serializeToUtf8 / serializeDocumentToUtf8, the bytes a client sends; "serialize to string" is
 *    serialize / serializeDocument (the same text as a JS string, not encoded);
 *  - on the same bytes in the same run: a bare indexOf tokenizer building a generic tree (bare-tokenizer.mjs, the
 *    yardstick: deserialize should reach 40 % of it) and fast-xml-parser (a general XML parser, no CLIXML mapping).
 *  - after each corpus, psrpcore (Python) reading and writing the same inputs (psrpcore-clixml.py, see psrpcore-peer.mjs).
 * Cases alternate in short rounds, so that a busy machine slows all of them alike; best and median round are kept.
 * Each round starts on a collected heap, after a few untimed passes: without that, the case after fast-xml-parser's
 * round paid for its garbage (some 330 MB a pass over the 10 MB string; the next case's passes then faulted in 1,400-
 * 2,400 fresh pages each against 150-450, measured) and so did whichever case came after the stream reader.
 * Writes results.json beside this file (or --out=NAME) with the machine described, GLIBC_TUNABLES included (see
 * receive-path.mjs: results-glibc-reuse.json is a run with glibc's thresholds raised). Build first: npx turbo run build.
 *
 *   node bench/clixml/run.mjs [--seconds=2] [--rounds=7] [--quick] [--psrpcore=DIR] [--out=NAME.json]
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  ClixmlStreamReader,
  decodeUtf8,
  deserialize,
  deserializeDocument,
  serialize,
  serializeDocument,
  serializeDocumentToUtf8,
  serializeToUtf8,
} from '@psrp/clixml';
import { decodeAsciiNatively } from '@psrp/fragment';
import { XMLParser } from 'fast-xml-parser';
import { recordedPsrpMessages } from 'psrp-testkit';
import { bareTree } from './bare-tokenizer.mjs';
import { captured } from './capture.mjs';
import { PSRPCORE_SOURCE, startPsrpcore } from './psrpcore-peer.mjs';

const argument = (name, fallback) => {
  const found = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.split('=')[1]);
};
const quick = process.argv.includes('--quick');
const outputName = process.argv.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) ?? (quick ? 'results-quick.json' : 'results.json');
const seconds = argument('seconds', quick ? 0.5 : 2);
const rounds = argument('rounds', quick ? 3 : 7);
const BYTES_PER_MB = 1e6;
const STREAM_CHUNK = 64 * 1024;
const PIPELINE_OUTPUT = 0x00041004;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const fastXml = new XMLParser({ ignoreAttributes: false, processEntities: true, parseTagValue: false });

/** A corpus: inputs as UTF-8 bytes, and whether each input is one message body or a whole <Objs> document. */
function corpus(texts, kind) {
  const inputs = texts.map((text) => encoder.encode(text));
  return { texts, inputs, kind, bytes: inputs.reduce((sum, input) => sum + input.length, 0) };
}

function streamRead(bytes) {
  const reader = new ClixmlStreamReader();
  let count = 0;
  for (let start = 0; start < bytes.length; start += STREAM_CHUNK) count += reader.push(bytes.subarray(start, start + STREAM_CHUNK)).length;
  return count + reader.end().length;
}

/** The cases of one corpus: each an operation over one input, and the bytes one pass stands for. */
function casesOf({ inputs, kind, bytes }) {
  // The library's own decoder, as the client decodes a body (it tells the reader when a text is one-byte).
  const read = kind === 'document' ? (input) => deserializeDocument(decodeUtf8(input)) : (input) => deserialize(decodeUtf8(input));
  const values = inputs.map(read);
  const write = kind === 'document' ? (value) => serializeDocumentToUtf8(value) : (value) => serializeToUtf8(value);
  const writeText = kind === 'document' ? (value) => serializeDocument(value) : (value) => serialize(value);
  const writtenBytes = values.reduce((sum, value) => sum + write(value).length, 0);
  const cases = {
    deserialize: { inputs, bytes, run: read },
    'bare indexOf tree': { inputs, bytes, run: (input) => bareTree(decodeAsciiNatively(input) ?? decoder.decode(input)) },
    'fast-xml-parser': { inputs, bytes, run: (input) => fastXml.parse(decoder.decode(input)) },
    serialize: { inputs: values, bytes: writtenBytes, run: write },
    'serialize to string': { inputs: values, bytes: writtenBytes, run: writeText },
  };
  if (kind === 'document') cases['stream (64 KiB chunks)'] = { inputs, bytes, run: streamRead };
  return cases;
}

setFlagsFromString('--expose-gc');
/** V8's full collection (exposed by the flag above for contexts made after it). */
const collectGarbage = runInNewContext('gc');
/** Untimed passes after the collection: the first passes on a just-collected heap fault its memory in again. */
const SETTLE_MILLISECONDS = 60;

/** Passes over the case's inputs until `milliseconds` went by: how many, and the milliseconds they took. */
function passesFor(testCase, milliseconds) {
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const input of testCase.inputs) testCase.run(input);
    passes++;
    elapsed = performance.now() - start;
  } while (elapsed < milliseconds);
  return { passes, elapsed };
}

function round(testCase, milliseconds) {
  collectGarbage();
  passesFor(testCase, SETTLE_MILLISECONDS);
  const { passes, elapsed } = passesFor(testCase, milliseconds);
  return (testCase.bytes * passes) / BYTES_PER_MB / (elapsed / 1000);
}

function measure(cases) {
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (const testCase of Object.values(cases)) round(testCase, 50); // warm-up
  for (let index = 0; index < rounds; index++) {
    for (const [name, testCase] of Object.entries(cases)) samples[name].push(round(testCase, (seconds * 1000) / rounds));
  }
  const results = {};
  for (const [name, values] of Object.entries(samples)) {
    const sorted = [...values].sort((a, b) => a - b);
    results[name] = { best: Math.round(sorted.at(-1) * 10) / 10, median: Math.round(sorted[Math.floor(sorted.length / 2)] * 10) / 10 };
  }
  return { results, samples };
}

/**
 * Deserialize over the bare tree in each round (the two run one after the other), the median of the rounds: on a VM
 * whose speed drifts within a run, the best rounds of the two may come from different phases.
 */
function medianRoundRatio(samples) {
  const ratios = samples.deserialize.map((value, index) => value / samples['bare indexOf tree'][index]).sort((a, b) => a - b);
  return ratios[Math.floor(ratios.length / 2)];
}

const messages = recordedPsrpMessages().filter((message) => message.direction === 'to-client' && message.data.length > 0);
const corpora = {
  'recorded server bodies (364 messages, Windows PowerShell 5.1)': corpus(messages.map((message) => message.body), 'body'),
  'recorded PIPELINE_OUTPUT bodies (mostly long strings)': corpus(
    messages.filter((message) => message.messageType === PIPELINE_OUTPUT).map((message) => message.body),
    'body',
  ),
  'recorded other bodies (ErrorRecords, state, host calls)': corpus(
    messages.filter((message) => message.messageType !== PIPELINE_OUTPUT).map((message) => message.body),
    'body',
  ),
};
const captures = await captured();
for (const [name, path] of Object.entries(captures)) corpora[`pwsh 7.6 Export-Clixml: ${name}`] = corpus([readFileSync(path, 'utf8')], 'document');

/** What a JS program would send: 10,000 plain objects (written as PSCustomObjects), serialize only. */
const plainObjects = Array.from({ length: 10_000 }, (_, index) => ({
  Id: index,
  Name: `item ${index}`,
  Ratio: index / 7,
  When: new Date(Date.UTC(2024, 0, 1, 0, 0, index % 60)),
  Tags: ['a', 'b'],
  Enabled: index % 2 === 0,
}));

// psrpcore's rounds are fewer: one pass over a captured document takes it up to half a minute.
const PSRPCORE_ROUNDS = 3;
const psrpcore = startPsrpcore('psrpcore-clixml.py', [String(seconds), String(PSRPCORE_ROUNDS)]);
if (psrpcore === null) console.log(`psrpcore not found at ${PSRPCORE_SOURCE}: no comparison with it`);
const over = (ours, theirs) => (theirs ? Math.round((ours.median / theirs.median) * 100) / 100 : undefined);

const load = { before: loadavg().map((value) => Math.round(value * 10) / 10) };
const results = {};
for (const [index, [name, entry]] of Object.entries(corpora).entries()) {
  const { results: measured, samples } = measure(casesOf(entry));
  const ratio = measured.deserialize.best / measured['bare indexOf tree'].best;
  const roundRatio = medianRoundRatio(samples);
  results[name] = {
    bytes: entry.bytes,
    inputs: entry.inputs.length,
    mbPerSecond: measured,
    deserializeOverBareTokenizer: Math.round(ratio * 100) / 100,
    deserializeOverBareTokenizerByRound: Math.round(roundRatio * 100) / 100,
  };
  console.log(`${name} (${(entry.bytes / 1e6).toFixed(2)} MB)`);
  for (const [caseName, value] of Object.entries(measured)) console.log(`  ${caseName.padEnd(24)} best ${String(value.best).padStart(7)} MB/s   median ${String(value.median).padStart(7)} MB/s`);
  console.log(`  deserialize / bare tokenizer: ${(ratio * 100).toFixed(0)} % best over best, ${(roundRatio * 100).toFixed(0)} % median of the rounds`);
  if (psrpcore) {
    const { name: _name, serializeError, ...theirs } = await psrpcore.measure(`corpus-${index}.json`, JSON.stringify({ kind: entry.kind, inputs: entry.texts }));
    results[name].psrpcore = { mbPerSecond: theirs, ...(serializeError && { serializeError }) };
    results[name].overPsrpcore = { deserialize: over(measured.deserialize, theirs.deserialize), serialize: over(measured.serialize, theirs.serialize) };
    console.log(`  psrpcore: ${JSON.stringify(theirs)}${serializeError ? ` (serialize: ${serializeError})` : ''}`);
  }
}
{
  const bytes = serializeDocumentToUtf8(plainObjects).length;
  const { results: measured } = measure({
    serialize: { inputs: [plainObjects], bytes, run: (values) => serializeDocumentToUtf8(values) },
    'serialize to string': { inputs: [plainObjects], bytes, run: (values) => serializeDocument(values) },
  });
  results['JS values: 10,000 plain objects (as PSCustomObjects)'] = { bytes, inputs: 1, mbPerSecond: measured };
  console.log(`JS values: 10,000 plain objects (${(bytes / 1e6).toFixed(2)} MB written)`);
  for (const [caseName, value] of Object.entries(measured)) console.log(`  ${caseName.padEnd(24)} best ${String(value.best).padStart(7)} MB/s   median ${String(value.median).padStart(7)} MB/s`);
}
load.after = loadavg().map((value) => Math.round(value * 10) / 10);
psrpcore?.close();

const report = {
  date: new Date().toISOString(),
  machine: {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 1e9),
    freeMemoryGB: Math.round(freemem() / 1e9),
    platform: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: load,
    python: psrpcore?.python,
    glibcTunables: process.env.GLIBC_TUNABLES ?? null,
  },
  secondsPerCase: seconds,
  rounds,
  eachRound: `after a full collection (V8's gc) and ${SETTLE_MILLISECONDS} ms of untimed passes of the case`,
  note:
    'MB/s of UTF-8 CLIXML (serialize: of the UTF-8 it writes; "serialize" makes bytes, "serialize to string" a string), decoding from bytes included; best and median of the rounds. deserializeOverBareTokenizer: best over best; ...ByRound: the median of the rounds\' ratios (the two cases run one after the other in each round).' +
    (psrpcore
      ? ` psrpcore: psrpcore's own deserializer and serializer on the same inputs in the same run, from and to UTF-8 bytes (psrpcore-clixml.py, ${PSRPCORE_ROUNDS} rounds; its source as ../shared/peers-src/README.md describes); overPsrpcore divides the medians.`
      : ' psrpcore was not found, so no comparison with it.'),
  results,
};
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), outputName), `${JSON.stringify(report, null, 2)}\n`);
