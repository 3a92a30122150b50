/**
 * A LineConnection over a pair of Web Streams: any byte pipe to a PowerShell out-of-proc server that the user
 * already holds (a WebSocket bridged to `pwsh -s`, a socket of a runtime we have no connection for, a worker's
 * MessagePort, an in-memory pair in a test). Runtime-neutral: Web Streams and TextDecoder only.
 */
import { PsrpArgumentError, PsrpTransportError } from '../../errors.js';
import type { ConnectionEnd, LineConnection } from '../out-of-proc/line-connection.js';
import { LineSplitter } from '../out-of-proc/line-splitter.js';
import { MAX_PACKET_LINE_CHARS } from '../out-of-proc/packet.js';

export interface StreamPeer {
  /** What the server writes (its stdout). */
  readonly readable: ReadableStream<Uint8Array>;
  /** What the server reads (its stdin); closed when the pool closes, as pwsh -s expects its input to end. */
  readonly writable: WritableStream<Uint8Array>;
  /** How errors name the peer; default `the PowerShell stream`. */
  readonly description?: string;
  /** How long the peer may take to end its output after ours ended before we stop reading it (default 5 s). */
  readonly closeGraceMs?: number;
}

const DEFAULT_CLOSE_GRACE_MS = 5_000;
const MAX_CLOSE_GRACE_MS = 2 ** 31 - 1;
/** A stream peer has no exit code or stderr: what ended it is only that its output ended. */
const STREAM_END: ConnectionEnd = { exitCode: null, signal: null, stderr: '' };

export class StreamConnection implements LineConnection {
  readonly lines: AsyncIterable<string>;
  readonly description: string;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
  readonly #encoder = new TextEncoder();
  readonly #closeGraceMs: number;
  readonly #ended: Promise<ConnectionEnd>;
  #resolveEnded!: (end: ConnectionEnd) => void;
  #closing: Promise<ConnectionEnd> | null = null;

  constructor(peer: StreamPeer) {
    if (!(peer.readable instanceof ReadableStream) || !(peer.writable instanceof WritableStream)) {
      throw new PsrpArgumentError('A stream connection needs a ReadableStream `readable` and a WritableStream `writable`');
    }
    this.#closeGraceMs = peer.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS;
    if (!Number.isSafeInteger(this.#closeGraceMs) || this.#closeGraceMs < 0 || this.#closeGraceMs > MAX_CLOSE_GRACE_MS) {
      throw new PsrpArgumentError(`closeGraceMs must be a whole number of milliseconds in 0..${MAX_CLOSE_GRACE_MS}, not ${String(peer.closeGraceMs)}`);
    }
    this.description = peer.description ?? 'the PowerShell stream';
    this.#reader = peer.readable.getReader();
    this.#writer = peer.writable.getWriter();
    // A write after the peer is gone fails its own promise; the writer's closed promise must not go unhandled.
    this.#writer.closed.catch(() => undefined);
    this.#ended = new Promise((resolve) => (this.#resolveEnded = resolve));
    this.lines = this.#readLines();
  }

  async *#readLines(): AsyncIterable<string> {
    const splitter = new LineSplitter(MAX_PACKET_LINE_CHARS);
    const decoder = new TextDecoder('utf-8', { fatal: false });
    try {
      for (;;) {
        const chunk = await this.#reader.read().catch((error: unknown) => {
          throw new PsrpTransportError(`Reading from ${this.description} failed: ${(error as Error)?.message ?? String(error)}`, STREAM_END, { cause: error });
        });
        if (chunk.done) break;
        yield* splitter.push(decoder.decode(chunk.value, { stream: true }));
      }
      const tail = decoder.decode();
      if (tail.length > 0) yield* splitter.push(tail);
      const rest = splitter.rest();
      if (rest !== null) yield rest;
    } finally {
      this.#resolveEnded(STREAM_END);
    }
  }

  async writeLine(line: string): Promise<void> {
    try {
      await this.#writer.write(this.#encoder.encode(`${line}\n`));
    } catch (error) {
      throw new PsrpTransportError(`Writing to ${this.description} failed: ${(error as Error)?.message ?? String(error)}`, STREAM_END, { cause: error });
    }
  }

  ended(): Promise<ConnectionEnd> {
    return this.#ended;
  }

  /** Ends our output (the server's input), waits for its output to end within the grace, then stops reading. */
  close(): Promise<ConnectionEnd> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<ConnectionEnd> {
    await this.#writer.close().catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#closeGraceMs)));
    await Promise.race([this.#ended, graceOver]);
    clearTimeout(timer);
    // Whoever was reading gets the end of the stream; a peer that keeps writing is no longer read.
    await this.#reader.cancel().catch(() => undefined);
    this.#resolveEnded(STREAM_END);
    return STREAM_END;
  }
}
