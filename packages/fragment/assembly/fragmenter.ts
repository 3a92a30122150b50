/**
 * Fragment writing over wasm memory (MS-PSRP 2.2.4), the layout of src/fragment-layout.ts:
 * every fragment but the last is `maxFragmentBytes` long.
 */
import { FRAGMENT_HEADER_BYTES, FLAG_END, FLAG_START, writeHeader } from './fragment-header';

/**
 * Writes every fragment of the `length`-byte message at `source` to `target` as object
 * `objectId`; returns the number of fragments.
 */
export function writeFragments(source: usize, length: usize, target: usize, maxFragmentBytes: u32, objectId: u64): u32 {
  const blobMax = <usize>(maxFragmentBytes - FRAGMENT_HEADER_BYTES);
  const count: u32 = length == 0 ? 1 : <u32>((length + blobMax - 1) / blobMax);
  let read = source;
  let write = target;
  let remaining = length;
  for (let index: u32 = 0; index < count; index++) {
    const blobLength = remaining < blobMax ? remaining : blobMax;
    const flags: u8 = (index == 0 ? FLAG_START : 0) | (index == count - 1 ? FLAG_END : 0);
    writeHeader(write, objectId, <u64>index, flags, <u32>blobLength);
    memory.copy(write + FRAGMENT_HEADER_BYTES, read, blobLength);
    read += blobLength;
    write += <usize>FRAGMENT_HEADER_BYTES + blobLength;
    remaining -= blobLength;
  }
  return count;
}
