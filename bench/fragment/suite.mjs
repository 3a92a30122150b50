/**
 * The @psrp/fragment throughput suite, runtime-neutral: Node, Deno and Bun run it through
 * runtime-entry.mjs, Chromium through browser-entry.mjs. It receives the package's module
 * namespace and measures, for each message size, the TS and wasm paths, every base64 codec the
 * runtime has, the one-step receive path (Base64Defragmenter), and the machine's limits
 * (Uint8Array.prototype.set of the same bytes, fresh memory, the runtime's own base64, and the
 * plain atob path).
 */

const KIB = 1024;
const MIB = KIB * KIB;
export const SIZES = [KIB, 64 * KIB, MIB, 64 * MIB];
const SIZE_NAMES = new Map([[KIB, '1 KiB'], [64 * KIB, '64 KiB'], [MIB, '1 MiB'], [64 * MIB, '64 MiB']]);
/** Out-of-proc fragments: what a transport hands the receive path, one base64 string each. */
const FRAGMENT_BYTES = 32768;
const LARGE = 16 * MIB;
/** Rounds per case (best kept, as the machine is shared); time per round for small sizes; large sizes run once per round. */
const ROUNDS = 7;
const ROUND_BUDGET_MS = 40;
/** Bytes of messages worked through between two clock reads, at least one message. */
const BATCH_BYTES = 256 * KIB;
const MIN_ITERATIONS = 3;
const MAX_OBJECT_BYTES = 128 * MIB;
/** Base64Defragmenter's default retainBytes. */
const DEFAULT_RETAIN_BYTES = 4 * MIB;
const MESSAGE_HEADER_BYTES = 40;
const RPID = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Keeps results alive so no engine can skip the work. */
let sink = 0;

function randomBytes(length) {
  const bytes = new Uint8Array(length);
  const words = new Uint32Array(bytes.buffer, 0, length >>> 2);
  let state = 0x9e3779b9;
  for (let index = 0; index < words.length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[index] = state;
  }
  return bytes;
}

/**
 * Runs every case in `rounds` interleaved rounds (so drift and GC hit all cases alike) and keeps
 * each case's best round. Small sizes run for a time budget per round, large ones one iteration.
 */
function measureAll(cases, bytes) {
  const best = {};
  // Small messages run in batches between clock reads, so that reading the clock (tens of ns) is
  // not part of what a case costs.
  const batchSize = Math.max(1, Math.floor(BATCH_BYTES / bytes));
  for (const work of Object.values(cases)) work(); // warm-up and JIT
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, work] of Object.entries(cases)) {
      let iterations = 0;
      const start = performance.now();
      let elapsed = 0;
      do {
        for (let batch = 0; batch < batchSize; batch++) work();
        iterations += batchSize;
        elapsed = performance.now() - start;
      } while (bytes < LARGE && (elapsed < ROUND_BUDGET_MS || iterations < MIN_ITERATIONS));
      const mbPerSecond = Math.round((bytes * iterations) / (elapsed / 1000) / 1e6);
      if (best[name] === undefined || mbPerSecond > best[name].mbPerSecond) best[name] = { mbPerSecond, iterations };
    }
  }
  return best;
}

function sameBytes(left, right) {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index++) if (left[index] !== right[index]) return false;
  return true;
}

/** The plain path a browser has without help: atob, then one charCodeAt per byte. */
function atobDecode(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function loadEngines(fragment) {
  const engines = {};
  for (const [path, base64] of [['ts', 'ts'], ['ts', 'buffer'], ['ts', 'uint8array'], ['ts', 'wasm'], ['wasm', 'wasm']]) {
    try {
      engines[`${path}+${base64}`] = await fragment.loadFragmentEngine({ path, base64 });
    } catch {
      // this runtime lacks that codec
    }
  }
  const auto = await fragment.loadFragmentEngine();
  return { engines, defaultEngine: `${auto.path}+${auto.base64Path}` };
}

function ratio(numerator, denominator) {
  return numerator === undefined || denominator === undefined ? undefined : Math.round((numerator / denominator) * 100) / 100;
}

/**
 * Runs every case; `log` gets a line per size.
 * @param {typeof import('@psrp/fragment')} fragment
 */
export async function runSuite(fragment, { sizes = SIZES, log = () => {} } = {}) {
  const { engines, defaultEngine } = await loadEngines(fragment);
  const hasBuffer = typeof globalThis.Buffer === 'function';
  const hasFromBase64 = typeof Uint8Array.fromBase64 === 'function';
  const results = {};
  const tsEngine = fragment.tsEngine;
  const pathEngines = { ts: engines['ts+ts'], wasm: engines['wasm+wasm'] };
  for (const size of sizes) {
    const message = randomBytes(size);
    const fragmenter = (engine) => new fragment.Fragmenter({ maxFragmentBytes: FRAGMENT_BYTES, engine });
    const fragments = fragmenter(tsEngine).fragment(message);
    const texts = fragments.map((bytes) => tsEngine.encodeBase64(bytes));
    const data = message.subarray(MESSAGE_HEADER_BYTES);
    const copyTarget = new Uint8Array(size);
    const packedTarget = new Uint8Array(fragmenter(tsEngine).packedBytes(size));
    const cases = {};

    // The machine's limits.
    cases['copy: set into a preallocated buffer'] = () => copyTarget.set(message);
    cases['copy: slice (allocates)'] = () => (sink += message.slice().length);
    // What any path pays that hands out a new contiguous message: memory the process has not touched yet.
    cases['fresh memory: allocate and fill'] = () => (sink += new Uint8Array(size).fill(1).length);
    // 'kept': the decoded bytes stay alive to the end, as a receive path must keep them.
    const decodeAll = (decode, keep) => () => {
      const kept = [];
      for (const text of texts) {
        const bytes = decode(text);
        if (keep) kept.push(bytes);
        sink += bytes.length;
      }
      sink += kept.length;
    };
    if (hasBuffer) {
      cases['base64 decode: Buffer.from'] = decodeAll((text) => Buffer.from(text, 'base64'), false);
      cases['base64 decode: Buffer.from (kept)'] = decodeAll((text) => Buffer.from(text, 'base64'), true);
    }
    if (hasFromBase64) cases['base64 decode: Uint8Array.fromBase64 (kept)'] = decodeAll((text) => Uint8Array.fromBase64(text), true);
    // The default engine's strict decode (its checks included), nothing kept: the receive path's own floor.
    cases['base64 decode: default engine, strict'] = decodeAll((text) => engines[defaultEngine].decodeBase64(text), false);
    cases['base64 decode: atob + charCodeAt (kept)'] = decodeAll(atobDecode, true);

    // Fragment and defragment, per path.
    const defragment = (engine, chunked) => () => {
      const defragmenter = new fragment.Defragmenter({ engine, maxObjectBytes: MAX_OBJECT_BYTES });
      let out;
      for (const bytes of fragments) out = chunked ? defragmenter.pushChunked(bytes) : defragmenter.push(bytes);
      return out[0];
    };
    for (const [path, engine] of Object.entries(pathEngines)) {
      cases[`fragment into a preallocated buffer: ${path}`] = () => (sink += fragmenter(engine).fragmentInto(message, packedTarget));
      cases[`fragment (allocates): ${path}`] = () => (sink += fragmenter(engine).fragment(message).length);
      const joined = defragment(engine, false);
      if (!sameBytes(joined(), message)) throw new Error(`defragment on ${path} gave wrong bytes`);
      cases[`defragment chunked: ${path}`] = (() => { const run = defragment(engine, true); return () => (sink += run().length); })();
      cases[`defragment joined (allocates): ${path}`] = () => (sink += joined().length);
    }

    // The receive path: base64 text per fragment, decoded and reassembled.
    const receive = (decode, engine, chunked) => () => {
      const defragmenter = new fragment.Defragmenter({ engine, maxObjectBytes: MAX_OBJECT_BYTES });
      let out;
      for (const text of texts) out = chunked ? defragmenter.pushChunked(decode(text)) : defragmenter.push(decode(text));
      return out[0];
    };
    const plain = receive(atobDecode, tsEngine, false);
    if (!sameBytes(plain(), message)) throw new Error('the atob path gave wrong bytes');
    cases['receive joined: plain atob + TS'] = () => (sink += plain().length);
    cases['receive chunked: plain atob + TS'] = (() => { const run = receive(atobDecode, tsEngine, true); return () => (sink += run().length); })();
    // The receive path in one step: Base64Defragmenter decodes each text straight into the message.
    // 'new per message' starts cold; 'one per stream' is how a transport holds it (one per target for
    // the session), so an object may be sized like the previous one.
    const autoEngine = engines[defaultEngine];
    const inPlace = (defragmenter) => {
      let out;
      for (const text of texts) out = defragmenter.push(text);
      return out[0];
    };
    const newPerMessage = () => inPlace(new fragment.Base64Defragmenter({ engine: autoEngine, maxObjectBytes: MAX_OBJECT_BYTES }));
    const stream = new fragment.Base64Defragmenter({ engine: autoEngine, maxObjectBytes: MAX_OBJECT_BYTES });
    const onePerStream = () => inPlace(stream);
    for (const run of [newPerMessage, onePerStream, onePerStream]) if (!sameBytes(run(), message)) throw new Error('Base64Defragmenter gave wrong bytes');
    cases[`receive joined in place, new per message: ${defaultEngine}`] = () => (sink += newPerMessage().length);
    cases[`receive joined in place, one per stream: ${defaultEngine}`] = () => (sink += onePerStream().length);
    // Lent (pushBorrowed): each message read as it completes, its memory reused for the next, as the
    // client reads every message. With the default retainBytes (4 MiB), and above that size also
    // with retainBytes set to hold the message (what a consumer of such messages would set).
    const lend = (defragmenter) => () => {
      for (const text of texts) defragmenter.pushBorrowed(text, (bytes) => (sink += bytes.length));
    };
    const lentDefault = new fragment.Base64Defragmenter({ engine: autoEngine, maxObjectBytes: MAX_OBJECT_BYTES });
    const lentChecked = [];
    for (const text of texts) lentDefault.pushBorrowed(text, (bytes) => lentChecked.push(sameBytes(bytes, message)));
    if (lentChecked.join() !== 'true') throw new Error('pushBorrowed gave wrong bytes');
    cases[`receive lent, one per stream: ${defaultEngine}`] = lend(lentDefault);
    if (size > DEFAULT_RETAIN_BYTES) {
      const retaining = new fragment.Base64Defragmenter({ engine: autoEngine, maxObjectBytes: MAX_OBJECT_BYTES, retainBytes: 2 * size });
      cases[`receive lent, one per stream, retainBytes ${2 * size / MIB} MiB: ${defaultEngine}`] = lend(retaining);
    }

    for (const [name, engine] of Object.entries(engines)) {
      const decode = (text) => engine.decodeBase64(text);
      const joinedRun = receive(decode, engine, false);
      if (!sameBytes(joinedRun(), message)) throw new Error(`receive on ${name} gave wrong bytes`);
      cases[`receive chunked: ${name}`] = (() => { const run = receive(decode, engine, true); return () => (sink += run().length); })();
      if (name === defaultEngine) cases[`receive joined: ${name}`] = () => (sink += joinedRun().length);
      // The send path: message header, fragments, base64 of each.
      cases[`send: ${name}`] = () => {
        const encoded = engine.encodeMessage({ destination: 2, messageType: 0x00041002, rpid: RPID, pid: EMPTY_GUID, data });
        for (const bytes of fragmenter(engine).fragment(encoded)) sink += engine.encodeBase64(bytes).length;
      };
    }
    if (hasBuffer) cases['base64 encode: Buffer#toString'] = () => fragments.forEach((bytes) => (sink += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64').length));

    const measured = measureAll(cases, size);
    const speed = (name) => measured[name]?.mbPerSecond;
    const set = speed('copy: set into a preallocated buffer');
    const slice = speed('copy: slice (allocates)');
    const atobChunked = speed('receive chunked: plain atob + TS');
    const atobJoined = speed('receive joined: plain atob + TS');
    const bufferAlone = speed('base64 decode: Buffer.from');
    const coldInPlace = speed(`receive joined in place, new per message: ${defaultEngine}`);
    const warmInPlace = speed(`receive joined in place, one per stream: ${defaultEngine}`);
    // Lent: with retainBytes large enough where the default is not.
    const lent = speed(`receive lent, one per stream, retainBytes ${2 * size / MIB} MiB: ${defaultEngine}`) ?? speed(`receive lent, one per stream: ${defaultEngine}`);
    const lentWithDefault = speed(`receive lent, one per stream: ${defaultEngine}`);
    const ratios = {
      'fragment into preallocated / set: ts': ratio(speed('fragment into a preallocated buffer: ts'), set),
      'fragment into preallocated / set: wasm': ratio(speed('fragment into a preallocated buffer: wasm'), set),
      'fragment (allocates) / slice: ts': ratio(speed('fragment (allocates): ts'), slice),
      'fragment (allocates) / slice: wasm': ratio(speed('fragment (allocates): wasm'), slice),
      'defragment chunked / set: ts': ratio(speed('defragment chunked: ts'), set),
      'defragment chunked / set: wasm': ratio(speed('defragment chunked: wasm'), set),
      'defragment joined / slice: ts': ratio(speed('defragment joined (allocates): ts'), slice),
      'defragment joined / slice: wasm': ratio(speed('defragment joined (allocates): wasm'), slice),
      'receive chunked (default) / Buffer.from alone': ratio(speed(`receive chunked: ${defaultEngine}`), speed('base64 decode: Buffer.from')),
      'receive joined (default) / Buffer.from alone': ratio(speed(`receive joined: ${defaultEngine}`), speed('base64 decode: Buffer.from')),
      'receive chunked (default) / Buffer.from kept': ratio(speed(`receive chunked: ${defaultEngine}`), speed('base64 decode: Buffer.from (kept)')),
      'receive joined (default) / Buffer.from kept': ratio(speed(`receive joined: ${defaultEngine}`), speed('base64 decode: Buffer.from (kept)')),
      'receive chunked (default) / plain atob path': ratio(speed(`receive chunked: ${defaultEngine}`), atobChunked),
      'receive joined (default) / plain atob path': ratio(speed(`receive joined: ${defaultEngine}`), atobJoined),
      'receive in place, new per message / Buffer.from alone': ratio(coldInPlace, bufferAlone),
      'receive in place, one per stream / Buffer.from alone': ratio(warmInPlace, bufferAlone),
      'receive in place, new per message / plain atob path': ratio(coldInPlace, atobJoined),
      'receive in place, one per stream / plain atob path': ratio(warmInPlace, atobJoined),
      'receive lent / Buffer.from alone': ratio(lent, bufferAlone),
      'receive lent / plain atob path': ratio(lent, atobJoined),
      'receive lent, default retainBytes / Buffer.from alone': ratio(lentWithDefault, bufferAlone),
      'receive lent, default retainBytes / plain atob path': ratio(lentWithDefault, atobJoined),
      'receive in place, one per stream / strict decode alone': ratio(warmInPlace, speed('base64 decode: default engine, strict')),
      'receive chunked ts+wasm / plain atob path': ratio(speed('receive chunked: ts+wasm'), atobChunked),
      'receive chunked ts+ts / plain atob path': ratio(speed('receive chunked: ts+ts'), atobChunked),
    };
    for (const key of Object.keys(ratios)) if (ratios[key] === undefined) delete ratios[key];
    const sizeName = SIZE_NAMES.get(size) ?? `${size} B`;
    results[sizeName] = { cases: measured, ratios };
    log(`${sizeName}: ${JSON.stringify(ratios)}`);
  }
  return {
    features: { Buffer: hasBuffer, 'Uint8Array.fromBase64': hasFromBase64, atob: typeof atob === 'function' },
    fragmentBytes: FRAGMENT_BYTES,
    engines: Object.keys(engines),
    defaultEngine,
    decodesInPlace: new fragment.Base64Defragmenter({ engine: engines[defaultEngine] }).decodesInPlace,
    sizes: results,
    sink: sink > 0,
  };
}
