/**
 * @module The exports of fragment.wasm (assembly/index.ts). Pointers and lengths are byte
 * offsets in its memory, returned as i32: read them with `>>> 0` (memory may pass 2 GiB).
 * u64 values cross as bigint.
 */
import type { WasmMemory } from './web-assembly.js';

export interface FragmentWasmExports {
  readonly memory: WasmMemory;
  allocate(size: number): number;
  release(pointer: number): void;
  decodeBase64(source: number, length: number, target: number): number;
  encodeBase64(source: number, length: number, target: number): number;
  encodeMessage(destination: number, messageType: number, guids: number, data: number, dataLength: number, target: number): number;
  decodeMessageHeader(source: number, length: number, target: number): number;
  writeFragments(source: number, length: number, target: number, maxFragmentBytes: number, objectId: bigint): number;
  reassemblyCreate(maxObjectBytes: number, maxObjects: number): number;
  reassemblyDestroy(state: number): void;
  reassemblyPush(state: number, source: number, length: number): number;
  reassemblyOutputPointer(state: number, index: number): number;
  reassemblyOutputLength(state: number, index: number): number;
  reassemblyReleaseOutputs(state: number): void;
  reassemblyObjectsInFlight(state: number): number;
  reassemblyObjectIdAt(state: number, index: number): bigint;
  reassemblyHeaderFill(state: number): number;
  reassemblyPendingBlobLength(state: number): bigint;
  reassemblyRemaining(state: number): number;
  lastErrorObjectId(): bigint;
  lastErrorFragmentId(): bigint;
  lastErrorExpected(): bigint;
  lastErrorSize(): bigint;
}
