/**
 * @module The engine whose every operation runs in fragment.wasm: base64, the message header,
 * fragment writing and reassembly.
 */
import { InvalidBase64Error } from '../errors.js';
import type { FragmentEngine } from '../engine.js';
import { fragmentedBytes } from '../fragment-layout.js';
import type { ReassemblerOptions } from '../reassembler.js';
import type { FragmentWasmExports } from './fragment-wasm-exports.js';
import { createWasmMessageCodec } from './wasm-message.js';
import { WasmReassembler } from './wasm-reassembler.js';
import { WasmScratch } from './wasm-scratch.js';
import type { WasmInstance } from './web-assembly.js';

const QUAD_CHARS = 4;
const TRIPLE_BYTES = 3;

/** An engine over one instance of fragment.wasm; its operations share the instance's memory. */
export function createWasmEngine(instance: WasmInstance): FragmentEngine {
  const wasm = instance.exports as unknown as FragmentWasmExports;
  const scratch = new WasmScratch(wasm);
  const textEncoder = new TextEncoder();
  const asciiDecoder = new TextDecoder();
  const messageCodec = createWasmMessageCodec(wasm, scratch);

  return Object.freeze({
    path: 'wasm',
    base64Path: 'wasm',

    writeFragments(message: Uint8Array, maxFragmentBytes: number, objectId: number, target: Uint8Array, offset: number): void {
      const total = fragmentedBytes(message.length, maxFragmentBytes);
      const source = scratch.reserve(message.length + total);
      const written = source + message.length;
      scratch.view(source, message.length).set(message);
      wasm.writeFragments(source, message.length, written, maxFragmentBytes, BigInt(objectId));
      target.set(scratch.view(written, total), offset);
    },

    encodeBase64(bytes: Uint8Array): string {
      const textLength = Math.ceil(bytes.length / TRIPLE_BYTES) * QUAD_CHARS;
      const source = scratch.reserve(bytes.length + textLength);
      const target = source + bytes.length;
      scratch.view(source, bytes.length).set(bytes);
      wasm.encodeBase64(source, bytes.length, target);
      return asciiDecoder.decode(scratch.view(target, textLength));
    },

    decodeBase64(text: string): Uint8Array {
      const length = text.length;
      if (length % QUAD_CHARS !== 0) throw new InvalidBase64Error(length);
      const pointer = scratch.reserve(length);
      // Any non-ASCII character takes more than one UTF-8 byte, so it cannot all fit: caught here.
      const { read, written } = textEncoder.encodeInto(text, scratch.view(pointer, length));
      if (read !== length || written !== length) throw new InvalidBase64Error(length);
      // isize: -1 for invalid; a length never reaches 2^31 here, so the sign is the verdict.
      const decoded = wasm.decodeBase64(pointer, length, pointer);
      if (decoded < 0) throw new InvalidBase64Error(length);
      return scratch.view(pointer, decoded).slice();
    },

    encodeMessage: messageCodec.encodeMessage,
    decodeMessage: messageCodec.decodeMessage,

    createReassembler: (options: ReassemblerOptions) => new WasmReassembler(wasm, scratch, options),
  });
}
