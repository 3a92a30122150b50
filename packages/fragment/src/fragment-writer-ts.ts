/**
 * @module The TS path of fragmenting: headers written in place, one copy of the message.
 */
import { FRAGMENT_HEADER_BYTES, FragmentFlags } from './constants.js';
import { fragmentCount, fragmentedBytes } from './fragment-layout.js';

const TWO_POW_32 = 2 ** 32;
const FLAGS_OFFSET = 16;
const BLOB_LENGTH_OFFSET = 17;

/** Writes all fragments of `message` as object `objectId` into `target` at `start` (see fragment-layout.ts). */
export function writeFragmentsTs(
  message: Uint8Array,
  maxFragmentBytes: number,
  objectId: number,
  target: Uint8Array,
  start: number,
): void {
  const blobMax = maxFragmentBytes - FRAGMENT_HEADER_BYTES;
  const count = fragmentCount(message.length, maxFragmentBytes);
  const view = new DataView(target.buffer, target.byteOffset + start, fragmentedBytes(message.length, maxFragmentBytes));
  const objectHigh = Math.floor(objectId / TWO_POW_32);
  const objectLow = objectId >>> 0;
  for (let index = 0, source = 0, offset = 0; index < count; index++, source += blobMax, offset += maxFragmentBytes) {
    const blobLength = Math.min(blobMax, message.length - source);
    const flags = (index === 0 ? FragmentFlags.Start : 0) | (index === count - 1 ? FragmentFlags.End : 0);
    view.setUint32(offset, objectHigh);
    view.setUint32(offset + 4, objectLow);
    view.setUint32(offset + 8, Math.floor(index / TWO_POW_32));
    view.setUint32(offset + 12, index >>> 0);
    view.setUint8(offset + FLAGS_OFFSET, flags);
    view.setUint32(offset + BLOB_LENGTH_OFFSET, blobLength);
    target.set(message.subarray(source, source + blobLength), start + offset + FRAGMENT_HEADER_BYTES);
  }
}
