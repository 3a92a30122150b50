/**
 * @module The 21-byte fragment header (MS-PSRP 2.2.4): ObjectId and FragmentId as big-endian
 * u64, a flags byte (S = 0x1, E = 0x2), BlobLength as big-endian u32.
 */
import { FRAGMENT_HEADER_BYTES, FragmentFlags } from './constants.js';
import { FragmentHeaderError, FragmentTruncatedError } from './errors.js';

/** The decoded fields of one fragment header. */
export interface FragmentHeader {
  objectId: number;
  fragmentId: number;
  /** S: the first fragment of its object. */
  start: boolean;
  /** E: the last fragment of its object. */
  end: boolean;
  blobLength: number;
}

/** One fragment: its header fields and a view of its blob. */
export interface Fragment extends Omit<FragmentHeader, 'blobLength'> {
  blob: Uint8Array;
}

const OBJECT_ID_OFFSET = 0;
const FRAGMENT_ID_OFFSET = 8;
const FLAGS_OFFSET = 16;
const BLOB_LENGTH_OFFSET = 17;
const TWO_POW_32 = 2 ** 32;
/** The high word of Number.MAX_SAFE_INTEGER: ids above it cannot be held exactly in a number. */
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;

/** A big-endian u32, as a fragment header holds BlobLength and each half of its ids. */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
}

function readId(bytes: Uint8Array, offset: number, field: 'objectId' | 'fragmentId'): number {
  const high = readUint32(bytes, offset);
  const low = readUint32(bytes, offset + 4);
  if (high > MAX_SAFE_HIGH_WORD || (field === 'objectId' && high === 0 && low === 0)) {
    throw new FragmentHeaderError(field, (BigInt(high) << 32n) | BigInt(low));
  }
  return high * TWO_POW_32 + low;
}

/**
 * Reads the header at `offset`. The caller guarantees 21 bytes are there.
 * @throws FragmentHeaderError for ObjectId 0 or an id beyond 2^53-1 (MS-PSRP requires the sign bit 0
 * and ObjectId > 0; ids this large never occur in practice).
 */
export function readFragmentHeader(bytes: Uint8Array, offset: number): FragmentHeader {
  // Byte by byte rather than through a DataView: one is read per fragment, and the view's allocation showed.
  const flags = bytes[offset + FLAGS_OFFSET]!;
  return {
    objectId: readId(bytes, offset + OBJECT_ID_OFFSET, 'objectId'),
    fragmentId: readId(bytes, offset + FRAGMENT_ID_OFFSET, 'fragmentId'),
    start: (flags & FragmentFlags.Start) !== 0,
    end: (flags & FragmentFlags.End) !== 0,
    blobLength: readUint32(bytes, offset + BLOB_LENGTH_OFFSET),
  };
}

/** Writes a header at `offset`; `target` must have 21 bytes there. */
export function writeFragmentHeader(target: Uint8Array, offset: number, header: FragmentHeader): void {
  const view = new DataView(target.buffer, target.byteOffset + offset, FRAGMENT_HEADER_BYTES);
  view.setUint32(OBJECT_ID_OFFSET, Math.floor(header.objectId / TWO_POW_32));
  view.setUint32(OBJECT_ID_OFFSET + 4, header.objectId >>> 0);
  view.setUint32(FRAGMENT_ID_OFFSET, Math.floor(header.fragmentId / TWO_POW_32));
  view.setUint32(FRAGMENT_ID_OFFSET + 4, header.fragmentId >>> 0);
  view.setUint8(FLAGS_OFFSET, (header.start ? FragmentFlags.Start : 0) | (header.end ? FragmentFlags.End : 0));
  view.setUint32(BLOB_LENGTH_OFFSET, header.blobLength);
}

/** One fragment as bytes: header and blob in a new buffer. */
export function encodeFragment(fragment: Fragment): Uint8Array {
  const bytes = new Uint8Array(FRAGMENT_HEADER_BYTES + fragment.blob.length);
  writeFragmentHeader(bytes, 0, { ...fragment, blobLength: fragment.blob.length });
  bytes.set(fragment.blob, FRAGMENT_HEADER_BYTES);
  return bytes;
}

/**
 * Splits bytes holding whole fragments back to back (one WSMan stream or out-of-proc `<Data>`
 * payload) into fragments whose blobs are views of `bytes`. Checks framing only, not sequence:
 * use a Defragmenter to reassemble.
 * @throws FragmentTruncatedError when the bytes end inside a header or a blob.
 */
export function decodeFragments(bytes: Uint8Array): Fragment[] {
  const fragments: Fragment[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const available = bytes.length - offset;
    if (available < FRAGMENT_HEADER_BYTES) throw new FragmentTruncatedError(FRAGMENT_HEADER_BYTES, available);
    const { blobLength, ...fields } = readFragmentHeader(bytes, offset);
    const end = offset + FRAGMENT_HEADER_BYTES + blobLength;
    if (end > bytes.length) throw new FragmentTruncatedError(FRAGMENT_HEADER_BYTES + blobLength, available);
    fragments.push({ ...fields, blob: bytes.subarray(offset + FRAGMENT_HEADER_BYTES, end) });
    offset = end;
  }
  return fragments;
}
