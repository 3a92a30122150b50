/**
 * The runtime contract of @psrp/fragment, runtime-neutral: every runtime in run.mjs executes these
 * checks against the built package (dist/) and reports "N passed, N failed" (workerd runs
 * workerd-contract.mjs, which runs these twice). It covers what the
 * vitest suite cannot see from Node: the wasm loader per runtime, the runtime's own base64
 * codecs (Uint8Array.fromBase64 and setFromBase64 exist in Deno, Bun and Chromium, not in Node
 * 20), Base64Defragmenter decoding into memory with them, and which engine 'auto' picks.
 */
import * as fragment from '../dist/index.js';
import { assert, createChecks } from '../../../test-support/runtime-matrix/contract-checks.mjs';

const RPID = 'bc1bfbba-8215-4a04-b2df-7a3ac0310e16';
const PID = '4218a578-0f18-4b19-82c3-46b433319126';
// MS-PSRP 2.2.1 example header (ms-psrp-examples.md): PIPELINE_OUTPUT to the server.
const SPEC_HEADER = '02000000' + '04100400' + 'bafb1bbc1582044ab2df7a3ac0310e16' + '78a51842180f194b82c346b433319126';
const INVALID_BASE64 = ['Zg=', 'Zm9v\n', 'Zm 9v', 'Zm-v', 'Zm_v', 'Zm9\u00e9', 'Zm9\u0163', 'Zg==Zg=='];

function hex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function sameBytes(left, right) {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}

function pattern(length, seed) {
  return Uint8Array.from({ length }, (_, index) => (index * 31 + seed * 7) & 0xff);
}

function expectError(run, code) {
  try {
    run();
  } catch (error) {
    assert(error?.code === code, `expected ${code}, got ${error?.code ?? error}`);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

function checkEngine(fragment, engine) {
  // Two interleaved multi-fragment messages, pushed in uneven chunks.
  const fragmenter = new fragment.Fragmenter({ maxFragmentBytes: 200, engine });
  const first = fragmenter.fragment(pattern(5000, 1));
  const second = fragmenter.fragment(pattern(900, 2));
  const stream = [];
  for (let index = 0; index < Math.max(first.length, second.length); index++) {
    if (first[index]) stream.push(...first[index]);
    if (second[index]) stream.push(...second[index]);
  }
  const bytes = Uint8Array.from(stream);
  const defragmenter = new fragment.Defragmenter({ engine });
  const messages = [];
  for (let offset = 0; offset < bytes.length; offset += 333) messages.push(...defragmenter.push(bytes.subarray(offset, offset + 333)));
  defragmenter.finish();
  assert(messages.length === 2 && sameBytes(messages[0], pattern(900, 2)) && sameBytes(messages[1], pattern(5000, 1)), 'round trip');

  // The same stream as base64 texts, cut anywhere (fragments split across texts, several in one),
  // decoded in place where the engine's base64 can.
  const texts = [];
  for (let offset = 0; offset < bytes.length; offset += 333) texts.push(fragment.tsEngine.encodeBase64(bytes.subarray(offset, offset + 333)));
  const fromTexts = new fragment.Base64Defragmenter({ engine });
  const textMessages = texts.flatMap((part) => fromTexts.push(part));
  fromTexts.finish();
  assert(textMessages.length === 2 && sameBytes(textMessages[0], pattern(900, 2)) && sameBytes(textMessages[1], pattern(5000, 1)), 'round trip from base64 texts');
  const canDecodeInto = engine.base64Path !== 'wasm' && (engine.base64Path !== 'uint8array' || typeof Uint8Array.prototype.setFromBase64 === 'function');
  assert(fromTexts.decodesInPlace === canDecodeInto, `decodesInPlace ${fromTexts.decodesInPlace} on ${engine.base64Path}`);
  // Lent: the same messages, read inside the loan; the stream's memory reused once warm.
  const lending = new fragment.Base64Defragmenter({ engine });
  const lent = [];
  const lentBuffers = [];
  for (const round of [0, 1]) {
    for (const part of texts) {
      lending.pushBorrowed(part, (bytes) => {
        lent.push(bytes.slice());
        lentBuffers.push(bytes.buffer);
      });
    }
  }
  lending.finish();
  assert(lent.length === 4 && [0, 1].every((round) => sameBytes(lent[2 * round], pattern(900, 2)) && sameBytes(lent[2 * round + 1], pattern(5000, 1))), 'round trip lent');
  assert(!fromTexts.decodesInPlace || lentBuffers[3] === lentBuffers[1], 'lent memory reused');
  for (const invalid of INVALID_BASE64) expectError(() => new fragment.Base64Defragmenter({ engine }).push(invalid), 'FRAGMENT_ERR_BASE64');
  for (const invalid of INVALID_BASE64) expectError(() => new fragment.Base64Defragmenter({ engine }).pushBorrowed(invalid, () => {}), 'FRAGMENT_ERR_BASE64');
  const orphanText = fragment.tsEngine.encodeBase64(fragment.encodeFragment({ objectId: 4, fragmentId: 3, start: false, end: true, blob: new Uint8Array(3) }));
  expectError(() => new fragment.Base64Defragmenter({ engine }).push(orphanText), 'FRAGMENT_ERR_SEQUENCE');
  expectError(() => new fragment.Base64Defragmenter({ engine }).push(`${orphanText}Zm 9`), 'FRAGMENT_ERR_BASE64');

  // The message header codec through the engine.
  const header = { destination: 2, messageType: 0x00041004, rpid: RPID, pid: PID, data: pattern(10, 4) };
  const encoded = engine.encodeMessage(header);
  assert(hex(encoded.subarray(0, 40)) === SPEC_HEADER, 'engine message header');
  const decoded = engine.decodeMessage(Uint8Array.from([...encoded.subarray(0, 40), 0xef, 0xbb, 0xbf, ...header.data]));
  assert(decoded.rpid === RPID && decoded.pid === PID && sameBytes(decoded.data, header.data), 'engine message decode');
  expectError(() => engine.encodeMessage({ ...header, pid: 'not-a-guid' }), 'FRAGMENT_ERR_GUID');
  expectError(() => engine.decodeMessage(new Uint8Array(12)), 'FRAGMENT_ERR_MESSAGE_TOO_SHORT');

  // base64 through the engine, strict.
  const payload = pattern(1000, 3);
  const text = engine.encodeBase64(payload);
  assert(text === fragment.tsEngine.encodeBase64(payload), 'base64 encoding differs from the TS reference');
  assert(sameBytes(engine.decodeBase64(text), payload), 'base64 round trip');
  for (const invalid of INVALID_BASE64) expectError(() => engine.decodeBase64(invalid), 'FRAGMENT_ERR_BASE64');

  // Hostile input: typed errors.
  const orphan = fragment.encodeFragment({ objectId: 4, fragmentId: 3, start: false, end: true, blob: new Uint8Array(2) });
  expectError(() => new fragment.Defragmenter({ engine }).push(orphan), 'FRAGMENT_ERR_SEQUENCE');
  const huge = fragment.encodeFragment({ objectId: 1, fragmentId: 0, start: true, end: true, blob: new Uint8Array(0) });
  huge.set([0xff, 0xff, 0xff, 0xff], 17);
  expectError(() => new fragment.Defragmenter({ engine }).push(huge), 'FRAGMENT_ERR_OBJECT_TOO_LARGE');
}

/**
 * @param options.module a precompiled fragment.wasm, where the runtime cannot compile bytes
 * @param options.compiles whether this runtime may compile wasm bytes at run time
 */
export async function runChecks({ module, compiles = true } = {}) {
  const { check, report } = createChecks();
  await check('message codec: the MS-PSRP 2.2.1 example header', () => {
    const encoded = fragment.encodeMessage({ destination: 2, messageType: 0x00041004, rpid: RPID, pid: PID, data: new Uint8Array([0x3c]) });
    assert(hex(encoded.subarray(0, 40)) === SPEC_HEADER, `header ${hex(encoded.subarray(0, 40))}`);
    const decoded = fragment.decodeMessage(Uint8Array.from([...encoded.subarray(0, 40), 0xef, 0xbb, 0xbf, 0x3c]));
    assert(decoded.rpid === RPID && decoded.pid === PID && sameBytes(decoded.data, [0x3c]), 'decode with BOM');
    expectError(() => fragment.decodeMessage(new Uint8Array(39)), 'FRAGMENT_ERR_MESSAGE_TOO_SHORT');
  });
  await check('synchronous API without initialisation', () => {
    checkEngine(fragment, fragment.syncEngine);
    assert(sameBytes(fragment.decodeBase64(fragment.encodeBase64(pattern(77, 9))), pattern(77, 9)), 'free base64 functions');
  });
  await check('TS engine', () => checkEngine(fragment, fragment.tsEngine));
  for (const base64 of ['buffer', 'uint8array']) {
    let engine;
    try {
      engine = await fragment.loadFragmentEngine({ base64 });
    } catch (error) {
      if (error?.code === 'FRAGMENT_ERR_ARGUMENT') continue; // this runtime lacks that codec
      throw error;
    }
    await check(`native base64 codec '${base64}'`, () => checkEngine(fragment, engine));
  }
  await check(module ? 'wasm engine from a precompiled module' : 'wasm engine from the embedded bytes', async () => {
    if (!compiles && !module) {
      let refused;
      await fragment.loadWasmEngine().catch((error) => (refused = error));
      assert(refused?.code === 'FRAGMENT_ERR_WASM_UNAVAILABLE', `expected the runtime to refuse compiling wasm, got ${refused}`);
      return;
    }
    checkEngine(fragment, await fragment.loadWasmEngine(module));
  });
  // The search compiles its own small module from bytes: where a module is handed in, the runtime compiles none.
  const searches = compiles && module === undefined;
  await check(searches ? 'the wasm search for forbidden XML bytes' : 'no wasm search for forbidden XML bytes where wasm is not compiled', () => {
    const bytes = new TextEncoder().encode(`<S>${'é'.repeat(40_000)}\uFFFE</S>`);
    const found = fragment.findForbiddenXmlByte(bytes);
    if (!searches) {
      assert(found === undefined, `expected undefined, got ${found}`);
      return;
    }
    assert(found === bytes.length - 7, `U+FFFE found at ${found}`);
    assert(fragment.findForbiddenXmlByte(bytes.subarray(0, bytes.length - 7)) === -1, 'clean bytes');
  });
  await check(searches ? 'the wasm unescape of escaped ASCII' : 'no wasm unescape where wasm is not compiled', () => {
    const line = `${'x'.repeat(40_000)}_x000D__x000A_`;
    const bytes = new TextEncoder().encode(`${line}${line}_x00E9_`);
    const done = fragment.unescapePsAsciiInPlace(bytes, 40_000);
    if (!searches) {
      assert(done === undefined, `expected undefined, got ${JSON.stringify(done)}`);
      return;
    }
    assert(done?.written === 80_004 && done.stoppedAt === bytes.length - 7, `unescaped ${JSON.stringify(done)}`);
    assert(new TextDecoder().decode(bytes.subarray(0, done.written)) === `${'x'.repeat(40_000)}\r\n`.repeat(2), 'the text');
  });
  let auto;
  await check("'auto' engine", async () => {
    auto = await fragment.loadFragmentEngine({ module });
    checkEngine(fragment, auto);
  });

  return { ...report(), auto: auto === undefined ? undefined : `${auto.path}+${auto.base64Path}` };
}

/** What run-matrix.mjs calls on Node, Deno, Bun and Chromium. */
export async function run() {
  const report = await runChecks();
  return { ...report, note: `auto engine ${report.auto}` };
}
