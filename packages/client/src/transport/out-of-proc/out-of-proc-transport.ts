/**
 * PSRP over PowerShell's out-of-proc framing, with the sequencing its server relies on: one `<Data>` per target
 * until its `<DataAck>` arrives, `<Command>` and its `<CommandAck>` before a pipeline's data, never an ack from the
 * client, pipelines closed before the pool. `pwsh -s` exits with 4000 when a client breaks these rules.
 */
import { encodeBase64 } from '@psrp/fragment';
import { PsrpAbortedError, PsrpProtocolError, PsrpTransportError } from '../../errors.js';
import type { OutboundPayload } from '../../protocol/outbound-queue.js';
import { EMPTY_GUID } from '../../protocol/runspace-pool-machine.js';
import { InboundChannel } from '../inbound-channel.js';
import type { InboundData, PsrpTransport } from '../transport.js';
import type { LineConnection } from './line-connection.js';
import { encodeControlPacket, encodeDataPacket, parsePacket, type ControlKind } from './packet.js';

/** PowerShell's DefaultFragmentSize: the most a `<Data>` may carry, fragment headers included. */
export const OUT_OF_PROC_PAYLOAD_BYTES = 32_768;
/** What `pwsh -sshs` puts before a transport error it writes to stdout. */
const SERVER_ERROR_PREFIX = '__NamedPipeError__:';
type AckKind = Extract<ControlKind, 'DataAck' | 'CommandAck' | 'CloseAck' | 'SignalAck'>;

interface PendingAck {
  resolve(): void;
  reject(error: unknown): void;
}

export class OutOfProcTransport implements PsrpTransport {
  readonly maxPayloadBytes = OUT_OF_PROC_PAYLOAD_BYTES;
  readonly #connection: LineConnection;
  readonly #inbound = new InboundChannel<InboundData>();
  readonly #pendingAcks = new Map<string, PendingAck[]>();
  /** Serialises the operations on one target: PowerShell processes un-acked lines out of order. */
  readonly #targetQueues = new Map<string, Promise<void>>();
  #failure: PsrpTransportError | null = null;
  #closing = false;
  readonly #reading: Promise<void>;

  constructor(connection: LineConnection) {
    this.#connection = connection;
    this.#reading = this.#readLoop();
  }

  connect(first: OutboundPayload, signal?: AbortSignal): Promise<void> {
    return this.send(first, signal);
  }

  send(payload: OutboundPayload, signal?: AbortSignal): Promise<void> {
    const guid = payload.pid ?? EMPTY_GUID;
    return this.#onTarget(guid, signal, async () => {
      if (payload.createsPipeline) await this.#exchange(encodeControlPacket('Command', guid), 'CommandAck', guid, signal);
      const stream = payload.stream === 'prompt-response' ? 'PromptResponse' : 'Default';
      await this.#exchange(encodeDataPacket(stream, guid, encodeBase64(payload.data)), 'DataAck', guid, signal);
    });
  }

  stopPipeline(pid: string, signal?: AbortSignal): Promise<void> {
    // A Signal must not wait behind the pipeline's own queue: stopping is what unblocks it.
    return this.#exchange(encodeControlPacket('Signal', pid), 'SignalAck', pid, signal);
  }

  closePipeline(pid: string, signal?: AbortSignal): Promise<void> {
    return this.#onTarget(pid, signal, () => this.#exchange(encodeControlPacket('Close', pid), 'CloseAck', pid, signal));
  }

  async close(signal?: AbortSignal): Promise<void> {
    this.#closing = true;
    try {
      if (!this.#failure && !this.#inbound.ended) {
        await this.#onTarget(EMPTY_GUID, signal, () =>
          this.#exchange(encodeControlPacket('Close', EMPTY_GUID), 'CloseAck', EMPTY_GUID, signal),
        );
      }
    } finally {
      const end = await this.#connection.close();
      await this.#reading;
      if (end.exitCode !== null && end.exitCode !== 0) {
        throw new PsrpTransportError(`The PowerShell process exited with code ${end.exitCode}`, end);
      }
    }
  }

  receive(): AsyncIterable<InboundData> {
    return this.#inbound;
  }

  #onTarget(guid: string, signal: AbortSignal | undefined, operation: () => Promise<void>): Promise<void> {
    const previous = this.#targetQueues.get(guid) ?? Promise.resolve();
    const next = previous.then(() => {
      signal?.throwIfAborted();
      return operation();
    });
    // Later operations wait for this one to settle, whether or not it failed.
    this.#targetQueues.set(
      guid,
      next.catch(() => undefined),
    );
    return next;
  }

  async #exchange(line: string, ack: AckKind, guid: string, signal: AbortSignal | undefined): Promise<void> {
    if (this.#failure) throw this.#failure;
    const acknowledged = this.#expectAck(ack, guid);
    await this.#connection.writeLine(line);
    if (!signal) return acknowledged;
    signal.throwIfAborted();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new PsrpAbortedError(`Aborted while waiting for ${ack} from the peer`, { cause: signal.reason }));
      signal.addEventListener('abort', onAbort, { once: true });
      acknowledged.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  #expectAck(kind: AckKind, guid: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const key = `${kind}:${guid}`;
      const queue = this.#pendingAcks.get(key) ?? [];
      queue.push({ resolve, reject });
      this.#pendingAcks.set(key, queue);
    });
  }

  #acknowledge(kind: AckKind, guid: string): void {
    const key = `${kind}:${guid}`;
    const pending = this.#pendingAcks.get(key)?.shift();
    if (!pending) throw new PsrpProtocolError(`The peer sent ${kind} for ${guid}, which nothing was waiting for`);
    pending.resolve();
  }

  async #readLoop(): Promise<void> {
    try {
      for await (const line of this.#connection.lines) {
        if (line.length === 0) continue;
        if (line.startsWith(SERVER_ERROR_PREFIX)) {
          throw new PsrpTransportError(`The PowerShell server reported: ${line.slice(SERVER_ERROR_PREFIX.length)}`);
        }
        const packet = parsePacket(line);
        switch (packet.kind) {
          case 'Data':
            this.#inbound.push({ pid: packet.guid === EMPTY_GUID ? null : packet.guid, base64: packet.base64 });
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
      if (!this.#closing) this.#fail(new PsrpTransportError('The PowerShell peer closed the connection'));
      this.#inbound.end();
    } catch (error) {
      const failure =
        error instanceof PsrpTransportError ? error : new PsrpTransportError('The out-of-proc connection broke', {}, { cause: error });
      this.#fail(failure);
      this.#inbound.end(failure);
    }
  }

  #fail(error: PsrpTransportError): void {
    this.#failure ??= error;
    for (const queue of this.#pendingAcks.values()) for (const pending of queue) pending.reject(this.#failure);
    this.#pendingAcks.clear();
  }
}
