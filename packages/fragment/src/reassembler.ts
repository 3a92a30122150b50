/**
 * @module The contract of a reassembly core: the byte work behind a Defragmenter, one
 * implementation per path. Cores throw typed errors; the Defragmenter remembers them.
 */

/** Limits and ownership rules a core is created with (already validated). */
export interface ReassemblerOptions {
  maxObjectBytes: number;
  maxObjectsInFlight: number;
  /** Copy input bytes rather than keep views of the caller's chunks. */
  copyInput: boolean;
}

/** Receives each completed message as its blobs in order, with their total length. */
export type CompleteMessage = (blobs: readonly Uint8Array[], bytes: number) => void;

export interface Reassembler {
  /** Consumes `chunk`, calling `complete` for every message it finishes, in order. */
  push(chunk: Uint8Array, complete: CompleteMessage): void;
  readonly objectsInFlight: number;
  /** True when no fragment or object is half-received. */
  readonly idle: boolean;
  /** @throws FragmentTruncatedError inside a fragment, IncompleteObjectError with objects in flight. */
  finish(): void;
}
