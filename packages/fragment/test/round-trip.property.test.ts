/**
 * Property tests (fast-check) on every engine: random message sizes, fragment sizes, interleavings
 * and chunkings round-trip exactly, as bytes and as base64 texts (Base64Defragmenter), and the wasm
 * path agrees with the TS reference on any stream.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Defragmenter, Fragmenter, tsEngine } from '../src/index.js';
import type { FragmentEngine } from '../src/index.js';
import { concatBytes, sameByteLists } from './bytes.js';
import { engines } from './engines.js';
import { BASE64_DELIVERIES, base64DefragmentOutcome, base64Outcome, decodeThenPushOutcome, defragmentOutcome } from './outcome.js';
import { textsAt, textsOf } from './texts.js';

const all = await engines();
const RUNS = 200;

/** Message sizes: mostly small, sometimes around fragment boundaries, sometimes large. */
const messageBytes = fc.oneof(
  { weight: 5, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 300, maxLength: 5000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 5000, max: 200_000 }).map((length) => new Uint8Array(length).map((_, index) => index * 7)) },
);
const maxFragmentBytes = fc.oneof(fc.integer({ min: 22, max: 64 }), fc.integer({ min: 65, max: 40_000 }));

/** Merges per-object fragment lists in a random order that keeps each object's own order. */
function interleave(lists: Uint8Array[][], picks: number[]): Uint8Array[] {
  const queues = lists.map((list) => [...list]);
  const merged: Uint8Array[] = [];
  let pick = 0;
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues.filter((queue) => queue.length > 0);
    merged.push(open[(picks[pick++ % Math.max(picks.length, 1)] ?? 0) % open.length]!.shift()!);
  }
  return merged;
}

/** Cuts `bytes` at the given fractions. */
function cut(bytes: Uint8Array, fractions: number[]): Uint8Array[] {
  const points = [...new Set(fractions.map((fraction) => Math.floor(fraction * bytes.length)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

/** Up to 6 messages fragmented by `engine` at one random size, interleaved at random, with random cut points. */
function interleavedFragments(engine: FragmentEngine) {
  return fc
    .record({
      messages: fc.array(messageBytes, { minLength: 1, maxLength: 6 }),
      drawnSize: maxFragmentBytes,
      picks: fc.array(fc.nat(), { maxLength: 50 }),
      fractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
    })
    .map(({ messages, drawnSize, picks, fractions }) => {
      // At most ~500 fragments per message keeps a run short; tiny fragments still meet small messages.
      const largest = Math.max(...messages.map((message) => message.length));
      const size = Math.max(drawnSize, Math.ceil(largest / 500) + 21);
      const fragmenter = new Fragmenter({ maxFragmentBytes: size, engine });
      const lists = messages.map((message) => fragmenter.fragment(message));
      return { messages, lists, size, stream: interleave(lists, picks), fractions };
    });
}

/** Up to 4 messages fragmented at 22..120 bytes, random bytes overwritten, cut anywhere, with a random object limit. */
const mutatedStream = fc
  .record({
    messages: fc.array(fc.uint8Array({ maxLength: 400 }), { minLength: 1, maxLength: 4 }),
    size: fc.integer({ min: 22, max: 120 }),
    flips: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 6 }),
    fractions: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
    maxObjectBytes: fc.integer({ min: 1, max: 600 }),
  })
  .map(({ messages, size, flips, fractions, maxObjectBytes }) => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: size });
    const stream = concatBytes(messages.flatMap((message) => fragmenter.fragment(message)));
    for (const [position, value] of flips) if (stream.length > 0) stream[position % stream.length] = value;
    return { pieces: cut(stream, fractions), options: { maxObjectBytes, maxObjectsInFlight: 3 } };
  });

describe.each(all)('round trip ($path path, $base64Path base64)', (engine) => {
  it('any messages, fragment size, interleaving and chunking come back exactly, in completion order', () => {
    fc.assert(
      fc.property(interleavedFragments(engine), ({ messages, lists, size, stream, fractions }) => {
        expect(lists.flat().every((fragment) => fragment.length <= size)).toBe(true);
        // Completion order: the order in which each object's last fragment appears.
        const expected = lists
          .map((list, index) => ({ index, last: stream.indexOf(list[list.length - 1]!) }))
          .sort((left, right) => left.last - right.last)
          .map(({ index }) => messages[index]!);
        const defragmenter = new Defragmenter({ engine });
        const received = cut(concatBytes(stream), fractions).flatMap((chunk) => defragmenter.push(chunk));
        defragmenter.finish();
        expect(sameByteLists(received, expected)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('as base64 texts cut anywhere, any messages come back exactly as decode-then-push gives them', () => {
    fc.assert(
      fc.property(interleavedFragments(engine), fc.boolean(), fc.constantFrom(...BASE64_DELIVERIES), ({ messages, stream, fractions }, onePerPiece, delivery) => {
        const bytes = concatBytes(stream);
        // Each piece its own text (cut at any byte), or one text cut at whole quads.
        const texts = onePerPiece ? textsOf(cut(bytes, fractions)) : textsAt(bytes, fractions);
        const outcome = base64DefragmentOutcome(engine, texts, {}, delivery);
        expect(outcome.error).toBeUndefined();
        expect(outcome.finished).toBe(true);
        expect(outcome.messages.length).toBe(messages.length);
        expect(sameByteLists(outcome.messages, decodeThenPushOutcome(texts).messages)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('as base64 texts, on mutated fragment streams, cut anywhere, valid or not', () => {
    fc.assert(
      fc.property(mutatedStream, fc.constantFrom(...BASE64_DELIVERIES), ({ pieces, options }, delivery) => {
        const texts = textsOf(pieces);
        const reference = decodeThenPushOutcome(texts, options);
        const actual = base64DefragmentOutcome(engine, texts, options, delivery);
        expect(actual.error).toEqual(reference.error);
        expect(actual.finished).toBe(reference.finished);
        expect(sameByteLists(actual.messages, reference.messages)).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('base64 round-trips any bytes, identically to the TS reference', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const text = engine.encodeBase64(bytes);
        expect(text).toBe(tsEngine.encodeBase64(bytes));
        expect(engine.decodeBase64(text)).toEqual(bytes);
      }),
      { numRuns: RUNS },
    );
  });
});

describe.each(all.filter((engine) => engine !== tsEngine))('agreement with the TS reference ($path path, $base64Path base64)', (engine) => {
  it('on mutated fragment streams and random chunkings, valid or not', () => {
    fc.assert(
      fc.property(mutatedStream, ({ pieces, options }) => {
        const reference = defragmentOutcome(tsEngine, pieces, options);
        const actual = defragmentOutcome(engine, pieces, options);
        expect(actual.error).toEqual(reference.error);
        expect(actual.finished).toBe(reference.finished);
        expect(sameByteLists(actual.messages, reference.messages)).toBe(true);
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('on message headers: any message round-trips, any bytes decode alike, any GUID text is judged alike', () => {
    const message = fc.record({
      destination: fc.nat({ max: 0xffff_ffff }),
      messageType: fc.nat({ max: 0xffff_ffff }),
      rpid: fc.uuid(),
      pid: fc.uuid(),
      data: fc.uint8Array({ maxLength: 200 }),
    });
    const guidish = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.uuid().map((uuid) => uuid.toUpperCase().replace(/^./, 'g')));
    const judge = (run: () => unknown): unknown => {
      try {
        return run();
      } catch (error) {
        return { name: (error as Error).name, message: (error as Error).message };
      }
    };
    fc.assert(
      fc.property(message, fc.uint8Array({ maxLength: 60 }), guidish, (value, bytes, guid) => {
        const encoded = engine.encodeMessage(value);
        expect(encoded).toEqual(tsEngine.encodeMessage(value));
        expect(engine.decodeMessage(encoded)).toEqual(tsEngine.decodeMessage(encoded));
        expect(judge(() => engine.decodeMessage(bytes))).toEqual(judge(() => tsEngine.decodeMessage(bytes)));
        const withGuid = { ...value, rpid: guid };
        expect(judge(() => engine.encodeMessage(withGuid))).toEqual(judge(() => tsEngine.encodeMessage(withGuid)));
      }),
      { numRuns: RUNS * 5 },
    );
  });

  it('on any string given to the base64 decoder', () => {
    const base64ish = fc.string({ unit: fc.constantFrom(...'ABCXYZabcxyz0189+/=-_ \n\u00e9\u0163'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(base64ish, fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ maxLength: 12 })), (text) => {
        expect(base64Outcome(engine, text)).toEqual(base64Outcome(tsEngine, text));
      }),
      { numRuns: RUNS * 10 },
    );
  });
});
