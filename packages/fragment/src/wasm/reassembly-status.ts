/**
 * @module The statuses assembly/reassembler.ts returns, turned into the errors the TS path throws
 * for the same input.
 */
import {
  FragmentError,
  FragmentHeaderError,
  FragmentSequenceError,
  ObjectTooLargeError,
  TooManyObjectsError,
} from '../errors.js';
import type { ReassemblerOptions } from '../reassembler.js';
import type { FragmentWasmExports } from './fragment-wasm-exports.js';

/** Mirrors the STATUS_* constants of assembly/reassembler.ts. */
export const ReassemblyStatus = {
  HeaderObjectId: -1,
  HeaderFragmentId: -2,
  MissingStart: -3,
  StartNotFirst: -4,
  DuplicateStart: -5,
  Duplicate: -6,
  Skipped: -7,
  TooLarge: -8,
  TooMany: -9,
} as const;

const u64 = (value: bigint): bigint => BigInt.asUintN(64, value);

export function reassemblyError(wasm: FragmentWasmExports, status: number, options: ReassemblerOptions): FragmentError {
  const objectId = u64(wasm.lastErrorObjectId());
  const fragmentId = u64(wasm.lastErrorFragmentId());
  const expected = Number(u64(wasm.lastErrorExpected()));
  const sequence = (reason: ConstructorParameters<typeof FragmentSequenceError>[0], next?: number) =>
    new FragmentSequenceError(reason, Number(objectId), Number(fragmentId), next);
  switch (status) {
    case ReassemblyStatus.HeaderObjectId:
      return new FragmentHeaderError('objectId', objectId);
    case ReassemblyStatus.HeaderFragmentId:
      return new FragmentHeaderError('fragmentId', fragmentId);
    case ReassemblyStatus.MissingStart:
      return sequence('missing-start');
    case ReassemblyStatus.StartNotFirst:
      return sequence('start-not-first');
    case ReassemblyStatus.DuplicateStart:
      return sequence('duplicate-start', expected);
    case ReassemblyStatus.Duplicate:
      return sequence('duplicate', expected);
    case ReassemblyStatus.Skipped:
      return sequence('skipped', expected);
    case ReassemblyStatus.TooLarge:
      return new ObjectTooLargeError(Number(objectId), Number(u64(wasm.lastErrorSize())), options.maxObjectBytes);
    case ReassemblyStatus.TooMany:
      return new TooManyObjectsError(options.maxObjectsInFlight);
    default:
      throw new RangeError(`fragment.wasm returned unknown reassembly status ${status}`);
  }
}
