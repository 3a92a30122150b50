import { describe, expect, it } from 'vitest';
import { FRAGMENT_HEADER_BYTES, OUT_OF_PROC_FRAGMENT_BYTES } from './constants.js';
import { InvalidArgumentError } from './errors.js';
import { readFragmentHeader } from './fragment-header.js';
import { Fragmenter as BaseFragmenter, type FragmenterOptions } from './fragmenter.js';
import { engines } from '../test/engines.js';

const message = (length: number): Uint8Array => Uint8Array.from({ length }, (_, index) => (index * 31 + 7) & 0xff);

describe.each(await engines())('Fragmenter ($path path)', (engine) => {
  const Fragmenter = class extends BaseFragmenter {
    constructor(options: FragmenterOptions) {
      super({ engine, ...options });
    }
  };

  it('puts a small message in one fragment with both flags', () => {
    const fragments = new Fragmenter({ maxFragmentBytes: OUT_OF_PROC_FRAGMENT_BYTES }).fragment(message(100));
    expect(fragments).toHaveLength(1);
    expect(readFragmentHeader(fragments[0]!, 0)).toEqual({ objectId: 1, fragmentId: 0, start: true, end: true, blobLength: 100 });
    expect(fragments[0]!.subarray(FRAGMENT_HEADER_BYTES)).toEqual(message(100));
  });

  it('splits at maxFragmentBytes including the header, ids from 0, flags S..E', () => {
    const maxFragmentBytes = 30; // 9 blob bytes per fragment
    const fragments = new Fragmenter({ maxFragmentBytes, firstObjectId: 7 }).fragment(message(20));
    expect(fragments.map((fragment) => fragment.length)).toEqual([30, 30, 23]);
    expect(fragments.map((fragment) => readFragmentHeader(fragment, 0))).toEqual([
      { objectId: 7, fragmentId: 0, start: true, end: false, blobLength: 9 },
      { objectId: 7, fragmentId: 1, start: false, end: false, blobLength: 9 },
      { objectId: 7, fragmentId: 2, start: false, end: true, blobLength: 2 },
    ]);
    const blobs = fragments.map((fragment) => Array.from(fragment.subarray(FRAGMENT_HEADER_BYTES)));
    expect(blobs.flat()).toEqual(Array.from(message(20)));
  });

  it('fills the last fragment exactly when the size divides evenly', () => {
    const fragments = new Fragmenter({ maxFragmentBytes: 31 }).fragment(message(30));
    expect(fragments.map((fragment) => fragment.length)).toEqual([31, 31, 31]);
    expect(readFragmentHeader(fragments[2]!, 0).end).toBe(true);
  });

  it('sends an empty message as one empty fragment', () => {
    const [only, ...rest] = new Fragmenter({ maxFragmentBytes: 22 }).fragment(new Uint8Array());
    expect(rest).toEqual([]);
    expect(readFragmentHeader(only!, 0)).toEqual({ objectId: 1, fragmentId: 0, start: true, end: true, blobLength: 0 });
  });

  it('increases the object id per message', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 64 });
    const ids = [1, 2, 3].map(() => readFragmentHeader(fragmenter.fragment(message(5))[0]!, 0).objectId);
    expect(ids).toEqual([1, 2, 3]);
    expect(fragmenter.nextObjectId).toBe(4);
  });

  it('packs all fragments back to back', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 25, firstObjectId: 3 });
    const packed = fragmenter.fragmentPacked(message(10));
    const again = new Fragmenter({ maxFragmentBytes: 25, firstObjectId: 3 }).fragment(message(10));
    expect(packed).toEqual(Uint8Array.from(again.flatMap((fragment) => Array.from(fragment))));
  });

  it('writes into a caller buffer at an offset, and checks the room', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 25, firstObjectId: 5 });
    const target = new Uint8Array(fragmenter.packedBytes(10) + 3).fill(0xaa);
    expect(fragmenter.fragmentInto(message(10), target, 3)).toBe(fragmenter.packedBytes(10));
    expect(target[2]).toBe(0xaa);
    const again = new Fragmenter({ maxFragmentBytes: 25, firstObjectId: 5 }).fragmentPacked(message(10));
    expect(target.subarray(3)).toEqual(again);
    expect(() => fragmenter.fragmentInto(message(10), target, 4)).toThrow(InvalidArgumentError);
    expect(() => fragmenter.fragmentInto(message(10), target, -1)).toThrow(InvalidArgumentError);
    expect(fragmenter.nextObjectId).toBe(6);
  });

  it.each([0, 21, 21.5, -1, 2 ** 32 + 21, Number.NaN])('rejects maxFragmentBytes %s', (maxFragmentBytes) => {
    expect(() => new Fragmenter({ maxFragmentBytes })).toThrow(InvalidArgumentError);
  });

  it.each([0, -1, 1.5, 2 ** 53])('rejects firstObjectId %s', (firstObjectId) => {
    expect(() => new Fragmenter({ maxFragmentBytes: 100, firstObjectId })).toThrow(InvalidArgumentError);
  });

  it('stops before object ids become inexact', () => {
    const fragmenter = new Fragmenter({ maxFragmentBytes: 100, firstObjectId: Number.MAX_SAFE_INTEGER });
    expect(readFragmentHeader(fragmenter.fragment(message(1))[0]!, 0).objectId).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => fragmenter.fragment(message(1))).toThrow(InvalidArgumentError);
  });
});
