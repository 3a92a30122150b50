/**
 * @module The wasm path of reassembly: state and object buffers live in wasm memory
 * (assembly/reassembler.ts); each chunk is copied in and each message copied out.
 */
import { FRAGMENT_HEADER_BYTES } from '../constants.js';
import { FragmentTruncatedError, IncompleteObjectError } from '../errors.js';
import type { CompleteMessage, Reassembler, ReassemblerOptions } from '../reassembler.js';
import type { FragmentWasmExports } from './fragment-wasm-exports.js';
import { reassemblyError } from './reassembly-status.js';
import type { WasmScratch } from './wasm-scratch.js';

const MAX_U32 = 0xffff_ffff;

interface HeldState {
  wasm: FragmentWasmExports;
  state: number;
}

// Frees the wasm-side state of a Defragmenter the program dropped. Some runtimes (older workerd)
// have no FinalizationRegistry: there a dropped wasm Defragmenter keeps its small state (its
// completed messages are freed at once either way).
const releaseDropped =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<HeldState>(({ wasm, state }) => wasm.reassemblyDestroy(state))
    : undefined;

export class WasmReassembler implements Reassembler {
  readonly #wasm: FragmentWasmExports;
  readonly #scratch: WasmScratch;
  readonly #options: ReassemblerOptions;
  readonly #state: number;

  constructor(wasm: FragmentWasmExports, scratch: WasmScratch, options: ReassemblerOptions) {
    this.#wasm = wasm;
    this.#scratch = scratch;
    this.#options = options;
    // wasm memory cannot hold more than 4 GiB, so larger limits mean "no limit" there.
    this.#state =
      wasm.reassemblyCreate(Math.min(options.maxObjectBytes, MAX_U32), Math.min(options.maxObjectsInFlight, MAX_U32)) >>> 0;
    releaseDropped?.register(this, { wasm, state: this.#state });
  }

  get objectsInFlight(): number {
    return this.#wasm.reassemblyObjectsInFlight(this.#state);
  }

  get idle(): boolean {
    const wasm = this.#wasm;
    return (
      wasm.reassemblyObjectsInFlight(this.#state) === 0 &&
      wasm.reassemblyHeaderFill(this.#state) === 0 &&
      wasm.reassemblyPendingBlobLength(this.#state) < 0n
    );
  }

  push(chunk: Uint8Array, complete: CompleteMessage): void {
    if (chunk.length === 0) return;
    const wasm = this.#wasm;
    const pointer = this.#scratch.reserve(chunk.length);
    this.#scratch.view(pointer, chunk.length).set(chunk);
    const status = wasm.reassemblyPush(this.#state, pointer, chunk.length);
    if (status < 0) throw reassemblyError(wasm, status, this.#options);
    const messages: Uint8Array[] = [];
    for (let index = 0; index < status; index++) {
      const length = wasm.reassemblyOutputLength(this.#state, index) >>> 0;
      messages.push(this.#scratch.view(wasm.reassemblyOutputPointer(this.#state, index) >>> 0, length).slice());
    }
    // Freed at once: a dropped Defragmenter must not hold its last messages until finalization.
    wasm.reassemblyReleaseOutputs(this.#state);
    for (const message of messages) complete([message], message.length);
  }

  finish(): void {
    const wasm = this.#wasm;
    const headerFill = wasm.reassemblyHeaderFill(this.#state) >>> 0;
    if (headerFill > 0) throw new FragmentTruncatedError(FRAGMENT_HEADER_BYTES, headerFill);
    const blobLength = wasm.reassemblyPendingBlobLength(this.#state);
    if (blobLength >= 0n) {
      const expected = FRAGMENT_HEADER_BYTES + Number(blobLength);
      throw new FragmentTruncatedError(expected, expected - (wasm.reassemblyRemaining(this.#state) >>> 0));
    }
    const count = wasm.reassemblyObjectsInFlight(this.#state);
    if (count > 0) {
      const ids = Array.from({ length: count }, (_, index) => Number(wasm.reassemblyObjectIdAt(this.#state, index)));
      throw new IncompleteObjectError(ids.sort((left, right) => left - right));
    }
  }
}
