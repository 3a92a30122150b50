/**
 * @module The receive path in one step: base64 text as a transport delivers it (a WSMan stream,
 * an out-of-proc `<Data>` line) in, completed messages out, each decoded straight into its own
 * contiguous buffer at the right offset, so no blob is copied after decoding.
 */
import { Defragmenter, type DefragmenterOptions, reassemblyLimits } from './defragmenter.js';
import type { FragmentEngine } from './engine.js';
import { InvalidArgumentError, ReentrantCallError } from './errors.js';
import { type Delivery, InPlaceReassembler } from './in-place-reassembler.js';
import { DEFAULT_RETAIN_BYTES, RecycledMemory } from './recycled-memory.js';
import { StickyFailure } from './sticky-failure.js';
import { syncEngine } from './ts-engine.js';

/** Options of a {@link Base64Defragmenter}: the limits and engine of a Defragmenter, and what it keeps for lending. */
export interface Base64DefragmenterOptions extends Omit<DefragmenterOptions, 'copyInput'> {
  /**
   * Memory kept between messages lent by pushBorrowed, to decode the next ones into (default 4 MiB;
   * 0 keeps none). A stream whose messages are larger is faster with more.
   */
  retainBytes?: number;
}

/** What carries the bytes: decoding in place, or today's decode-then-push where the engine cannot. */
interface TextReassembly {
  push(text: string, delivery: Delivery): void;
  finish(): void;
  readonly objectsInFlight: number;
  readonly idle: boolean;
}

function inPlace(core: InPlaceReassembler): TextReassembly {
  return {
    push: (text, delivery) => core.push(text, delivery),
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
    push(text, delivery) {
      // Lent or not, these messages are new memory: lending them is handing them over.
      for (const message of defragmenter.push(engine.decodeBase64(text))) delivery.message(message);
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
  readonly #recycled: RecycledMemory;
  readonly #failure = new StickyFailure();
  #pushing = false;

  constructor(options: Base64DefragmenterOptions = {}) {
    const limits = reassemblyLimits(options);
    ({ maxObjectBytes: this.maxObjectBytes, maxObjectsInFlight: this.maxObjectsInFlight } = limits);
    const retainBytes = options.retainBytes ?? DEFAULT_RETAIN_BYTES;
    if (!Number.isSafeInteger(retainBytes) || retainBytes < 0) throw new InvalidArgumentError('retainBytes', 'a non-negative integer');
    this.#recycled = new RecycledMemory(retainBytes);
    const engine = options.engine ?? syncEngine;
    const decodeInto = engine.decodeBase64Into;
    this.decodesInPlace = decodeInto !== undefined;
    this.#reassembly =
      decodeInto === undefined
        ? decodeThenPush(engine, new Defragmenter({ ...limits, engine }))
        : inPlace(new InPlaceReassembler(limits, decodeInto, this.#recycled));
  }

  /** Memory held between lent messages (at most the retainBytes option). */
  get retainedBytes(): number {
    return this.#recycled.keptBytes;
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
    this.#run(text, { lend: false, message: (message) => messages.push(message) });
    return messages;
  }

  /**
   * Takes one base64 text and lends `read` every message it completed, in completion order: the
   * message is only valid until `read` returns, as its memory is then reused for later messages
   * (copy what you keep; its buffer may show earlier messages of this stream beyond it). Once warm,
   * a stream read this way allocates no message memory. If `read` throws, the stream is broken
   * with that error.
   * @throws ReentrantCallError when `read` pushes to this defragmenter; InvalidBase64Error, and
   * every FragmentError of Defragmenter.push.
   */
  pushBorrowed(text: string, read: (message: Uint8Array) => void): void {
    this.#run(text, { lend: true, message: read });
  }

  #run(text: string, delivery: Delivery): void {
    if (this.#pushing) throw new ReentrantCallError('Base64Defragmenter.push');
    this.#failure.assertUnbroken();
    this.#pushing = true;
    // Not through StickyFailure.run: a closure per text showed in the per-message cost.
    try {
      this.#reassembly.push(text, delivery);
    } catch (error) {
      throw this.#failure.broken(error);
    } finally {
      this.#pushing = false;
    }
  }

  /**
   * Declares the input ended.
   * @throws FragmentTruncatedError inside a fragment, IncompleteObjectError with objects in flight.
   */
  finish(): void {
    if (this.#pushing) throw new ReentrantCallError('Base64Defragmenter.finish');
    this.#failure.run(() => this.#reassembly.finish());
  }
}
