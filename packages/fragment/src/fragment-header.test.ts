import { describe, expect, it } from 'vitest';
import { FRAGMENT_HEADER_BYTES } from './constants.js';
import { FragmentHeaderError, FragmentTruncatedError } from './errors.js';
import { decodeFragments, encodeFragment, readFragmentHeader } from './fragment-header.js';

describe('fragment header', () => {
  // MS-PSRP 4.2: ObjectId 1 and FragmentId 1 are bytes 0..6 zero and byte 7 one, network order.
  it('matches the spec 4.2 example layout', () => {
    const bytes = encodeFragment({ objectId: 1, fragmentId: 1, start: false, end: true, blob: new Uint8Array([9, 8]) });
    expect(Array.from(bytes)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 2, 9, 8]);
    expect(readFragmentHeader(bytes, 0)).toEqual({ objectId: 1, fragmentId: 1, start: false, end: true, blobLength: 2 });
  });

  it('writes both flags for a single-fragment object and large ids in 64 bits', () => {
    const bytes = encodeFragment({ objectId: 2 ** 40 + 5, fragmentId: 0, start: true, end: true, blob: new Uint8Array() });
    expect(Array.from(bytes)).toEqual([0, 0, 1, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0, 0, 0, 0]);
    expect(readFragmentHeader(bytes, 0).objectId).toBe(2 ** 40 + 5);
  });

  it('ignores reserved flag bits', () => {
    const bytes = encodeFragment({ objectId: 1, fragmentId: 0, start: true, end: false, blob: new Uint8Array() });
    bytes[16] = 0xfd;
    expect(readFragmentHeader(bytes, 0)).toMatchObject({ start: true, end: false });
  });

  it('rejects ObjectId 0 and ids beyond 2^53-1', () => {
    const zero = new Uint8Array(FRAGMENT_HEADER_BYTES);
    expect(() => readFragmentHeader(zero, 0)).toThrow(FragmentHeaderError);
    const huge = encodeFragment({ objectId: 1, fragmentId: 0, start: true, end: true, blob: new Uint8Array() });
    huge[0] = 0x80; // sign bit: forbidden by MS-PSRP
    expect(() => readFragmentHeader(huge, 0)).toThrow(expect.objectContaining({ field: 'objectId', value: (0x8000_0000n << 32n) | 1n }));
    const hugeFragment = encodeFragment({ objectId: 1, fragmentId: 0, start: true, end: true, blob: new Uint8Array() });
    hugeFragment[9] = 0x20; // 2^53 + 0
    expect(() => readFragmentHeader(hugeFragment, 0)).toThrow(expect.objectContaining({ field: 'fragmentId' }));
  });

  it('decodes back-to-back fragments as views and reports truncation', () => {
    const first = encodeFragment({ objectId: 1, fragmentId: 0, start: true, end: false, blob: new Uint8Array([1, 2, 3]) });
    const second = encodeFragment({ objectId: 1, fragmentId: 1, start: false, end: true, blob: new Uint8Array([4]) });
    const both = new Uint8Array([...first, ...second]);
    const fragments = decodeFragments(both);
    expect(fragments.map((fragment) => Array.from(fragment.blob))).toEqual([[1, 2, 3], [4]]);
    expect(fragments[0]!.blob.buffer).toBe(both.buffer);
    expect(() => decodeFragments(both.subarray(0, both.length - 1))).toThrow(FragmentTruncatedError);
    expect(() => decodeFragments(both.subarray(0, 10))).toThrow(new FragmentTruncatedError(21, 10));
    expect(decodeFragments(new Uint8Array())).toEqual([]);
  });
});
