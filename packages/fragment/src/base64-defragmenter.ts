/**
 * @module The receive path in one step: base64 text as a transport delivers it (a WSMan stream,
 * an out-of-proc `<Data>` line) in, completed messages out, each decoded straight into its own
 * contiguous buffer at the right offset, so no blob is copied after decoding.
 */
import { Defragmenter, type DefragmenterOptions, reassemblyLimits } from './defragmenter.js';
import type { FragmentEngine } from './engine.js';
import { InPlaceReassembler } from './in-place-reassembler.js';
import { StickyFailure } from './sticky-failure.js';
import { syncEngine } from './ts-engine.js';

/** Options of a {@link Base64Defragmenter}: the limits and engine of a Defragmenter. */
export type Base64DefragmenterOptions = Omit<DefragmenterOptions, 'copyInput'>;

/** What carries the bytes: decoding in place, or today's decode-then-push where the engine cannot. */
interface TextReassembly {
  push(text: string, messages: Uint8Array[]): void;
  finish(): void;
  readonly objectsInFlight: number;
  readonly idle: boolean;
}

function inPlace(core: InPlaceReassembler): TextReassembly {
  return {
    push: (text, messages) => core.push(text, (message) => messages.push(message)),
    finish: () => core.finish(),
    get objectsInFlight() {
      return core.objectsInFlight;
    },
    get idle() {
      return core.idle;
    },
  };
}

function decodeThenPush(engine: FragmentEngine, defragmenter: Defragmenter): TextReassembly {
  return {
    push(text, messages) {
      for (const message of defragmenter.push(engine.decodeBase64(text))) messages.push(message);
    },
    finish: () => defragmenter.finish(),
    get objectsInFlight() {
      return defragmenter.objectsInFlight;
    },
    get idle() {
      return defragmenter.idle;
    },
  };
}

/**
 * Reassembles messages from the base64 texts of fragment bytes: the same messages, in the same
 * order and with the same errors, as `defragmenter.push(engine.decodeBase64(text))` for each
 * text. A text may hold any part of the stream: one fragment, several, or a fragment's piece.
 *
 * Each message is decoded into a buffer of its own (it may be a view of a larger one, at most
 * twice its length). Where the engine cannot decode into memory (the wasm base64 path), it
 * decodes then pushes. After any error, invalid base64 included, the stream is broken: every
 * later call throws the same error.
 * @example
 * const defragmenter = new Base64Defragmenter({ engine });
 * for (const message of defragmenter.push(dataLine)) handle(decodeMessage(message));
 */
export class Base64Defragmenter {
  readonly maxObjectBytes: number;
  readonly maxObjectsInFlight: number;
  /** True when texts are decoded straight into the messages (false: decode, then reassemble). */
  readonly decodesInPlace: boolean;
  readonly #reassembly: TextReassembly;
  readonly #failure = new StickyFailure();

  constructor(options: Base64DefragmenterOptions = {}) {
    const limits = reassemblyLimits(options);
    ({ maxObjectBytes: this.maxObjectBytes, maxObjectsInFlight: this.maxObjectsInFlight } = limits);
    const engine = options.engine ?? syncEngine;
    const decodeInto = engine.decodeBase64Into;
    this.decodesInPlace = decodeInto !== undefined;
    this.#reassembly =
      decodeInto === undefined
        ? decodeThenPush(engine, new Defragmenter({ ...limits, engine }))
        : inPlace(new InPlaceReassembler(limits, decodeInto));
  }

  /** Objects started and not yet complete. */
  get objectsInFlight(): number {
    return this.#reassembly.objectsInFlight;
  }

  /** True when no fragment or object is half-received. */
  get idle(): boolean {
    return this.#reassembly.idle;
  }

  /**
   * Takes one base64 text; returns every message it completed, in completion order.
   * @throws InvalidBase64Error, and every FragmentError of Defragmenter.push.
   */
  push(text: string): Uint8Array[] {
    const messages: Uint8Array[] = [];
    this.#failure.run(() => this.#reassembly.push(text, messages));
    return messages;
  }

  /**
   * Declares the input ended.
   * @throws FragmentTruncatedError inside a fragment, IncompleteObjectError with objects in flight.
   */
  finish(): void {
    this.#failure.run(() => this.#reassembly.finish());
  }
}
