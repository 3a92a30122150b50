/**
 * @psrp/clixml throughput on real server output: every PSRP message the recorded Windows servers sent
 * (../shared/fixtures/pypsrp-recordings), decoded with @psrp/fragment by the same reader every package's
 * tests use (test-support/, through psrp-testkit). Measures deserialize and serialize in MB/s of UTF-8
 * CLIXML, with fast-xml-parser (a general XML parser, no CLIXML mapping) on the same bodies for scale.
 * Writes results.json beside this file. Build first: npx turbo run build.
 *
 *   node bench/clixml/run.mjs [seconds per case, default 2]
 */
import { writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, deserializeDocument, serialize } from '@psrp/clixml';
import { XMLParser } from 'fast-xml-parser';
import { recordedPsrpMessages } from 'psrp-testkit';

const PIPELINE_OUTPUT = 0x00041004;
const BYTES_PER_MB = 1e6;
const seconds = Number(process.argv[2] ?? 2);

/** Runs `operation` over `inputs` repeatedly for about `seconds`; returns MB/s of `bytes` per pass. */
function throughput(inputs, bytes, operation) {
  for (const input of inputs) operation(input); // warm-up
  let passes = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const input of inputs) operation(input);
    passes++;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < seconds);
  return Math.round(((bytes * passes) / BYTES_PER_MB / elapsed) * 10) / 10;
}

const utf8Bytes = (texts) => texts.reduce((sum, body) => sum + new TextEncoder().encode(body).length, 0);
// What the servers sent, with data (a missing ../shared fails here, naming every path looked at).
const messages = recordedPsrpMessages().filter((message) => message.direction === 'to-client' && message.data.length > 0);
const outputBodies = messages.filter((message) => message.messageType === PIPELINE_OUTPUT).map((message) => message.body);
const structuredBodies = messages.filter((message) => message.messageType !== PIPELINE_OUTPUT).map((message) => message.body);
const allBodies = messages.map((message) => message.body);
const values = allBodies.map((body) => deserialize(body));
const document = `<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${allBodies.join('')}</Objs>`;
const fastXml = new XMLParser({ ignoreAttributes: false, processEntities: true, parseTagValue: false });

const cases = {
  'deserialize: PIPELINE_OUTPUT bodies': [outputBodies, utf8Bytes(outputBodies), (body) => deserialize(body)],
  'deserialize: other server bodies (object-heavy)': [structuredBodies, utf8Bytes(structuredBodies), (body) => deserialize(body)],
  'deserialize: all server bodies': [allBodies, utf8Bytes(allBodies), (body) => deserialize(body)],
  'deserializeDocument: all server bodies in one <Objs>': [[document], utf8Bytes([document]), (text) => deserializeDocument(text)],
  'serialize: all server bodies': [values, utf8Bytes(allBodies), (value) => serialize(value)],
  'fast-xml-parser (XML only, for scale): all server bodies': [allBodies, utf8Bytes(allBodies), (body) => fastXml.parse(body)],
};

const results = {};
for (const [name, [inputs, bytes, operation]] of Object.entries(cases)) {
  results[name] = { mbPerSecond: throughput(inputs, bytes, operation), inputs: inputs.length, bytes };
  console.log(`${name}: ${results[name].mbPerSecond} MB/s (${inputs.length} inputs, ${bytes} bytes)`);
}

const report = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, platform: `${platform()} ${release()}`, node: process.version },
  secondsPerCase: seconds,
  results,
};
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
