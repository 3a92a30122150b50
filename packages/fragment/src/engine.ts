/**
 * @module The contract every implementation path fulfils. Fragmenter, Defragmenter and the
 * base64 functions do their byte work through an engine; all engines give identical results.
 */

/** Where fragment writing and reassembly run: AssemblyScript compiled to wasm, or plain TS. */
export type FragmentPath = 'wasm' | 'ts';

/**
 * Where base64 runs: the runtime's `Buffer` (Node, Bun, Deno), its `Uint8Array.fromBase64`
 * (Deno, Bun, recent browsers), wasm, or plain TS.
 */
export type Base64Path = 'buffer' | 'uint8array' | 'wasm' | 'ts';

import type { PsrpMessage } from './message.js';
import type { Reassembler, ReassemblerOptions } from './reassembler.js';
import type { Base64IntoDecoder } from './runtime-native.js';

export type { Base64IntoDecoder } from './runtime-native.js';

/** The hot byte operations, one implementation per path. */
export interface FragmentEngine {
  readonly path: FragmentPath;
  readonly base64Path: Base64Path;
  /**
   * Writes all fragments of `message` as object `objectId` into `target` at `offset`, back to
   * back: fragment i starts at offset + i * maxFragmentBytes. The caller validated the arguments
   * and made room for fragmentedBytes(message.length, maxFragmentBytes).
   */
  writeFragments(message: Uint8Array, maxFragmentBytes: number, objectId: number, target: Uint8Array, offset: number): void;
  encodeBase64(bytes: Uint8Array): string;
  /** @throws InvalidBase64Error */
  decodeBase64(text: string): Uint8Array;
  /**
   * decodeBase64 into existing memory, piece by piece, with the same judgement of the text: what a
   * Base64Defragmenter decodes straight into its messages with. Absent where the base64 path
   * cannot (wasm, a runtime with fromBase64 but not setFromBase64).
   */
  readonly decodeBase64Into?: Base64IntoDecoder;
  /** As the free function encodeMessage: header and data in one new buffer. */
  encodeMessage(message: PsrpMessage): Uint8Array;
  /** As the free function decodeMessage: `data` is a view of `bytes`, without a UTF-8 BOM. */
  decodeMessage(bytes: Uint8Array): PsrpMessage;
  /** A reassembly core for one Defragmenter. */
  createReassembler(options: ReassemblerOptions): Reassembler;
}
