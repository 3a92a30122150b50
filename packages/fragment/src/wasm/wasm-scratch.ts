/**
 * @module One reusable buffer in wasm memory for the inputs and outputs of each call. Calls are
 * synchronous, so one engine's operations never overlap.
 */
import type { FragmentWasmExports } from './fragment-wasm-exports.js';

export class WasmScratch {
  readonly #wasm: FragmentWasmExports;
  #pointer = 0;
  #capacity = 0;

  constructor(wasm: FragmentWasmExports) {
    this.#wasm = wasm;
  }

  /** A pointer to at least `bytes` bytes, valid until the next reserve. */
  reserve(bytes: number): number {
    if (bytes > this.#capacity) {
      if (this.#pointer !== 0) this.#wasm.release(this.#pointer);
      // Grow by half again so a run of slowly growing inputs does not reallocate every time.
      this.#capacity = Math.max(bytes, Math.floor(this.#capacity * 1.5));
      this.#pointer = this.#wasm.allocate(this.#capacity) >>> 0;
    }
    return this.#pointer;
  }

  /** A view of wasm memory; taken after any call that may grow the memory. */
  view(pointer: number, length: number): Uint8Array {
    return new Uint8Array(this.#wasm.memory.buffer, pointer, length);
  }
}
