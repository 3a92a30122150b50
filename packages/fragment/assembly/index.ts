/**
 * The wasm core of @psrp/fragment: base64, the message header, fragment writing and reassembly
 * over linear memory.
 * The TS glue (src/wasm/) owns the memory layout and turns statuses into typed errors.
 */
export { base64DecodedLength, decodeBase64, encodeBase64 } from './base64';
export { writeFragments } from './fragmenter';
export { decodeMessageHeader, encodeMessage } from './message';
export {
  lastErrorExpected,
  lastErrorFragmentId,
  lastErrorObjectId,
  lastErrorSize,
  reassemblyCreate,
  reassemblyDestroy,
  reassemblyHeaderFill,
  reassemblyObjectIdAt,
  reassemblyObjectsInFlight,
  reassemblyOutputLength,
  reassemblyOutputPointer,
  reassemblyPendingBlobLength,
  reassemblyPush,
  reassemblyReleaseOutputs,
  reassemblyRemaining,
} from './reassembler';

/** Scratch memory for the glue: input and output buffers of each call. */
export function allocate(size: usize): usize {
  return heap.alloc(size);
}

export function release(pointer: usize): void {
  heap.free(pointer);
}
