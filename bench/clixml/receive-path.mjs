/**
 * The client's whole receive path for one large object, at sizes from 1 KiB to 256 MiB: the base64 `<Data>` texts a
 * transport hands over (32 KiB fragments, as pwsh writes them out of process), reassembled into the message and read
 * into the object the user gets. It drives the client's own protocol core (`RunspacePoolMachine.receive`, from
 * @psrp/client/protocol) on an opened pool with one pipeline, so the figure includes everything the client does
 * between the transport and the user: limits, defragmenting, UTF-8 decoding, CLIXML. Linear growth means a flat MB/s.
 * Two shapes: one string (Get-Content -Raw of a text file: lines with CRLF, escaped as `_x000D__x000A_`), and a list of
 * PSCustomObjects (10 properties each), which is what a large object-heavy message holds.
 * In the same run, size by size, psrpcore (Python) reads the same texts (psrpcore-receive.py: base64 decoding, as
 * pypsrp's out-of-process transport does, then its ClientRunspacePool). psrpcore's source is taken from
 * ../shared/peers-src/psrpcore/src (or --psrpcore=DIR); it is never kept in this repository. Without it the run says so
 * and measures the client alone.
 * Past 32 MiB glibc maps every allocation fresh from the system, which costs about 3 ns a byte on this VM
 * (fresh-memory.mjs: about 11 µs a 4 KiB page); a process can make glibc map it in huge pages,
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1, or keep it by raising its thresholds,
 * GLIBC_TUNABLES=glibc.malloc.mmap_threshold=2147483647:glibc.malloc.trim_threshold=4294967295; the results record
 * which (machine.glibcTunables).
 * Writes receive-path.json beside this file (or --out=NAME). Build first: npx turbo run build.
 *
 *   node bench/clixml/receive-path.mjs [--max-mb=256] [--seconds=1.5] [--psrpcore=DIR] [--out=NAME.json]
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EMPTY_GUID, MessageType, RunspacePoolMachine, buildNullHostInfo } from '@psrp/client/protocol';
import { PSObject } from '@psrp/clixml';
import { Destination, Fragmenter, encodeBase64, encodeMessage } from '@psrp/fragment';
import { PSRPCORE_SOURCE, startPsrpcore } from './psrpcore-peer.mjs';

const argument = (name, fallback) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const maxMiB = argument('max-mb', 256);
const secondsPerSize = argument('seconds', 1.5);
const outputName = process.argv.find((arg) => arg.startsWith('--out='))?.slice('--out='.length) ?? 'receive-path.json';
const KiB = 1024;
const MiB = 1024 * KiB;
const RUN_BYTES = 4 * MiB;
const RPID = 'bc1bfbba-8215-4a04-b2df-7a3ac0310e16';
const PID = '4218a578-0f18-4b19-82c3-46b433319126';
const BOM = '\uFEFF';
const SERVER_CAPABILITY =
  '<Obj RefId="0"><MS><Version N="protocolversion">2.4</Version><Version N="PSVersion">2.0</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>';
const OPENED = '<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>';
const encoder = new TextEncoder();
const fragmenter = new Fragmenter({ maxFragmentBytes: 32_768 });

/** One message as pwsh sends it out of process: UTF-8 with a BOM, 32 KiB fragments, one base64 text per fragment. */
function serverTexts(messageType, body, pid) {
  const message = encodeMessage({ destination: Destination.Client, messageType, rpid: RPID, pid, data: encoder.encode(BOM + body) });
  return fragmenter.fragment(message).map((fragment) => encodeBase64(fragment));
}

const OPEN_TEXTS = [
  ...serverTexts(MessageType.SESSION_CAPABILITY, SERVER_CAPABILITY, EMPTY_GUID),
  ...serverTexts(MessageType.RUNSPACEPOOL_STATE, OPENED, EMPTY_GUID),
];

/** An opened pool's core with one running pipeline, limits lifted as a user receiving 256 MiB would lift them. */
function machineWithPipeline() {
  const machine = new RunspacePoolMachine({
    rpid: RPID,
    protocolVersion: '2.4',
    minRunspaces: 1,
    maxRunspaces: 1,
    hostInfo: buildNullHostInfo(),
    maxPayloadBytes: 32_768,
    maxReceivedObjectBytes: null,
    maxReceivedDataBytesPerCommand: null,
    maxReceivedElements: null,
  });
  machine.open();
  while (machine.dataToSend());
  for (const text of OPEN_TEXTS) machine.receive(text);
  while (machine.nextEvent());
  const script = { command: 'x', isScript: true, useLocalScope: null, parameters: [] };
  machine.createPipeline(PID, { statements: [[script]], noInput: true, addToHistory: false, isNested: false, hostInfo: buildNullHostInfo() });
  while (machine.dataToSend());
  return machine;
}

/** Text of about `bytes` UTF-8 bytes in CLIXML: 78-character lines ending in CRLF. */
function stringBody(bytes) {
  const line = `${'The quick brown fox jumps over the lazy dog 0123456789 '.repeat(2).slice(0, 78)}_x000D__x000A_`;
  return `<S>${line.repeat(Math.max(1, Math.floor(bytes / line.length)))}</S>`;
}

/** A list of PSCustomObjects of about `bytes` UTF-8 bytes in CLIXML, written by the clixml writer. */
function objectsBody(bytes, serialize) {
  const one = (index) =>
    new PSObject({
      typeNames: ['System.Management.Automation.PSCustomObject', 'System.Object'],
      extended: { Id: index, Name: `item-${index}`, Path: `/data/folder-${index % 97}/item-${index}.txt`, Size: index * 31, Ok: index % 2 === 0, Kind: 'file', Owner: 'root', Mode: '-rw-r--r--', Tag: null, Score: index / 7 },
    });
  const sample = serialize([one(0), one(1)]).length / 2;
  return serialize(Array.from({ length: Math.max(1, Math.round(bytes / sample)) }, (_, index) => one(index)));
}

/**
 * MB/s of message bytes from the first text handed over to the last object delivered, best and median of the runs.
 * A run reads `messages` messages (each its own texts): small sizes are timed over at least RUN_BYTES.
 */
function measure(messages, messageBytes, isExpected) {
  const runs = [];
  const deadline = performance.now() + secondsPerSize * 1000;
  do {
    const machine = machineWithPipeline();
    const start = performance.now();
    let delivered = 0;
    for (const texts of messages) {
      for (const text of texts) machine.receive(text, PID);
      for (let event = machine.nextEvent(); event; event = machine.nextEvent()) {
        if (event.type !== 'pipeline-output' || !isExpected(event.value)) throw new Error(`unexpected ${event.type}`);
        delivered++;
      }
    }
    const elapsed = performance.now() - start;
    if (delivered !== messages.length) throw new Error(`${delivered} of ${messages.length} objects delivered`);
    runs.push(elapsed);
  } while (performance.now() < deadline || runs.length < 3);
  runs.sort((a, b) => a - b);
  const bytes = messageBytes * messages.length;
  const rate = (ms) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;
  return { messagesPerRun: messages.length, runs: runs.length, mbPerSecond: { best: rate(runs[0]), median: rate(runs[Math.floor(runs.length / 2)]) } };
}

/** Messages as psrpcore-receive.py reads them: one base64 text per line, an empty line after each message. */
const textsFile = (messages) => messages.map((texts) => `${texts.join('\n')}\n\n`).join('');
/** MB/s from psrpcore-receive.py's milliseconds. */
function psrpcoreRate({ runs, best, median }, bytes) {
  const rate = (ms) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10;
  return { runs, mbPerSecond: { best: rate(best), median: rate(median) } };
}

const psrpcore = startPsrpcore('psrpcore-receive.py', [RPID, PID, String(secondsPerSize)]);
if (psrpcore === null) console.log(`psrpcore not found at ${PSRPCORE_SOURCE}: measuring the client alone`);
psrpcore?.write('open.txt', textsFile([OPEN_TEXTS]));
const { serialize } = await import('@psrp/clixml');
const sizes = [];
for (let size = KiB; size <= maxMiB * MiB; size *= 4) sizes.push(size);
const label = (size) => (size >= MiB ? `${size / MiB} MiB` : `${size / KiB} KiB`);
const results = {};
for (const [shape, bodyOf, check, limit] of [
  ['string', stringBody, (value) => typeof value === 'string', maxMiB * MiB],
  ['objects', (bytes) => objectsBody(bytes, serialize), (value) => value instanceof PSObject && Array.isArray(value.baseValue), 64 * MiB],
]) {
  results[shape] = {};
  for (const size of sizes.filter((each) => each <= limit)) {
    const body = bodyOf(size);
    const count = Math.max(1, Math.floor(RUN_BYTES / size));
    // Each message its own fragments (the fragmenter numbers objects), as a server sends one object after another.
    const messages = Array.from({ length: count }, () => serverTexts(MessageType.PIPELINE_OUTPUT, body, PID));
    const messageBytes = encoder.encode(body).length;
    const measured = measure(messages, messageBytes, check);
    const theirs = psrpcore && psrpcoreRate(await psrpcore.measure(`${shape}-${size}.txt`, textsFile(messages)), messageBytes * messages.length);
    const overPsrpcore = theirs && {
      best: Math.round((measured.mbPerSecond.best / theirs.mbPerSecond.best) * 100) / 100,
      median: Math.round((measured.mbPerSecond.median / theirs.mbPerSecond.median) * 100) / 100,
    };
    results[shape][label(size)] = { messageBytes, fragments: messages[0].length, ...measured, ...(theirs && { psrpcore: theirs, overPsrpcore }) };
    const against = theirs ? `; psrpcore ${theirs.mbPerSecond.best} best, ${theirs.mbPerSecond.median} median: ${overPsrpcore.median}x` : '';
    console.log(`${shape.padEnd(8)} ${label(size).padStart(8)}  ${String(measured.mbPerSecond.best).padStart(7)} MB/s best, ${measured.mbPerSecond.median} median (${measured.runs} runs)${against}`);
  }
}
psrpcore?.close();

const output = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGB: Math.round(totalmem() / 1e9), platform: `${platform()} ${release()}`, node: process.version, loadAverage: loadavg().map((each) => Math.round(each * 100) / 100), glibcTunables: process.env.GLIBC_TUNABLES ?? null },
  note:
    'MB/s of CLIXML message bytes through RunspacePoolMachine.receive: base64 fragment texts (32 KiB fragments) to the delivered object, ' +
    'best and median of the runs at each size. ' +
    (psrpcore
      ? 'psrpcore: the same texts through psrpcore (its source as ../shared/peers-src/README.md describes, run by psrpcore-receive.py on this machine\'s Python, with base64 decoding as pypsrp\'s out-of-process transport does), ' +
        'size by size in the same run; overPsrpcore is ours over theirs.'
      : 'psrpcore was not found, so no same-run comparison with it.'),
  python: psrpcore?.python,
  secondsPerSize,
  results,
};
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), outputName), `${JSON.stringify(output, null, 2)}\n`);
