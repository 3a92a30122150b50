/**
 * Heap per input byte of every decoder that reads a peer's bytes (issue 12): for each hostile input, how much heap
 * the decoder retains per byte it was given (measured after a full garbage collection, while the decoder still holds
 * what it kept), and the peak the process reached (its maximum resident set over the case, minus where it started:
 * garbage, buffers and all). Each case runs in a fresh `node --expose-gc` process.
 *
 *   node bench/hostile/run.mjs [--quick] [--cases=fragment,soap,clixml,...] [--out=FILE]
 *
 * Writes bench/results/hostile.json with the machine described (with --cases, merged into it: see mergedInto). The
 * figures back the bounds stated in the READMEs of @psrp/fragment, @psrp/wsman, @psrp/clixml and @psrp/client
 * ("Hostile input"). The CLIXML cases also give the heap per element (elements counted as the reader counts them).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
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

/**
 * Base64 texts of fragments that never end their objects: `objects` objects (ids 1..objects) fed round-robin, each
 * fragment carrying `blob` bytes, until `bytes` characters. One object: fragments 0, 1, 2... of object 1.
 */
function unfinishedFragments(s, bytes, blob, objects) {
  const texts = [];
  for (let fed = 0, index = 0; fed < bytes; index++) {
    const objectId = (index % objects) + 1;
    const fragmentId = Math.floor(index / objects);
    const fragment = new Uint8Array(21 + blob);
    const view = new DataView(fragment.buffer);
    view.setBigUint64(0, BigInt(objectId));
    view.setBigUint64(8, BigInt(fragmentId));
    fragment[16] = fragmentId === 0 ? 0x1 : 0;
    view.setUint32(17, blob);
    const text = s.encodeBase64(fragment);
    texts.push(text);
    fed += text.length;
  }
  return texts;
}

/** Feeds texts to `push` until it throws; what was fed and how it ended. */
function feed(texts, push) {
  let fed = 0;
  try {
    for (const text of texts) {
      push(text);
      fed += text.length;
    }
    return { fed, outcome: 'accepted' };
  } catch (error) {
    return { fed: fed + 1, outcome: `${error.name} after ${fed} characters` };
  }
}

/** Reads one document with readXml, keeping the tree. */
function readDocument(s, xml) {
  try {
    return { fed: xml.length, keep: s.readXml(xml), outcome: 'read' };
  } catch (error) {
    return { fed: xml.length, keep: null, outcome: `${error.name} (${error.reason})` };
  }
}

/** `<Obj RefId="0"><LST>` of `item` (a text, or one made per index) repeated until about `bytes` characters. */
function listOf(item, bytes) {
  const items = [];
  for (let index = 0, length = 0; length < bytes; index++) {
    const text = typeof item === 'string' ? item : item(index);
    items.push(text);
    length += text.length;
  }
  return `<Obj RefId="0"><LST>${items.join('')}</LST></Obj>`;
}

/**
 * Reads one CLIXML body with deserialize, keeping the value. The limits admit the case (the element cap is what
 * bounds a message at the defaults; the README multiplies the per-element figure by it); elements are counted as
 * the reader counts them, for the heap per element.
 */
function readClixml(s, text, copiedTypeNames = 0) {
  const elements = (text.match(/<[A-Za-z]/g)?.length ?? 0) + copiedTypeNames;
  const limits = { maxInputLength: text.length, maxStringLength: text.length, maxElements: elements };
  try {
    return { fed: text.length, keep: s.deserialize(text, limits), outcome: 'read', elements };
  } catch (error) {
    return { fed: text.length, keep: null, outcome: `${error.name} (${error.message})`, elements };
  }
}

/**
 * Each case: `prepare` makes the input (not measured), `decode` feeds it and returns what the decoder holds. The
 * input is dropped before the retained heap is measured, so whatever of it the decoder kept counts.
 */
const CASES = {
  // --- @psrp/fragment: Base64Defragmenter with its defaults (10 MiB per object, 1024 objects in flight) ---
  'fragment: 16 unfinished objects, growing together': {
    prepare: (s, bytes) => unfinishedFragments(s, bytes, 32 * 1024 - 21, 16),
    decode: (s, texts) => {
      const keep = new s.Base64Defragmenter();
      return { keep, ...feed(texts, (text) => keep.push(text)) };
    },
  },
  'fragment: one object, never finished': {
    prepare: (s, bytes) => unfinishedFragments(s, bytes, 32 * 1024 - 21, 1),
    decode: (s, texts) => {
      const keep = new s.Base64Defragmenter();
      return { keep, ...feed(texts, (text) => keep.push(text)) };
    },
  },
  'fragment: BlobLength of 10 MiB, blob trickling in': {
    prepare: (s, bytes) => {
      const header = new Uint8Array(24);
      const view = new DataView(header.buffer);
      view.setBigUint64(0, 1n);
      header[16] = 0x3;
      view.setUint32(17, 10 * MIB - 1);
      const piece = s.encodeBase64(new Uint8Array(3 * 1024));
      return [s.encodeBase64(header), ...Array.from({ length: Math.ceil(bytes / piece.length) }, () => piece)];
    },
    decode: (s, texts) => {
      const keep = new s.Base64Defragmenter();
      const { fed } = feed(texts, (text) => keep.push(text));
      return { keep, fed, outcome: 'accepted (still waiting for the blob)' };
    },
  },
  'fragment: finished 1 MiB messages, lent': {
    prepare: (s, bytes) => {
      const fragmenter = new s.Fragmenter({ maxFragmentBytes: 32768 });
      return Array.from({ length: Math.max(1, Math.round(bytes / (1.34 * MIB))) }, () => fragmenter.fragment(new Uint8Array(MIB)).map((fragment) => s.encodeBase64(fragment))).flat();
    },
    decode: (s, texts) => {
      const keep = new s.Base64Defragmenter();
      let read = 0;
      const { fed } = feed(texts, (text) => keep.pushBorrowed(text, (message) => (read += message.length)));
      return { keep, fed, outcome: `${read} bytes of messages read; retainBytes 4 MiB` };
    },
  },

  // --- @psrp/wsman: readXml with its defaults (8 Mi characters, 65,536 nodes, depth 64) ---
  'soap: empty elements': {
    prepare: (_s, bytes) => `<r>${'<a/>'.repeat(Math.floor(bytes / 4))}</r>`,
    decode: readDocument,
  },
  'soap: attributes': {
    prepare: (_s, bytes) => `<r ${Array.from({ length: Math.floor(bytes / 10) }, (_, index) => `a${index.toString(36).padStart(4, '0')}=""`).join(' ')}/>`,
    decode: readDocument,
  },
  'soap: one long text': {
    prepare: (_s, bytes) => `<r>${'x'.repeat(bytes)}</r>`,
    decode: readDocument,
  },
  'soap: character references': {
    prepare: (_s, bytes) => `<r>${'&amp;'.repeat(Math.floor(bytes / 5))}</r>`,
    decode: readDocument,
  },
  'soap: Receive response (base64 streams)': {
    prepare: (_s, bytes) => {
      const stream = `<rsp:Stream Name="stdout" CommandId="9A5B3AA7-3E37-4A14-A1A5-28B7F6D3A5E1">${'QUFB'.repeat(8000)}</rsp:Stream>`;
      return `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Header/><s:Body><rsp:ReceiveResponse>${stream.repeat(Math.max(1, Math.floor(bytes / stream.length)))}</rsp:ReceiveResponse></s:Body></s:Envelope>`;
    },
    decode: readDocument,
  },

  // --- @psrp/clixml: deserialize, one message body as the client reads it (limits wide enough to admit the case) ---
  'clixml: empty objects in a list': {
    prepare: (_s, bytes) => listOf('<Obj/>', bytes),
    decode: readClixml,
  },
  'clixml: nesting to the depth limit, repeated': {
    prepare: (s, bytes) => {
      // Obj and LST alternate, so a chain of n objects is 2n deep.
      const levels = Math.floor(s.DEFAULT_MAX_DEPTH / 2) - 2;
      const chain = `${'<Obj><LST>'.repeat(levels)}${'</LST></Obj>'.repeat(levels)}`;
      return listOf(chain, bytes);
    },
    decode: readClixml,
  },
  'clixml: short strings': {
    prepare: (_s, bytes) => listOf((index) => `<S>${index.toString(36)}</S>`, bytes),
    decode: readClixml,
  },
  'clixml: one long text with a character beyond Latin-1': {
    prepare: (_s, bytes) => `<S>${'x'.repeat(bytes)}\u20ac</S>`,
    decode: readClixml,
  },
  'clixml: strings of 16 characters': {
    prepare: (_s, bytes) => listOf('<S>abcdefghijklmnop</S>', bytes),
    decode: readClixml,
  },
  'clixml: entity references in one string': {
    prepare: (_s, bytes) => `<S>${'&lt;'.repeat(Math.floor(bytes / 4))}</S>`,
    decode: readClixml,
  },
  'clixml: distinct property names': {
    prepare: (_s, bytes) => {
      const properties = [];
      for (let index = 0, length = 0; length < bytes; index++) {
        const property = `<Nil N="p${index.toString(36)}"/>`;
        properties.push(property);
        length += property.length;
      }
      return `<Obj RefId="0"><MS>${properties.join('')}</MS></Obj>`;
    },
    decode: readClixml,
  },
  'clixml: RefId and TN tables': {
    prepare: (_s, bytes) => listOf((index) => `<Obj RefId="${index + 1}"><TN RefId="${index}"><T>${index.toString(36)}</T></TN></Obj>`, bytes),
    decode: readClixml,
  },
  'clixml: TNRef to 20 type names': {
    prepare: (_s, bytes) => {
      const names = Array.from({ length: 20 }, (_, index) => `<T>${index.toString(36)}</T>`).join('');
      return listOf((index) => (index === 0 ? `<Obj RefId="1"><TN RefId="0">${names}</TN></Obj>` : `<Obj RefId="${index + 1}"><TNRef RefId="0"/></Obj>`), bytes);
    },
    // Each <TNRef> counts as the 20 names it copies (as the reader counts it against maxElements).
    decode: (s, text) => readClixml(s, text, 20 * (text.split('<TNRef').length - 1)),
  },
  'clixml: empty dictionaries': {
    prepare: (_s, bytes) => listOf('<Obj><DCT/></Obj>', bytes),
    decode: readClixml,
  },
  'clixml: unknown elements inside objects': {
    prepare: (_s, bytes) => listOf('<Obj><X/></Obj>', bytes),
    decode: readClixml,
  },
  'clixml: empty objects with a property': {
    prepare: (_s, bytes) => listOf('<Obj><MS><Nil N="a"/></MS></Obj>', bytes),
    decode: readClixml,
  },

  // --- @psrp/client: out-of-proc lines (LineSplitter, 1 Mi characters per line) ---
  'lines: endless line, 1 character per chunk': {
    prepare: (_s, bytes) => Array.from({ length: bytes + 1 }, (_, index) => String.fromCharCode(0x61 + (index % 26))),
    decode: (s, chunks) => {
      const keep = new s.LineSplitter(1 << 20);
      return { keep, ...feed(chunks, (chunk) => keep.push(chunk)) };
    },
  },
  'lines: endless line, 64 KiB per chunk': {
    prepare: (_s, bytes) => Array.from({ length: Math.ceil(bytes / 65536) }, () => 'y'.repeat(65536)),
    decode: (s, chunks) => {
      const keep = new s.LineSplitter(1 << 20);
      return { keep, ...feed(chunks, (chunk) => keep.push(chunk)) };
    },
  },

  // --- @psrp/client: the opened RunspacePoolMachine ---
  'machine: data lines for pipelines it never created (defaults)': {
    prepare: (s, bytes) => {
      const blob = new Uint8Array(21 + 24_000);
      blob[7] = 1;
      blob[16] = 0x1;
      new DataView(blob.buffer).setUint32(17, 24_000);
      const base64 = s.encodeBase64(blob);
      const line = (guid) => `<Data Stream='Default' PSGuid='${guid}'>${base64}</Data>`;
      return Array.from({ length: Math.ceil(bytes / line(crypto.randomUUID()).length) }, () => line(crypto.randomUUID()));
    },
    decode: (s, lines) => {
      const keep = openedMachine(s, 200 * MIB);
      const { fed } = feed(lines, (line) => {
        const packet = s.parsePacket(line);
        keep.receive(packet.base64, packet.guid);
      });
      return { keep, fed, outcome: 'dropped unread' };
    },
  },
  'machine: 16 unfinished objects on the pool, maxReceivedObjectBytes 4 MiB': {
    prepare: (s, bytes) => unfinishedFragments(s, bytes, 32 * 1024 - 21, 16),
    decode: (s, texts) => {
      const keep = openedMachine(s, 4 * MIB);
      return { keep, ...feed(texts, (text) => keep.receive(text, null)) };
    },
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

/** Samples the process's resident set from a worker thread every millisecond, while the main thread decodes. */
function rssSampler() {
  const shared = new BigInt64Array(new SharedArrayBuffer(16));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = new BigInt64Array(workerData);
     setInterval(() => {
       const rss = BigInt(process.memoryUsage.rss());
       if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
       if (Atomics.load(peak, 1) === 1n) process.exit(0);
     }, 1);`,
    { eval: true, workerData: shared.buffer },
  );
  return {
    ready: new Promise((resolve) => worker.once('online', resolve)),
    reset: () => Atomics.store(shared, 0, BigInt(process.memoryUsage.rss())),
    stop: async () => {
      Atomics.store(shared, 1, 1n);
      await new Promise((resolve) => worker.once('exit', resolve));
      return Number(Atomics.load(shared, 0));
    },
  };
}

async function runCase(bundle, name, bytes) {
  const subjects = await import(pathToFileURL(bundle).href);
  const wsman = WSMAN_CASES.includes(name);
  // A small run first, so that compiled code and first-use structures are not counted.
  if (!wsman) CASES[name].decode(subjects, CASES[name].prepare(subjects, 64 * 1024));
  const sampler = rssSampler();
  await sampler.ready;
  /x/.exec('x'); // V8 keeps the last regular expression subject alive; make it a tiny one
  // The baseline is taken before the input exists: what the decoder keeps of it counts, the rest is dropped below.
  const before = settledHeap();
  const box = { input: wsman ? null : CASES[name].prepare(subjects, bytes) };
  settledHeap();
  sampler.reset();
  const startRss = process.memoryUsage.rss();
  const started = performance.now();
  const result = wsman ? await wsmanCase(subjects, name, bytes) : CASES[name].decode(subjects, box.input);
  const ms = performance.now() - started;
  const peakRss = (await sampler.stop()) - startRss;
  box.input = null;
  /x/.exec('x');
  const retained = settledHeap() - before;
  void result.keep;
  return {
    case: name,
    inputBytes: result.fed,
    outcome: result.outcome,
    retainedBytes: retained,
    retainedPerInputByte: Number((retained / result.fed).toFixed(3)),
    peakRssBytes: peakRss,
    peakPerInputByte: Number((peakRss / result.fed).toFixed(3)),
    ms: Math.round(ms),
    ...(result.elements === undefined ? {} : { elements: result.elements, retainedPerElement: Math.round(retained / result.elements) }),
  };
}

/**
 * A run of some cases (--cases) replaces those cases in the existing report and keeps the others; the run's date and
 * machine are listed under `updates` with the cases it measured.
 */
function mergedInto(out, report) {
  let previous;
  try {
    previous = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    return report;
  }
  const measured = new Set(report.cases.map((result) => result.case));
  return {
    ...previous,
    method: report.method,
    cases: [...previous.cases.filter((result) => !measured.has(result.case)), ...report.cases],
    updates: [...(previous.updates ?? []), { date: report.date, machine: report.machine, cases: [...measured] }],
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
      // A line stops at 1 Mi characters, a blob of 10 MiB at 10 MiB, a WSMan response at 8 MiB.
      const caseSizes = name.startsWith('wsman') ? [8 * MIB - 64] : name.startsWith('lines') ? [1 << 20] : name.includes('10 MiB') ? sizes.map((size) => Math.min(size, 8 * MIB)) : sizes;
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
        'Each case in a fresh `node --expose-gc`, after a small warm-up run of the same case. The input is made first and not measured. retainedBytes: heapUsed + external after two full GCs, with the input dropped and the decoder (or the tree it returned) still held, minus the same before the case. peakRssBytes: the highest resident set a worker thread saw (sampling every ms) while the case ran, minus the resident set when it began (garbage and buffers included). Per input byte: divided by the characters (or bytes) fed; a case refused part-way counts what it was fed until then.',
      cases: results,
    };
    const out = value('out') ?? join(BENCH, 'results', 'hostile.json');
    writeFileSync(out, `${JSON.stringify(only ? mergedInto(out, report) : report, null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
