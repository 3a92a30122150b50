/**
 * @module Where fragments of one message sit when written back to back: every fragment but the
 * last is exactly `maxFragmentBytes` long, so fragment i starts at i * maxFragmentBytes.
 */
import { FRAGMENT_HEADER_BYTES, MAX_BLOB_BYTES } from './constants.js';
import { InvalidArgumentError } from './errors.js';

/** Smallest useful fragment: a header and one blob byte. */
export const MIN_FRAGMENT_BYTES = FRAGMENT_HEADER_BYTES + 1;

/** Largest fragment the u32 BlobLength field can describe. */
export const MAX_FRAGMENT_BYTES = FRAGMENT_HEADER_BYTES + MAX_BLOB_BYTES;

export function assertFragmentSize(maxFragmentBytes: number): void {
  if (
    !Number.isInteger(maxFragmentBytes) ||
    maxFragmentBytes < MIN_FRAGMENT_BYTES ||
    maxFragmentBytes > MAX_FRAGMENT_BYTES
  ) {
    throw new InvalidArgumentError('maxFragmentBytes', `an integer in ${MIN_FRAGMENT_BYTES}..${MAX_FRAGMENT_BYTES}`);
  }
}

/** How many fragments a message of `messageBytes` needs; an empty message still takes one. */
export function fragmentCount(messageBytes: number, maxFragmentBytes: number): number {
  return messageBytes === 0 ? 1 : Math.ceil(messageBytes / (maxFragmentBytes - FRAGMENT_HEADER_BYTES));
}

/** Total bytes of all fragments of a message. */
export function fragmentedBytes(messageBytes: number, maxFragmentBytes: number): number {
  return messageBytes + fragmentCount(messageBytes, maxFragmentBytes) * FRAGMENT_HEADER_BYTES;
}

/** Views of each fragment in a back-to-back buffer written for `maxFragmentBytes`. */
export function splitFragments(packed: Uint8Array, maxFragmentBytes: number): Uint8Array[] {
  const fragments: Uint8Array[] = [];
  for (let offset = 0; offset < packed.length; offset += maxFragmentBytes) {
    fragments.push(packed.subarray(offset, Math.min(offset + maxFragmentBytes, packed.length)));
  }
  return fragments;
}
