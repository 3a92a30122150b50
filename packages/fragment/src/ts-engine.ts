/**
 * @module The engines that need no initialisation: plain TS everywhere, with the runtime's own
 * base64 where it has one.
 */
import { decodeBase64Ts, encodeBase64Ts } from './base64-ts.js';
import type { FragmentEngine } from './engine.js';
import { writeFragmentsTs } from './fragment-writer-ts.js';
import { findNativeBase64 } from './native-base64.js';
import type { ReassemblerOptions } from './reassembler.js';
import { TsReassembler } from './reassembler-ts.js';

const createTsReassembler = (options: ReassemblerOptions) => new TsReassembler(options);

/** Plain TS for every operation: the reference the other paths are tested against. */
export const tsEngine: FragmentEngine = Object.freeze({
  path: 'ts',
  base64Path: 'ts',
  writeFragments: writeFragmentsTs,
  encodeBase64: encodeBase64Ts,
  decodeBase64: decodeBase64Ts,
  createReassembler: createTsReassembler,
});

const nativeBase64 = findNativeBase64();

/** TS fragmenting, with the runtime's base64 where it has one (the synchronous default). */
export const syncEngine: FragmentEngine =
  nativeBase64 === undefined
    ? tsEngine
    : Object.freeze({
        path: 'ts',
        base64Path: 'native',
        writeFragments: writeFragmentsTs,
        encodeBase64: nativeBase64.encode,
        decodeBase64: nativeBase64.decode,
        createReassembler: createTsReassembler,
      });
