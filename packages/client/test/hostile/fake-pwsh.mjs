/**
 * A scripted stand-in for `pwsh -s` that misbehaves on purpose (issue 12), run as
 * `connectProcess({ executable: process.execPath, args: [thisFile, mode, ...parameters] })`.
 * It speaks just enough of the out-of-proc framing to open a pool when its mode needs one: it acks every client
 * line that wants an ack and answers the opening payload with SESSION_CAPABILITY and RUNSPACEPOOL_STATE Opened.
 *
 * Modes:
 *   silence           reads its input and never writes; exits at end of input
 *   ignore-eof        never writes and never exits, whatever happens to its input (must be killed)
 *   stderr-flood      writes stderr without pause and never stdout; exits at end of input
 *   stdout-garbage    writes random bytes and newlines to stdout
 *   forged-fragment   acks the opening, then sends one fragment whose header claims BlobLength = argv[3]
 *                     (default 0xfffffff0) with a few bytes behind it, then nothing
 *   unknown-ids       opens the pool; the first pool message after that (a pool call) is answered only after
 *                     argv[3] MiB (default 100) of <Data> lines for random pipeline ids the client never created
 *   early-exit        writes to stderr and exits with code 3 at once
 *   close-ignore-eof  opens the pool, acks Close, and then never exits (must be killed)
 *   close-no-ack      opens the pool and never answers Close
 *   endless-line      writes a line that never ends
 *   truncated-clixml  acks the opening, sends SESSION_CAPABILITY, then a RUNSPACEPOOL_STATE whose CLIXML is cut off
 *   deaf-after-open   opens the pool, then reads everything and answers nothing, not even an ack
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Destination, EMPTY_GUID, Fragmenter, encodeBase64, encodeMessage } from '@psrp/fragment';

const [mode = 'silence', parameter] = process.argv.slice(2);
const SESSION_CAPABILITY = 0x00010002;
const RUNSPACEPOOL_STATE = 0x00021005;
const RUNSPACE_AVAILABILITY = 0x00021004;
const OPENED = 2;
const MIB = 1024 * 1024;
const CAPABILITY =
  '<Obj RefId="0"><MS><Version N="protocolversion">2.3</Version><Version N="PSVersion">2.0</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>';
const OPENED_STATE = `<Obj RefId="0"><MS><I32 N="RunspaceState">${OPENED}</I32></MS></Obj>`;

const fragmenter = new Fragmenter({ maxFragmentBytes: 32768 });
let rpid = EMPTY_GUID;
let poolMessages = 0;

function write(line) {
  return new Promise((resolve) => {
    if (process.stdout.write(`${line}\n`)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

/** Sends one message to the client, for the pool (pid null) or a pipeline. */
async function send(messageType, text, pid = null) {
  const data = new TextEncoder().encode(`\ufeff${text}`);
  const message = encodeMessage({ destination: Destination.Client, messageType, rpid, pid: pid ?? EMPTY_GUID, data });
  for (const fragment of fragmenter.fragment(message)) await write(`<Data Stream='Default' PSGuid='${pid ?? EMPTY_GUID}'>${encodeBase64(fragment)}</Data>`);
}

/** The RPID, from the message header inside the client's first fragment (21-byte fragment header, then 8 bytes). */
function readRpid(base64) {
  const bytes = Buffer.from(base64, 'base64');
  const guid = bytes.subarray(29, 45);
  const hex = (from, to, reverse) => {
    const part = [...guid.subarray(from, to)];
    return (reverse ? part.reverse() : part).map((byte) => byte.toString(16).padStart(2, '0')).join('');
  };
  return `${hex(0, 4, true)}-${hex(4, 6, true)}-${hex(6, 8, true)}-${hex(8, 10)}-${hex(10, 16)}`;
}

async function openPool() {
  await send(SESSION_CAPABILITY, CAPABILITY);
  await send(RUNSPACEPOOL_STATE, OPENED_STATE);
}

async function floodUnknownIds(mebibytes) {
  // Valid fragments of one growing object per made-up pipeline: a client that kept state per id would keep them all.
  const blob = randomBytes(24_000);
  const header = Buffer.alloc(21);
  header.writeBigUInt64BE(1n, 0);
  header.writeBigUInt64BE(0n, 8);
  header[16] = 0x1; // start, no end: the object stays in flight
  header.writeUInt32BE(blob.length, 17);
  const text = encodeBase64(Buffer.concat([header, blob]));
  const lines = Math.ceil((mebibytes * MIB) / (text.length + 80));
  for (let index = 0; index < lines; index++) await write(`<Data Stream='Default' PSGuid='${randomUUID()}'>${text}</Data>`);
}

async function onLine(line) {
  const data = /^<Data Stream='(\w+)' PSGuid='([0-9a-f-]+)'>([^<]*)<\/Data>$/.exec(line);
  if (data) {
    const [, , guid, base64] = data;
    if (mode === 'silence' || (mode === 'deaf-after-open' && poolMessages > 0)) return;
    await write(`<DataAck PSGuid='${guid}' />`);
    if (guid !== EMPTY_GUID) return;
    poolMessages += 1;
    if (poolMessages === 1) {
      rpid = readRpid(base64);
      if (mode === 'forged-fragment') {
        const header = Buffer.alloc(21 + 16);
        header.writeBigUInt64BE(1n, 0);
        header.writeBigUInt64BE(0n, 8);
        header[16] = 0x1;
        header.writeUInt32BE(Number(parameter ?? 0xfffffff0), 17);
        return write(`<Data Stream='Default' PSGuid='${EMPTY_GUID}'>${encodeBase64(header)}</Data>`);
      }
      if (mode === 'truncated-clixml') {
        await send(SESSION_CAPABILITY, CAPABILITY);
        return send(RUNSPACEPOOL_STATE, OPENED_STATE.slice(0, 30));
      }
      return openPool();
    }
    if (mode === 'unknown-ids' && poolMessages === 2) {
      const text = Buffer.from(base64, 'base64').toString('utf8');
      const callId = /<I64 N="ci">(\d+)<\/I64>/.exec(text)?.[1] ?? '1';
      await floodUnknownIds(Number(parameter ?? 100));
      await send(RUNSPACE_AVAILABILITY, `<Obj RefId="0"><MS><I64 N="SetMinMaxRunspacesResponse">1</I64><I64 N="ci">${callId}</I64></MS></Obj>`);
    }
    return;
  }
  const control = /^<(Command|Close|Signal) PSGuid='([0-9a-f-]+)' \/>$/.exec(line);
  if (!control) return;
  const [, kind, guid] = control;
  if ((kind === 'Close' && mode === 'close-no-ack') || mode === 'deaf-after-open') return;
  await write(`<${kind}Ack PSGuid='${guid}' />`);
}

function readLines(onEnd) {
  let partial = '';
  let queue = Promise.resolve();
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    for (const line of parts) queue = queue.then(() => onLine(line.replace(/\r$/, '')));
  });
  process.stdin.on('end', () => void queue.then(onEnd));
}

const stayForever = () => setInterval(() => undefined, 60_000);

switch (mode) {
  case 'silence':
    readLines(() => process.exit(0));
    break;
  case 'ignore-eof':
    process.stdin.resume();
    stayForever();
    break;
  case 'stderr-flood': {
    const noise = 'warning: this peer only ever writes to stderr\n'.repeat(1400);
    const flood = () => process.stderr.write(noise, () => setImmediate(flood));
    flood();
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
    break;
  }
  case 'stdout-garbage':
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
    void (async () => {
      for (;;) await write(randomBytes(4096).toString('latin1'));
    })();
    break;
  case 'early-exit':
    process.stderr.write('fake-pwsh: cannot start the server\n');
    process.exit(3);
    break;
  case 'endless-line':
    process.stdin.resume();
    process.stdin.on('end', () => process.exit(0));
    void (async () => {
      const chunk = 'x'.repeat(64 * 1024);
      for (;;) {
        if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
    })();
    break;
  case 'close-ignore-eof':
    readLines(stayForever);
    break;
  default:
    readLines(() => process.exit(0));
}
