import { describe, expect, it } from 'vitest';
import { FRAGMENT_HEADER_BYTES } from './constants.js';
import { Defragmenter as BaseDefragmenter, type DefragmenterOptions } from './defragmenter.js';
import {
  FragmentHeaderError,
  FragmentSequenceError,
  FragmentTruncatedError,
  IncompleteObjectError,
  InvalidArgumentError,
  ObjectTooLargeError,
  TooManyObjectsError,
} from './errors.js';
import { Fragmenter } from './fragmenter.js';
import { engines } from '../test/engines.js';
import { patterned, sampleFragment } from '../test/samples.js';

const message = patterned;
const fragment = sampleFragment;
const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => Array.from(part)));

describe.each(await engines())('Defragmenter ($path path)', (engine) => {
  const Defragmenter = class extends BaseDefragmenter {
    constructor(options: DefragmenterOptions = {}) {
      super({ engine, ...options });
    }
  };

  it('returns a single-fragment message as a view of the chunk on the TS path, a copy on wasm', () => {
    const bytes = fragment({ blob: message(50) });
    const [only, ...rest] = new Defragmenter().push(bytes);
    expect(rest).toEqual([]);
    expect(only).toEqual(message(50));
    expect(only!.buffer === bytes.buffer).toBe(engine.path === 'ts');
  });

  it('copies when copyInput is set', () => {
    const bytes = fragment({ blob: message(50) });
    const [only] = new Defragmenter({ copyInput: true }).push(bytes);
    bytes.fill(0);
    expect(only).toEqual(message(50));
  });

  it('reassembles many fragments from one chunk, and from one byte at a time', () => {
    const packed = new Fragmenter({ maxFragmentBytes: 40 }).fragmentPacked(message(500));
    expect(new Defragmenter().push(packed)).toEqual([message(500)]);
    const defragmenter = new Defragmenter();
    const results: Uint8Array[] = [];
    for (let index = 0; index < packed.length; index++) {
      results.push(...defragmenter.push(packed.subarray(index, index + 1)));
      expect(defragmenter.idle).toBe(index === packed.length - 1);
    }
    expect(results).toEqual([message(500)]);
    defragmenter.finish();
  });

  it('keeps several objects in flight and yields them as they complete', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 30 });
    const first = fragmenter.fragment(message(40, 1)); // 5 fragments
    const second = fragmenter.fragment(message(12, 2)); // 2 fragments
    const defragmenter = new Defragmenter();
    expect(defragmenter.push(concat(first[0]!, second[0]!, first[1]!))).toEqual([]);
    expect(defragmenter.objectsInFlight).toBe(2);
    expect(defragmenter.push(concat(first[2]!, second[1]!, first[3]!))).toEqual([message(12, 2)]);
    expect(defragmenter.push(first[4]!)).toEqual([message(40, 1)]);
    expect(defragmenter.objectsInFlight).toBe(0);
  });

  it('hands messages on as chunk lists (views of the input on the TS path)', () => {
    const packed = new Fragmenter({ maxFragmentBytes: 40 }).fragmentPacked(message(100));
    const [chunks] = new Defragmenter().pushChunked(packed);
    expect(concat(...chunks!)).toEqual(message(100));
    if (engine.path === 'ts') {
      expect(chunks!.length).toBe(6);
      expect(chunks!.every((chunk) => chunk.buffer === packed.buffer)).toBe(true);
    } else {
      expect(chunks!.length).toBe(1);
    }
  });

  it('accepts empty blobs and empty messages', () => {
    const bytes = concat(
      fragment({ objectId: 4, start: true, end: false, blob: new Uint8Array() }),
      fragment({ objectId: 4, fragmentId: 1, start: false, end: false, blob: new Uint8Array([7]) }),
      fragment({ objectId: 4, fragmentId: 2, start: false, end: true, blob: new Uint8Array() }),
      fragment({ objectId: 5, blob: new Uint8Array() }),
    );
    expect(new Defragmenter().push(bytes)).toEqual([new Uint8Array([7]), new Uint8Array()]);
  });

  describe('hostile input', () => {
    const cases: [string, Uint8Array[], object][] = [
      ['a fragment without start', [fragment({ start: false, fragmentId: 0 })], { reason: 'missing-start' }],
      ['a start with FragmentId 1', [fragment({ fragmentId: 1 })], { reason: 'start-not-first' }],
      [
        'a second start',
        [fragment({ end: false }), fragment({ end: false })],
        { reason: 'duplicate-start', expectedFragmentId: 1 },
      ],
      [
        'a duplicate fragment id',
        [fragment({ end: false }), fragment({ start: false, end: false, fragmentId: 1 }), fragment({ start: false, fragmentId: 1 })],
        { reason: 'duplicate', fragmentId: 1, expectedFragmentId: 2 },
      ],
      [
        'a skipped fragment id',
        [fragment({ end: false }), fragment({ start: false, fragmentId: 2 })],
        { reason: 'skipped', fragmentId: 2, expectedFragmentId: 1 },
      ],
    ];
    it.each(cases)('rejects %s with FragmentSequenceError', (_, chunks, fields) => {
      const defragmenter = new Defragmenter();
      const run = () => chunks.forEach((chunk) => defragmenter.push(chunk));
      expect(run).toThrow(FragmentSequenceError);
      expect(run).toThrow(expect.objectContaining({ code: 'FRAGMENT_ERR_SEQUENCE', ...fields }));
    });

    it('rejects a BlobLength beyond the limit at the header, before any blob byte', () => {
      const header = fragment({ blob: new Uint8Array(101) }).subarray(0, FRAGMENT_HEADER_BYTES);
      const defragmenter = new Defragmenter({ maxObjectBytes: 100 });
      expect(() => defragmenter.push(header)).toThrow(new ObjectTooLargeError(1, 101, 100));
      // 0xFFFFFFFF BlobLength with the default limit: refused, nothing allocated.
      const huge = fragment({ blob: new Uint8Array() });
      huge.set([0xff, 0xff, 0xff, 0xff], 17);
      expect(() => new Defragmenter().push(huge)).toThrow(ObjectTooLargeError);
    });

    it('rejects an object that grows past the limit over several fragments', () => {
      const packed = new Fragmenter({ maxFragmentBytes: 40 }).fragmentPacked(message(101));
      expect(() => new Defragmenter({ maxObjectBytes: 100 }).push(packed)).toThrow(
        expect.objectContaining({ code: 'FRAGMENT_ERR_OBJECT_TOO_LARGE', objectId: 1, size: 101, limit: 100 }),
      );
      expect(new Defragmenter({ maxObjectBytes: 101 }).push(packed)).toEqual([message(101)]);
    });

    it('rejects too many objects in flight', () => {
      const starts = [1, 2, 3].map((objectId) => fragment({ objectId, end: false }));
      expect(() => new Defragmenter({ maxObjectsInFlight: 2 }).push(concat(...starts))).toThrow(TooManyObjectsError);
    });

    it('reports a BlobLength beyond the data when the input ends', () => {
      const bytes = fragment({ blob: message(10) });
      const defragmenter = new Defragmenter();
      expect(defragmenter.push(bytes.subarray(0, 25))).toEqual([]);
      expect(() => defragmenter.finish()).toThrow(new FragmentTruncatedError(31, 25));
      const partialHeader = new Defragmenter();
      partialHeader.push(bytes.subarray(0, 5));
      expect(() => partialHeader.finish()).toThrow(new FragmentTruncatedError(21, 5));
    });

    it('reports objects left incomplete when the input ends', () => {
      const defragmenter = new Defragmenter();
      defragmenter.push(concat(fragment({ objectId: 3, end: false }), fragment({ objectId: 9, end: false })));
      expect(() => defragmenter.finish()).toThrow(new IncompleteObjectError([3, 9]));
    });

    it('rejects ObjectId 0', () => {
      const bytes = fragment({});
      bytes[7] = 0;
      expect(() => new Defragmenter().push(bytes)).toThrow(FragmentHeaderError);
    });

    it('stays failed after an error', () => {
      const defragmenter = new Defragmenter();
      expect(() => defragmenter.push(fragment({ start: false }))).toThrow(FragmentSequenceError);
      expect(() => defragmenter.push(fragment({}))).toThrow(FragmentSequenceError);
      expect(() => defragmenter.finish()).toThrow(FragmentSequenceError);
    });

    it.each([0, -1, 1.5, Number.POSITIVE_INFINITY])('rejects limit %s', (limit) => {
      expect(() => new Defragmenter({ maxObjectBytes: limit })).toThrow(InvalidArgumentError);
      expect(() => new Defragmenter({ maxObjectsInFlight: limit })).toThrow(InvalidArgumentError);
    });
  });
});
