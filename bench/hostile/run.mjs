/**
 * Heap per input byte of every decoder that reads a peer's bytes (issue 12): for each hostile input, how much heap
 * the decoder retains per byte it was given (measured after a full garbage collection, while the decoder still holds
 * what it kept), and the peak the process reached (its maximum resident set over the case, minus where it started:
 * garbage, buffers and all). Each case runs in a fresh `node --expose-gc` process.
 *
 *   node bench/hostile/run.mjs [--quick] [--cases=fragment,soap,...] [--out=FILE]
 *
 * Writes bench/results/hostile.json with the machine described. The figures back the bounds stated in the READMEs of
 * @psrp/fragment, @psrp/wsman and @psrp/client ("Hostile input").
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const BENCH = join(HERE, '..');
const MIB = 1024 * 1024;
const argv = process.argv.slice(2);
const value = (name) => argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
const quick = argv.includes('--quick');

/** Heap in use, V8's and the array buffers' (Uint8Array, Buffer). */
function heap() {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function settledHeap() {
  globalThis.gc();
  globalThis.gc();
  return heap();
}

const RPID = '0b5a2a4c-8d4e-4a38-9e0c-5f2b1a7c3d11';

/** One case: returns what was fed, the object that holds what the decoder kept, and how it ended. */
const CASES = {
  // --- @psrp/fragment: Base64Defragmenter with its defaults (10 MiB per object, 1024 objects in flight) ---
  'fragment: unfinished objects': (s, bytes) => {
    const defragmenter = new s.Base64Defragmenter();
    const blob = 8 * 1024;
    let fed = 0;
    let outcome = 'accepted';
    try {
      for (let objectId = 1; fed < bytes; objectId++) {
        const fragment = new Uint8Array(21 + blob);
        const view = new DataView(fragment.buffer);
        view.setBigUint64(0, BigInt(objectId));
        fragment[16] = 0x1;
        view.setUint32(17, blob);
        const text = s.encodeBase64(fragment);
        defragmenter.push(text);
        fed += text.length;
      }
    } catch (error) {
      outcome = `${error.name} after ${fed} characters`;
    }
    return { fed, keep: defragmenter, outcome };
  },
  'fragment: one object, never finished': (s, bytes) => {
    const defragmenter = new s.Base64Defragmenter();
    const blob = 32 * 1024 - 21;
    let fed = 0;
    let outcome = 'accepted';
    try {
      for (let fragmentId = 0; fed < bytes; fragmentId++) {
        const fragment = new Uint8Array(21 + blob);
        const view = new DataView(fragment.buffer);
        view.setBigUint64(0, 1n);
        view.setBigUint64(8, BigInt(fragmentId));
        fragment[16] = fragmentId === 0 ? 0x1 : 0;
        view.setUint32(17, blob);
        const text = s.encodeBase64(fragment);
        defragmenter.push(text);
        fed += text.length;
      }
    } catch (error) {
      outcome = `${error.name} after ${fed} characters`;
    }
    return { fed, keep: defragmenter, outcome };
  },
  'fragment: BlobLength of 10 MiB, blob trickling in': (s, bytes) => {
    const defragmenter = new s.Base64Defragmenter();
    const header = new Uint8Array(21);
    const view = new DataView(header.buffer);
    view.setBigUint64(0, 1n);
    header[16] = 0x3;
    view.setUint32(17, 10 * MIB - 1);
    // The header, then the blob in texts of 3 KiB (whole quads each).
    let fed = 0;
    const first = s.encodeBase64(Uint8Array.of(...header, 0, 0, 0));
    defragmenter.push(first);
    fed += first.length;
    const piece = s.encodeBase64(new Uint8Array(3 * 1024));
    while (fed < bytes) {
      defragmenter.push(piece);
      fed += piece.length;
    }
    return { fed, keep: defragmenter, outcome: 'accepted (still waiting for the blob)' };
  },
  'fragment: finished messages, lent': (s, bytes) => {
    const defragmenter = new s.Base64Defragmenter();
    const fragmenter = new s.Fragmenter({ maxFragmentBytes: 32768 });
    const texts = fragmenter.fragment(new Uint8Array(MIB)).map((fragment) => s.encodeBase64(fragment));
    let fed = 0;
    let read = 0;
    while (fed < bytes) {
      for (const text of fragmenter.fragment(new Uint8Array(MIB)).map((fragment) => s.encodeBase64(fragment))) {
        defragmenter.pushBorrowed(text, (message) => (read += message.length));
        fed += text.length;
      }
    }
    return { fed, keep: [defragmenter, texts.length], outcome: `${read} bytes of messages read` };
  },

  // --- @psrp/wsman: readXml with its defaults (8 Mi characters, 65,536 nodes, depth 64) ---
  'soap: empty elements': (s, bytes) => {
    const xml = `<r>${'<a/>'.repeat(Math.floor(bytes / 4))}</r>`;
    try {
      return { fed: xml.length, keep: s.readXml(xml), outcome: 'read' };
    } catch (error) {
      return { fed: xml.length, keep: null, outcome: `${error.name} (${error.reason})` };
    }
  },
  'soap: attributes': (s, bytes) => {
    const count = Math.floor(bytes / 10);
    const xml = `<r ${Array.from({ length: count }, (_, index) => `a${index.toString(36).padStart(4, '0')}=""`).join(' ')}/>`;
    try {
      return { fed: xml.length, keep: s.readXml(xml), outcome: 'read' };
    } catch (error) {
      return { fed: xml.length, keep: null, outcome: `${error.name} (${error.reason})` };
    }
  },
  'soap: one long text': (s, bytes) => {
    const xml = `<r>${'x'.repeat(bytes)}</r>`;
    return { fed: xml.length, keep: [xml, s.readXml(xml)], outcome: 'read (the text is a slice of the input)', inputHeld: true };
  },
  'soap: character references': (s, bytes) => {
    const xml = `<r>${'&amp;'.repeat(Math.floor(bytes / 5))}</r>`;
    return { fed: xml.length, keep: s.readXml(xml), outcome: 'read' };
  },
  'soap: Receive response (base64 streams)': (s, bytes) => {
    const stream = `<rsp:Stream Name="stdout" CommandId="9A5B3AA7-3E37-4A14-A1A5-28B7F6D3A5E1">${'QUFB'.repeat(8000)}</rsp:Stream>`;
    const xml = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Header/><s:Body><rsp:ReceiveResponse>${stream.repeat(Math.max(1, Math.floor(bytes / stream.length)))}</rsp:ReceiveResponse></s:Body></s:Envelope>`;
    return { fed: xml.length, keep: [xml, s.readXml(xml)], outcome: 'read', inputHeld: true };
  },

  // --- @psrp/client: out-of-proc lines (LineSplitter, 1 Mi characters per line) ---
  'lines: endless line, 1 character per chunk': (s, bytes) => {
    const splitter = new s.LineSplitter(1 << 20);
    let fed = 0;
    let outcome = 'accepted';
    try {
      while (fed < bytes) {
        splitter.push(String.fromCharCode(0x61 + (fed % 26)));
        fed += 1;
      }
      splitter.push('x'.repeat((1 << 20) + 1 - fed));
    } catch (error) {
      outcome = `${error.name} at the line limit`;
    }
    return { fed, keep: splitter, outcome };
  },
  'lines: endless line, 64 KiB per chunk': (s, bytes) => {
    const splitter = new s.LineSplitter(1 << 20);
    const chunk = 'y'.repeat(64 * 1024);
    let fed = 0;
    let outcome = 'accepted';
    try {
      while (fed < bytes) {
        splitter.push(chunk);
        fed += chunk.length;
      }
    } catch (error) {
      outcome = `${error.name} at the line limit`;
    }
    return { fed, keep: splitter, outcome };
  },

  // --- @psrp/client: the opened RunspacePoolMachine with the pool's defaults (200 MiB per object) ---
  'machine: data for pipelines it never created': (s, bytes) => {
    const machine = openedMachine(s, 200 * MIB);
    const blob = new Uint8Array(21 + 24_000);
    blob[7] = 1;
    blob[16] = 0x1;
    new DataView(blob.buffer).setUint32(17, 24_000);
    const base64 = s.encodeBase64(blob);
    let fed = 0;
    for (let index = 0; fed < bytes; index++) {
      const line = `<Data Stream='Default' PSGuid='${crypto.randomUUID()}'>${base64}</Data>`;
      const packet = s.parsePacket(line);
      machine.receive(packet.base64, packet.guid);
      fed += line.length;
    }
    return { fed, keep: machine, outcome: 'dropped unread' };
  },
  'machine: unfinished objects on the pool, maxReceivedObjectBytes 16 MiB': (s, bytes) => {
    const machine = openedMachine(s, 16 * MIB);
    const blob = 32 * 1024 - 21;
    let fed = 0;
    let outcome = 'accepted';
    try {
      for (let objectId = 1; fed < bytes; objectId++) {
        const fragment = new Uint8Array(21 + blob);
        const view = new DataView(fragment.buffer);
        view.setBigUint64(0, BigInt(objectId));
        fragment[16] = 0x1;
        view.setUint32(17, blob);
        const text = s.encodeBase64(fragment);
        machine.receive(text, null);
        fed += text.length;
      }
    } catch (error) {
      outcome = `${error.name} after ${fed} characters`;
    }
    return { fed, keep: machine, outcome };
  },
};

function openedMachine(s, maxReceivedObjectBytes) {
  const machine = new s.RunspacePoolMachine({
    rpid: RPID,
    protocolVersion: '2.3',
    minRunspaces: 1,
    maxRunspaces: 1,
    hostInfo: s.buildNullHostInfo(),
    maxPayloadBytes: 32768,
    maxReceivedObjectBytes,
    maxReceivedDataBytesPerCommand: null,
  });
  machine.open();
  while (machine.dataToSend()) {}
  const fragmenter = new s.Fragmenter({ maxFragmentBytes: 32768 });
  const capability =
    '<Obj RefId="0"><MS><Version N="protocolversion">2.3</Version><Version N="PSVersion">2.0</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>';
  for (const [type, text] of [
    [s.MessageType.SESSION_CAPABILITY, capability],
    [s.MessageType.RUNSPACEPOOL_STATE, '<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>'],
  ]) {
    const message = s.encodeMessage({ destination: s.Destination.Client, messageType: type, rpid: RPID, pid: s.EMPTY_GUID, data: new TextEncoder().encode(text) });
    for (const fragment of fragmenter.fragment(message)) machine.receive(s.encodeBase64(fragment), null);
  }
  while (machine.nextEvent()) {}
  return machine;
}

/** A WSMan response through the whole client (HTTP engine, bounded body, UTF-8 decode, readXml): peak only. */
async function wsmanCase(s, name, bytes) {
  const head = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><a>';
  const tail = '</a></s:Body></s:Envelope>';
  const body = name.includes('endless') ? null : Buffer.from(head + 'x'.repeat(Math.max(0, bytes - head.length - tail.length)) + tail);
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/soap+xml' });
      if (body) return response.end(body);
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      pump();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new s.WSManClient({ endpoint: `http://127.0.0.1:${server.address().port}/wsman`, requestTimeoutSeconds: 60 });
  let outcome;
  try {
    await client.get({ resourceUri: s.RESOURCE_URI_CONFIG });
    outcome = 'read';
  } catch (error) {
    outcome = `${error.name}: ${error.message}`;
  }
  await client.close();
  server.closeAllConnections();
  server.close();
  return { fed: body?.length ?? 8 * MIB, keep: null, outcome };
}

const WSMAN_CASES = ['wsman: 8 MiB response of one text', 'wsman: endless response body'];

async function runCase(bundle, name, bytes) {
  const subjects = await import(pathToFileURL(bundle).href);
  const startRss = process.memoryUsage.rss();
  const before = settledHeap();
  const started = performance.now();
  const result = WSMAN_CASES.includes(name) ? await wsmanCase(subjects, name, bytes) : CASES[name](subjects, bytes);
  const ms = performance.now() - started;
  const retained = settledHeap() - before;
  const peakRss = process.resourceUsage().maxRSS * 1024 - startRss;
  void result.keep;
  return {
    case: name,
    inputBytes: result.fed,
    outcome: result.outcome,
    retainedBytes: retained,
    retainedPerInputByte: Number((retained / result.fed).toFixed(3)),
    ...(result.inputHeld ? { note: 'retained includes the input string itself, which the result slices' } : {}),
    peakRssBytes: peakRss,
    peakPerInputByte: Number((peakRss / result.fed).toFixed(3)),
    ms: Math.round(ms),
  };
}

if (value('child')) {
  const [bundle, name, bytes] = [value('bundle'), decodeURIComponent(value('child')), Number(value('bytes'))];
  console.log(JSON.stringify(await runCase(bundle, name, bytes)));
} else {
  const folder = mkdtempSync(join(tmpdir(), 'psrp-hostile-bench-'));
  try {
    const { build } = await import('esbuild');
    const bundle = join(folder, 'subjects.mjs');
    await build({ entryPoints: [join(HERE, 'subjects.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'warning' });
    const sizes = quick ? [MIB] : [MIB, 4 * MIB, 16 * MIB];
    const only = value('cases')?.split(',');
    const names = [...Object.keys(CASES), ...WSMAN_CASES].filter((name) => !only || only.some((prefix) => name.startsWith(prefix)));
    const loadBefore = loadavg();
    const results = [];
    for (const name of names) {
      const caseSizes = name.startsWith('wsman') ? [8 * MIB - 64] : name.startsWith('lines') ? [1 << 20] : sizes;
      for (const bytes of caseSizes) {
        const output = execFileSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), `--child=${encodeURIComponent(name)}`, `--bundle=${bundle}`, `--bytes=${bytes}`], {
          encoding: 'utf8',
          maxBuffer: 16 * MIB,
        });
        const result = JSON.parse(output.trim().split('\n').at(-1));
        results.push(result);
        console.log(`${name} ${bytes}: retained ${result.retainedPerInputByte} B/B, peak ${result.peakPerInputByte} B/B (${result.outcome})`);
      }
    }
    const report = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${osType()} ${release()}`, node: process.version, loadBefore, loadAfter: loadavg() },
      method:
        'Each case in a fresh `node --expose-gc`. retainedBytes: heapUsed + external after two full GCs, while the decoder (or the tree it returned) is still held, minus the same before the case. peakRssBytes: the process maximum resident set over the case minus its resident set before it (garbage and freed buffers included). Per input byte: divided by the characters (or bytes) fed.',
      cases: results,
    };
    const out = value('out') ?? join(BENCH, 'results', 'hostile.json');
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
