/**
 * PSRP over PowerShell's out-of-proc framing, with the sequencing its server relies on: one `<Data>` per target
 * until its `<DataAck>` arrives, `<Command>` and its `<CommandAck>` before a pipeline's data, a `<Signal>` only once
 * the pipeline's last line was acked and nothing after it but `<Close>`, never an ack from the client, pipelines
 * closed before the pool. pwsh handles each line on a thread of its own, so an un-acked line may be handled after a
 * later one; `pwsh -s` exits with 4000 when a client breaks the framing rules.
 *
 * Backpressure: the peer's lines are read ahead of the pool session by at most INBOUND_QUEUE_CHARS. When the session
 * stops reading (a pipeline's reader fell behind), so does this transport, and what the peer writes waits in the
 * pipe, the SSH window or the socket, where pwsh blocks on its write. One stream carries the whole pool, acks
 * included: while it is held, every pipeline of the pool waits.
 */
import { encodeBase64 } from '@psrp/fragment';
import { PsrpAbortedError, PsrpConnectionClosedError, PsrpProtocolError, PsrpTransportError } from '../../errors.js';
import { EMPTY_GUID } from '../../protocol/runspace-pool-machine.js';
import { InboundChannel } from '../inbound-channel.js';
import type { InboundData, PsrpTransport, TransportPayload } from '../transport.js';
import type { ConnectionEnd, LineConnection } from './line-connection.js';
import { encodeControlPacket, encodeDataPacket, parsePacket, type ControlKind } from './packet.js';

/** PowerShell's DefaultFragmentSize: the most a `<Data>` may carry, fragment headers included. */
export const OUT_OF_PROC_PAYLOAD_BYTES = 32_768;
/**
 * How much base64 the transport holds for the pool session before it stops reading the peer: the session reads it
 * at once unless a reader holds it back, so this only bounds what waits then (plus the one line being read).
 */
export const INBOUND_QUEUE_CHARS = 256 * 1024;
/**
 * How long a pipeline's `<Close>` may wait for another line to go out with (the next pipeline's `<Command>` or the
 * next call's data, usually written within microseconds): nothing waits on the close, and one write for both keeps
 * it off the next call's path.
 */
const HELD_CLOSE_MS = 1;
/**
 * How long a failed write waits for the read loop to reach the end of what the peer sent: it may still hold the
 * peer's reason (a `__NamedPipeError__:` line, garbage, the exit code), read a moment after the pipe broke.
 */
const PEER_LAST_WORDS_MS = 250;
/** What `pwsh -sshs` (and a named pipe server) puts before a transport error it writes to the channel. */
const SERVER_ERROR_PREFIX = '__NamedPipeError__:';
/**
 * A transport error with no message: "Remote transport error: " in the server's language. pwsh writes it when a
 * command's transport manager fails (it never sets the message there); the session's own failures carry a message.
 */
const COMMAND_TRANSPORT_ERROR = /^[^:\n]{1,64}:\s*$/u;
/**
 * How long after a stopped pipeline closed its stop may still be reported as a command transport error (see
 * #isStopRace): the server thread that reports it had already lost the race when the Signal was handled.
 */
const STOP_RACE_GRACE_MS = 2_000;
/**
 * How long a `<Signal>` waits after the pipeline's last `<DataAck>`: pwsh acks the CREATE_PIPELINE before it starts
 * the pipeline, and a Signal handled in between either fails the start or is lost while the pipeline runs on (see
 * #isStopRace). No message tells when the pipeline has started; this leaves a thread of the server time to start it
 * on a loaded machine, and costs only an abort that comes this soon after the pipeline's creation.
 */
const PIPELINE_START_MS = 50;
type AckKind = Extract<ControlKind, 'DataAck' | 'CommandAck' | 'CloseAck' | 'SignalAck'>;

interface PendingAck {
  resolve(): void;
  reject(error: unknown): void;
  /** Settles with the ack (or the failure): what a `<Signal>` waits for (see stopPipeline). */
  readonly acknowledged: Promise<void>;
}

/** Lines waiting to go out with the next line written (or when their timer fires), and that write's outcome. */
interface HeldLines {
  readonly lines: string[];
  readonly written: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export class OutOfProcTransport implements PsrpTransport {
  readonly maxPayloadBytes = OUT_OF_PROC_PAYLOAD_BYTES;
  readonly #connection: LineConnection;
  readonly #inbound = new InboundChannel<InboundData>((item) => item.base64.length);
  readonly #pendingAcks = new Map<string, PendingAck[]>();
  /** Serialises the operations on one target: PowerShell processes un-acked lines out of order. */
  readonly #targetQueues = new Map<string, Promise<void>>();
  /** Pipelines whose `<Command>` went ahead of their data (preparePipeline): the exchange their data waits for. */
  readonly #prepared = new Map<string, Promise<void>>();
  /**
   * Pipelines being stopped, until their `<Close>`, with the stop's settling, which the Close waits for. Nothing more
   * is written for them but their `<Signal>` and `<Close>`: pwsh would take a CREATE_PIPELINE that follows the Signal
   * and start the pipeline the user has just stopped.
   */
  readonly #stops = new Map<string, Promise<void>>();
  /** When each open pipeline's last `<DataAck>` arrived (performance.now()): see PIPELINE_START_MS. */
  readonly #lastDataAckAt = new Map<string, number>();
  /** When the last signalled pipeline closed (performance.now()). */
  #lastStopClosedAt = Number.NEGATIVE_INFINITY;
  #held: HeldLines | null = null;
  #failure: PsrpTransportError | null = null;
  #closing = false;
  #closed: Promise<void> | null = null;
  readonly #reading: Promise<void>;

  constructor(connection: LineConnection) {
    this.#connection = connection;
    this.#reading = this.#readLoop();
  }

  connect(first: TransportPayload, signal?: AbortSignal): Promise<void> {
    return this.send([first], signal);
  }

  async send(batch: readonly TransportPayload[], signal?: AbortSignal): Promise<void> {
    await Promise.all(batch.map((payload) => this.#sendOne(payload, signal)));
  }

  preparePipeline(pipelineId: string): void {
    const command = this.#onTarget(pipelineId, undefined, () => this.#exchange(encodeControlPacket('Command', pipelineId), 'CommandAck', pipelineId, undefined));
    // Whoever sends the pipeline's data (or closes it) learns the outcome; never an unhandled rejection here.
    command.catch(() => undefined);
    this.#prepared.set(pipelineId, command);
  }

  stopPipeline(pipelineId: string, signal?: AbortSignal): Promise<void> {
    const stopped = this.#stop(pipelineId, signal);
    // The pipeline's <Close> goes out after its <Signal> (see closePipeline).
    this.#stops.set(pipelineId, stopped.catch(() => undefined));
    return stopped;
  }

  async #stop(pipelineId: string, signal: AbortSignal | undefined): Promise<void> {
    // A Signal does not wait behind the pipeline's queue: what the queue has not written yet is dropped instead. It
    // waits for the ack of the line in flight, though: pwsh handles each line on a thread of its own, and a Signal
    // handled before the CREATE_PIPELINE made the pipeline is lost (the pipeline runs on). Then it gives the pipeline
    // time to start (PIPELINE_START_MS).
    const inFlight = this.#awaitingAck('CommandAck', pipelineId) ?? this.#awaitingAck('DataAck', pipelineId);
    if (inFlight) await (signal ? untilAborted(inFlight, signal, 'Aborted while the pipeline waited for an ack before its stop') : inFlight);
    const ackedAt = this.#lastDataAckAt.get(pipelineId) ?? Number.NEGATIVE_INFINITY;
    // A loop: a timer may fire a millisecond or so early by performance.now() (it counts from the event loop's clock).
    for (let sinceAck = performance.now() - ackedAt; sinceAck < PIPELINE_START_MS; sinceAck = performance.now() - ackedAt) {
      const started = new Promise<void>((resolve) => setTimeout(resolve, PIPELINE_START_MS - sinceAck));
      await (signal ? untilAborted(started, signal, 'Aborted while the pipeline was given time to start before its stop') : started);
    }
    return this.#exchange(encodeControlPacket('Signal', pipelineId), 'SignalAck', pipelineId, signal);
  }

  closePipeline(pipelineId: string, signal?: AbortSignal): Promise<void> {
    this.#prepared.delete(pipelineId);
    const stop = this.#stops.get(pipelineId);
    return this.#onTarget(pipelineId, signal, async () => {
      try {
        if (stop) await stop;
        await this.#exchange(encodeControlPacket('Close', pipelineId), 'CloseAck', pipelineId, signal, true);
      } finally {
        this.#lastDataAckAt.delete(pipelineId);
        if (this.#stops.delete(pipelineId)) this.#lastStopClosedAt = performance.now();
      }
    });
  }

  close(signal?: AbortSignal): Promise<void> {
    this.#closed ??= this.#close(signal);
    return this.#closed;
  }

  receive(): AsyncIterable<InboundData> {
    return this.#inbound;
  }

  get bufferedInboundBytes(): number {
    return (this.#inbound.backlogWeight >>> 2) * 3;
  }

  async #close(signal?: AbortSignal): Promise<void> {
    this.#closing = true;
    try {
      if (!this.#failure && !this.#inbound.ended) {
        await this.#onTarget(EMPTY_GUID, signal, () => this.#exchange(encodeControlPacket('Close', EMPTY_GUID), 'CloseAck', EMPTY_GUID, signal));
      }
    } finally {
      // Nothing more goes to the session: a read loop waiting for it to catch up goes on (and drops what it reads).
      this.#inbound.end();
      // After the CloseAck (or a failure already reported) how the peer ends is no news: pwsh -s exits 160 on EOF.
      await this.#connection.close();
      await this.#reading;
    }
  }

  #sendOne(payload: TransportPayload, signal: AbortSignal | undefined): Promise<void> {
    const guid = payload.pipelineId ?? EMPTY_GUID;
    const prepared = payload.createsPipeline ? this.#prepared.get(guid) : undefined;
    if (prepared) this.#prepared.delete(guid);
    return this.#onTarget(guid, signal, async () => {
      // Encoded before the wait for the CommandAck: once it arrives, the data only has to be written.
      const line = encodeDataPacket(payload.stream === 'prompt-response' ? 'PromptResponse' : 'Default', guid, encodeBase64(payload.data));
      if (prepared) await prepared;
      else if (payload.createsPipeline) await this.#exchange(encodeControlPacket('Command', guid), 'CommandAck', guid, signal);
      if (this.#stops.has(guid)) return;
      await this.#exchange(line, 'DataAck', guid, signal);
    });
  }

  #onTarget(guid: string, signal: AbortSignal | undefined, operation: () => Promise<void>): Promise<void> {
    const start = () => {
      signal?.throwIfAborted();
      return operation();
    };
    // On an idle target the operation starts now: a prepared pipeline's <Command> goes out before its data is encoded.
    const previous = this.#targetQueues.get(guid);
    const next = previous ? previous.then(start) : new Promise<void>((resolve) => resolve(start()));
    // Later operations wait for this one to settle, whether or not it failed.
    const settled = next.catch(() => undefined);
    this.#targetQueues.set(guid, settled);
    void settled.then(() => {
      if (this.#targetQueues.get(guid) === settled) this.#targetQueues.delete(guid);
    });
    // The caller stops waiting when its signal fires, even while an earlier operation holds the queue (a connection
    // that never opens holds it until the connection is closed, and closing must not wait behind it).
    return signal ? untilAborted(next, signal, 'Aborted while an earlier operation on the connection was pending') : next;
  }

  /** Writes `line` (`hold`: with the next line written, within HELD_CLOSE_MS) and waits for the peer's `ack`. */
  async #exchange(line: string, ack: AckKind, guid: string, signal: AbortSignal | undefined, hold = false): Promise<void> {
    if (this.#failure) throw this.#failure;
    const acknowledged = this.#expectAck(ack, guid);
    // Whatever happens to the write, the expectation is settled and handled: never an unhandled rejection.
    acknowledged.catch(() => undefined);
    try {
      await (hold ? this.#hold(line) : this.#write(line));
    } catch (error) {
      this.#forgetAck(ack, guid);
      // The peer is gone: its last words (a line not yet read, its exit code) say more than "no longer accepting input".
      if (!this.#failure) await this.#readingEndsWithin(PEER_LAST_WORDS_MS);
      throw this.#failure ?? error;
    }
    if (!signal) return acknowledged;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new PsrpAbortedError(`Aborted while waiting for ${ack} from the peer`, { cause: signal.reason }));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      acknowledged.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  #readingEndsWithin(milliseconds: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, milliseconds)));
    return Promise.race([this.#reading, elapsed]).finally(() => clearTimeout(timer));
  }

  /** Writes `line`, after the held lines in the same write (null: only the held lines). */
  #write(line: string | null): Promise<void> {
    const held = this.#held;
    if (held === null) return line === null ? Promise.resolve() : this.#connection.writeLine(line);
    this.#held = null;
    clearTimeout(held.timer);
    const written = this.#connection.writeLine(line === null ? held.lines.join('\n') : `${held.lines.join('\n')}\n${line}`);
    written.then(held.resolve, held.reject);
    return written;
  }

  #hold(line: string): Promise<void> {
    if (this.#held) {
      this.#held.lines.push(line);
      return this.#held.written;
    }
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const written = new Promise<void>((ok, fail) => {
      resolve = ok;
      reject = fail;
    });
    const timer = setTimeout(() => void this.#write(null).catch(() => undefined), HELD_CLOSE_MS);
    this.#held = { lines: [line], written, resolve, reject, timer };
    return written;
  }

  #expectAck(kind: AckKind, guid: string): Promise<void> {
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const acknowledged = new Promise<void>((onAck, onFailure) => {
      resolve = onAck;
      reject = onFailure;
    });
    const key = `${kind}:${guid}`;
    const queue = this.#pendingAcks.get(key) ?? [];
    queue.push({ resolve, reject, acknowledged });
    this.#pendingAcks.set(key, queue);
    return acknowledged;
  }

  /** The last line of `guid` still waiting for `kind` (its settling, never a rejection), if any. */
  #awaitingAck(kind: AckKind, guid: string): Promise<void> | undefined {
    return this.#pendingAcks.get(`${kind}:${guid}`)?.at(-1)?.acknowledged.catch(() => undefined);
  }

  #forgetAck(kind: AckKind, guid: string): void {
    const key = `${kind}:${guid}`;
    const queue = this.#pendingAcks.get(key);
    queue?.pop()?.resolve();
    if (queue?.length === 0) this.#pendingAcks.delete(key);
  }

  #acknowledge(kind: AckKind, guid: string): void {
    const key = `${kind}:${guid}`;
    const queue = this.#pendingAcks.get(key);
    const pending = queue?.shift();
    if (!pending) throw new PsrpProtocolError(`The peer sent ${kind} for ${guid}, which nothing was waiting for`);
    if (queue!.length === 0) this.#pendingAcks.delete(key);
    if (kind === 'DataAck' && guid !== EMPTY_GUID) this.#lastDataAckAt.set(guid, performance.now());
    pending.resolve();
  }

  async #readLoop(): Promise<void> {
    try {
      for await (const line of this.#connection.lines) {
        if (line.length === 0) continue;
        if (line.startsWith(SERVER_ERROR_PREFIX)) {
          const text = line.slice(SERVER_ERROR_PREFIX.length);
          if (this.#isStopRace(text)) continue;
          throw serverError(text);
        }
        const packet = parsePacket(line);
        switch (packet.kind) {
          case 'Data':
            this.#inbound.push({ pipelineId: packet.guid === EMPTY_GUID ? null : packet.guid, base64: packet.base64 });
            // The session is behind: read nothing more (acks included) until it has taken what waits.
            if (this.#inbound.backlogWeight > INBOUND_QUEUE_CHARS) await this.#inbound.drained();
            break;
          case 'DataAck':
          case 'CommandAck':
          case 'CloseAck':
          case 'SignalAck':
            this.#acknowledge(packet.kind, packet.guid);
            break;
          case 'Command':
          case 'Close':
          case 'Signal':
            throw new PsrpProtocolError(`The peer sent ${packet.kind}, which only a client may send`);
        }
      }
      if (this.#closing) {
        this.#fail(new PsrpConnectionClosedError(`${this.#connection.description} ended while the pool was closing`));
        this.#inbound.end();
        return;
      }
      const end = await this.#connection.ended();
      const failure = new PsrpConnectionClosedError(`${capitalize(this.#connection.description)} ended ${describeEnd(end)}`, end);
      this.#fail(failure);
      this.#inbound.end(failure);
    } catch (error) {
      const failure =
        error instanceof PsrpTransportError ? error : new PsrpTransportError(`The connection to ${this.#connection.description} broke: ${(error as Error).message}`, {}, { cause: error });
      this.#fail(failure);
      this.#inbound.end(failure);
      // Nothing more is read: drop the connection so a peer that keeps writing cannot fill memory.
      void this.#connection.close();
    }
  }

  /**
   * A Signal handled while pwsh is still starting the pipeline (its CREATE_PIPELINE acked, the pipeline not yet
   * running) stops the pipeline, and the start then fails on the stopping pipeline. pwsh reports that failure as a
   * command transport error and goes on: the pipeline ends Stopped, the session lives. No message says which command
   * failed, so only while a stop is under way (or has just ended) is such a line taken for that race; at any other
   * time it still ends the session.
   */
  #isStopRace(text: string): boolean {
    const stopUnderWay = this.#stops.size > 0 || performance.now() - this.#lastStopClosedAt < STOP_RACE_GRACE_MS;
    return stopUnderWay && COMMAND_TRANSPORT_ERROR.test(text);
  }

  #fail(error: PsrpTransportError): void {
    this.#failure ??= error;
    if (this.#held) {
      clearTimeout(this.#held.timer);
      this.#held.reject(this.#failure);
      this.#held = null;
    }
    for (const queue of this.#pendingAcks.values()) for (const pending of queue) pending.reject(this.#failure);
    this.#pendingAcks.clear();
  }
}

/**
 * A `__NamedPipeError__:` line: PowerShell's message, then the first frame of its stack trace on the same line (the
 * others follow on lines of their own). The message is the news; the server's whole line goes into the detail.
 */
function serverError(text: string): PsrpTransportError {
  const stackAt = text.search(/\s{2,}at [\w.`<>]+\(/);
  const message = (stackAt > 0 ? text.slice(0, stackAt) : text).trim();
  return new PsrpTransportError(`The PowerShell server failed and ended the session: ${message}`, { stderr: text });
}

/** `work`, or a PsrpAbortedError as soon as `signal` fires. */
function untilAborted(work: Promise<void>, signal: AbortSignal, message: string): Promise<void> {
  if (!signal.aborted) {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new PsrpAbortedError(message, { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
  work.catch(() => undefined);
  return Promise.reject(new PsrpAbortedError(message, { cause: signal.reason }));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeEnd(end: ConnectionEnd): string {
  const how = end.signal ? `(killed by ${end.signal})` : end.exitCode === null ? '' : `(exit code ${end.exitCode})`;
  const stderr = end.stderr.trim();
  return `${how}${stderr ? `: ${stderr.split('\n').slice(-3).join(' ').slice(0, 500)}` : ''}`.trim() || 'unexpectedly';
}
