import { describe, expect, it } from 'vitest';
import { Base64Defragmenter, type Base64DefragmenterOptions } from './base64-defragmenter.js';
import { Defragmenter } from './defragmenter.js';
import {
  FragmentHeaderError,
  FragmentSequenceError,
  FragmentTruncatedError,
  IncompleteObjectError,
  InvalidArgumentError,
  InvalidBase64Error,
  ObjectTooLargeError,
  ReentrantCallError,
  TooManyObjectsError,
} from './errors.js';
import { Fragmenter } from './fragmenter.js';
import { tsEngine } from './ts-engine.js';
import { concatBytes } from '../test/bytes.js';
import { engines } from '../test/engines.js';
import { patterned, sampleFragment } from '../test/samples.js';
import { BASE64_DELIVERIES, base64DefragmentOutcome, decodeThenPushOutcome } from '../test/outcome.js';
import { textsAt, textsOf } from '../test/texts.js';

const message = patterned;
const fragment = sampleFragment;
const base64 = (bytes: Uint8Array): string => tsEngine.encodeBase64(bytes);
/** What decode-then-push gives for `texts`. */
const reference = (texts: string[]): Uint8Array[] => {
  const defragmenter = new Defragmenter();
  return texts.flatMap((text) => defragmenter.push(tsEngine.decodeBase64(text)));
};

describe.each(await engines())('Base64Defragmenter ($path path, $base64Path base64)', (engine) => {
  const create = (options: Base64DefragmenterOptions = {}) => new Base64Defragmenter({ engine, ...options });
  const sameAsReference = (texts: string[], options: Base64DefragmenterOptions = {}) =>
    expect(base64DefragmentOutcome(engine, texts, options)).toEqual(decodeThenPushOutcome(texts, options));

  it('decodes in place unless the base64 path is wasm (which has no decoding into memory)', () => {
    expect(create().decodesInPlace).toBe(engine.base64Path !== 'wasm');
  });

  it('reassembles one text per fragment into one contiguous, plain Uint8Array per message', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 100 });
    const defragmenter = create();
    const received = [message(1000, 1), message(50, 2), message(0, 3)].flatMap((bytes) =>
      textsOf(fragmenter.fragment(bytes)).flatMap((text) => defragmenter.push(text)),
    );
    expect(received).toEqual([message(1000, 1), message(50, 2), message(0, 3)]);
    for (const bytes of received) expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    expect(defragmenter.idle).toBe(true);
    defragmenter.finish();
  });

  it('takes texts holding several fragments, a fragment in several texts, and one byte per text', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 40 });
    const stream = concatBytes([fragmenter.fragmentPacked(message(500, 1)), fragmenter.fragmentPacked(message(77, 2))]);
    for (const texts of [
      [base64(stream)],
      textsAt(stream, [0.1, 0.33, 0.5, 0.9]),
      textsOf(Array.from(stream, (byte) => Uint8Array.of(byte))),
    ]) {
      expect(create().push(texts[0]!).length).toBeLessThanOrEqual(2);
      const defragmenter = create();
      expect(texts.flatMap((text) => defragmenter.push(text))).toEqual([message(500, 1), message(77, 2)]);
      sameAsReference(texts);
    }
  });

  it('keeps interleaved objects apart and yields them in completion order', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 30 });
    const first = fragmenter.fragment(message(40, 1)); // 5 fragments
    const second = fragmenter.fragment(message(20, 2)); // 3 fragments
    const defragmenter = create();
    const order = [first[0]!, second[0]!, first[1]!, second[1]!, first[2]!, second[2]!, first[3]!, first[4]!];
    expect(textsOf(order).flatMap((text) => defragmenter.push(text))).toEqual([message(20, 2), message(40, 1)]);
    expect(defragmenter.objectsInFlight).toBe(0);
  });

  it('gives each message memory of its own, at most twice its length', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 1000 });
    const defragmenter = create();
    const received = [5000, 5000, 3000, 9000, 100].flatMap((length, seed) =>
      textsOf(fragmenter.fragment(message(length, seed))).flatMap((text) => defragmenter.push(text)),
    );
    expect(received.map((bytes) => bytes.length)).toEqual([5000, 5000, 3000, 9000, 100]);
    expect(new Set(received.map((bytes) => bytes.buffer)).size).toBe(received.length);
    for (const bytes of received) expect(bytes.buffer.byteLength).toBeLessThanOrEqual(2 * bytes.length);
  });

  it('rejects what Defragmenter rejects, with the same errors', () => {
    const cases: [string, Uint8Array[], Base64DefragmenterOptions, Function][] = [
      ['missing start', [fragment({ start: false })], {}, FragmentSequenceError],
      ['start not first', [fragment({ fragmentId: 1 })], {}, FragmentSequenceError],
      ['duplicate start', [fragment({ end: false }), fragment({})], {}, FragmentSequenceError],
      ['skipped', [fragment({ end: false }), fragment({ start: false, fragmentId: 2 })], {}, FragmentSequenceError],
      ['too large', [fragment({ blob: message(11) })], { maxObjectBytes: 10 }, ObjectTooLargeError],
      ['object id 0', [fragment({ objectId: 0 })], {}, FragmentHeaderError],
      ['whole object while its id is in flight', [fragment({ end: false }), fragment({ objectId: 1 })], {}, FragmentSequenceError],
      ['too many', [fragment({ end: false }), fragment({ objectId: 2, end: false })], { maxObjectsInFlight: 1 }, TooManyObjectsError],
      ['truncated', [fragment({}).subarray(0, 22)], {}, FragmentTruncatedError],
      ['incomplete', [fragment({ end: false })], {}, IncompleteObjectError],
    ];
    for (const [name, fragments, options, type] of cases) {
      for (const delivery of BASE64_DELIVERIES) {
        const outcome = base64DefragmentOutcome(engine, textsOf(fragments), options, delivery);
        expect(outcome.error?.name, `${name}, ${delivery}`).toBe(type.name);
        expect(outcome, `${name}, ${delivery}`).toEqual(decodeThenPushOutcome(textsOf(fragments), options));
      }
    }
  });

  it('checks BlobLength at the header, before any of the blob arrives', () => {
    const header = fragment({ blob: message(1000) }).subarray(0, 21);
    expect(() => create({ maxObjectBytes: 999 }).push(base64(header))).toThrow(ObjectTooLargeError);
  });

  it('judges the whole text first: invalid base64 wins over a fragment error in the same text', () => {
    const bad = `${base64(fragment({ start: false }))}!!!!`;
    expect(() => create().push(bad)).toThrow(InvalidBase64Error);
    sameAsReference([bad]);
    const late = `${base64(concatBytes([fragment({}), fragment({ objectId: 2, blob: message(30) })])).slice(0, -4)}AA A`;
    expect(() => create().push(late)).toThrow(InvalidBase64Error);
    sameAsReference([late]);
  });

  it('stays failed after any error, invalid base64 included', () => {
    const defragmenter = create();
    expect(() => defragmenter.push('Zg=')).toThrow(InvalidBase64Error);
    expect(() => defragmenter.push(base64(fragment({})))).toThrow(InvalidBase64Error);
    expect(() => defragmenter.finish()).toThrow(InvalidBase64Error);
  });

  it('lends the same messages pushBorrowed as push hands over, interleaved objects included', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 100 });
    const stream = [message(1000, 1), message(50, 2), message(0, 3), message(20_000, 4), message(20_000, 5)].flatMap((bytes) => fragmenter.fragment(bytes));
    const [longer, shorter] = [fragmenter.fragment(message(400, 6)), fragmenter.fragment(message(300, 7))];
    const interleaved = longer.flatMap((piece, index) => (index < shorter.length ? [piece, shorter[index]!] : [piece]));
    const texts = textsOf([...stream, ...interleaved]);
    const lent = create();
    const read: Uint8Array[] = [];
    for (const text of texts) lent.pushBorrowed(text, (bytes) => read.push(bytes.slice()));
    lent.finish();
    expect(read).toEqual(reference(texts));
    expect(read.map((bytes) => bytes.length)).toEqual([1000, 50, 0, 20_000, 20_000, 300, 400]);
  });

  it('rejects a negative or fractional retainBytes', () => {
    expect(() => create({ retainBytes: -1 })).toThrow(InvalidArgumentError);
    expect(() => create({ retainBytes: 0.5 })).toThrow(InvalidArgumentError);
    expect(create({ retainBytes: 0 }).retainedBytes).toBe(0);
  });

  it('breaks the stream with the error of a read that throws, or that pushes again', () => {
    const texts = textsOf(new Fragmenter({ maxFragmentBytes: 100 }).fragment(message(150)));
    const failing = create();
    const failure = new Error('reader failed');
    failing.pushBorrowed(texts[0]!, () => {});
    expect(() => failing.pushBorrowed(texts[1]!, () => { throw failure; })).toThrow(failure);
    expect(() => failing.push(base64(fragment({})))).toThrow(failure);
    const reentrant = create();
    reentrant.pushBorrowed(texts[0]!, () => {});
    expect(() => reentrant.pushBorrowed(texts[1]!, () => reentrant.push(texts[0]!))).toThrow(ReentrantCallError);
    expect(() => reentrant.finish()).toThrow(ReentrantCallError);
  });

  it('validates its limits as Defragmenter does', () => {
    expect(() => create({ maxObjectBytes: 0 })).toThrow(InvalidArgumentError);
    expect(() => create({ maxObjectsInFlight: 1.5 })).toThrow(InvalidArgumentError);
    expect(create({ maxObjectBytes: 7 }).maxObjectBytes).toBe(new Defragmenter({ maxObjectBytes: 7 }).maxObjectBytes);
  });
});

describe('Base64Defragmenter decoding in place (TS base64)', () => {
  it('sizes an object like the previous multi-fragment one, so an alike object needs no join', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 1000 });
    const defragmenter = new Base64Defragmenter({ engine: tsEngine });
    const [first, second] = [1, 2].flatMap((seed) =>
      textsOf(fragmenter.fragment(message(20_000, seed))).flatMap((text) => defragmenter.push(text)),
    );
    expect(first).toEqual(message(20_000, 1));
    expect(second).toEqual(message(20_000, 2));
    // The second went straight into one buffer of exactly its size.
    expect(second!.byteOffset).toBe(0);
    expect(second!.buffer.byteLength).toBe(20_000);
  });

  it('copies a message out of a guess that was far too large', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 1000 });
    const defragmenter = new Base64Defragmenter({ engine: tsEngine });
    for (const text of textsOf(fragmenter.fragment(message(200_000)))) defragmenter.push(text);
    const small = textsOf(fragmenter.fragment(message(3000))).flatMap((text) => defragmenter.push(text));
    expect(small).toEqual([message(3000)]);
    expect(small[0]!.buffer.byteLength).toBe(3000);
  });
});

describe('Base64Defragmenter lending (TS base64)', () => {
  const fragmenter = new Fragmenter({ maxFragmentBytes: 1000 });
  const textsOfMessage = (length: number, seed: number) => textsOf(fragmenter.fragment(message(length, seed)));

  it('once warm, lends alike messages from the same memory, and keeps no more than retainBytes', () => {
    const defragmenter = new Base64Defragmenter({ engine: tsEngine, retainBytes: 64 * 1024 });
    const buffers: ArrayBufferLike[] = [];
    for (const seed of [1, 2, 3, 4]) {
      for (const text of textsOfMessage(20_000, seed)) {
        defragmenter.pushBorrowed(text, (bytes) => {
          expect(bytes).toEqual(message(20_000, seed));
          buffers.push(bytes.buffer);
        });
      }
    }
    expect(buffers).toHaveLength(4);
    expect(buffers[3]).toBe(buffers[2]);
    expect(buffers[2]).toBe(buffers[1]);
    expect(defragmenter.retainedBytes).toBeGreaterThanOrEqual(20_000);
    expect(defragmenter.retainedBytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('lends a text that is one whole object from behind its header, decoded in one piece', () => {
    const defragmenter = new Base64Defragmenter({ engine: tsEngine });
    const read: Uint8Array[] = [];
    for (const length of [300, 1, 300]) {
      defragmenter.pushBorrowed(base64(fragment({ blob: message(length) })), (bytes) => {
        expect(bytes.byteOffset).toBe(21);
        read.push(bytes.slice());
      });
    }
    expect(read).toEqual([message(300), message(1), message(300)]);
    expect(defragmenter.idle).toBe(true);
  });

  it('keeps nothing with retainBytes 0, and nothing larger than retainBytes', () => {
    for (const retainBytes of [0, 10_000]) {
      const defragmenter = new Base64Defragmenter({ engine: tsEngine, retainBytes });
      const buffers = new Set<ArrayBufferLike>();
      for (const seed of [1, 2, 3]) for (const text of textsOfMessage(20_000, seed)) defragmenter.pushBorrowed(text, (bytes) => buffers.add(bytes.buffer));
      expect(buffers.size).toBe(3);
      expect(defragmenter.retainedBytes).toBeLessThanOrEqual(retainBytes);
    }
  });

  it('hands over messages of their own after lending: never recycled, never showing other messages', () => {
    // Begun lent (in recycled memory of 20,000 bytes), completed by push: copied out of memory far
    // too large (3000), or handed over with the rest of that memory zeroed (15,000).
    for (const [length, byteLength] of [[3000, 3000], [15_000, 20_000]] as const) {
      const defragmenter = new Base64Defragmenter({ engine: tsEngine });
      for (const text of textsOfMessage(20_000, 1)) defragmenter.pushBorrowed(text, () => {});
      const texts = textsOfMessage(length, 2);
      for (const text of texts.slice(0, -1)) defragmenter.pushBorrowed(text, () => {});
      const [owned] = defragmenter.push(texts.at(-1)!);
      expect(owned).toEqual(message(length, 2));
      expect(owned!.buffer.byteLength).toBe(byteLength);
      expect(new Uint8Array(owned!.buffer).subarray(owned!.byteOffset + owned!.length).every((byte) => byte === 0)).toBe(true);
      for (const seed of [3, 4]) for (const text of textsOfMessage(length, seed)) defragmenter.pushBorrowed(text, () => {});
      expect(owned).toEqual(message(length, 2));
    }
  });
});
