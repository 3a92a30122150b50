/**
 * The sans-IO client side of one runspace pool and its pipelines (MS-PSRP 3.1). It never performs I/O, reads a
 * clock or draws randomness: callers feed it received bytes (`receive`), take what it wants sent (`dataToSend`)
 * and read what happened (`nextEvent`). The same machine serves every transport.
 */
import { deserialize, serialize, type PSObject, type PsValue } from '@psrp/clixml';
import { Base64Defragmenter, Destination, decodeMessage, encodeMessage, type PsrpMessage } from '@psrp/fragment';
import { PsrpInvalidStateError, PsrpNegotiationError, PsrpProtocolError } from '../errors.js';
import { parseApplicationPrivateData } from './application-private-data.js';
import { buildCreatePipeline, type PipelineSpec } from './create-pipeline.js';
import { ErrorRecord } from './error-record.js';
import type { InformationalStream, PsrpEvent } from './events.js';
import { InformationRecord } from './information-record.js';
import { InformationalRecord } from './informational-record.js';
import { buildInitRunspacePool } from './init-runspace-pool.js';
import { MessageType, messageTypeName } from './message-type.js';
import { readObject } from './message-fields.js';
import { OutboundQueue, type OutboundPayload, type PayloadStream } from './outbound-queue.js';
import { isTerminalInvocationState, parsePipelineState } from './pipeline-state.js';
import { ProgressRecord } from './progress-record.js';
import { compareVersions } from './protocol-version.js';
import { RunspacePoolState, parseRunspacePoolState, runspacePoolStateName } from './runspace-pool-state.js';
import { buildSessionCapability, parseSessionCapability, type SessionCapability } from './session-capability.js';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

export interface RunspacePoolMachineOptions {
  /** The pool's id (RPID), chosen by the caller. */
  readonly rpid: string;
  readonly protocolVersion: string;
  readonly minRunspaces: number;
  readonly maxRunspaces: number;
  readonly applicationArguments?: PsValue;
  /** The largest payload the transport carries at once, fragment headers included. */
  readonly maxPayloadBytes: number;
  /** The largest message the peer may send (PowerShell's default is 10 MiB). */
  readonly maxObjectBytes?: number;
}

const informationalStreams: Partial<Record<number, InformationalStream>> = {
  [MessageType.DEBUG_RECORD]: 'debug',
  [MessageType.VERBOSE_RECORD]: 'verbose',
  [MessageType.WARNING_RECORD]: 'warning',
};

export class RunspacePoolMachine {
  readonly rpid: string;
  #state: number = RunspacePoolState.BeforeOpen;
  #serverCapability: SessionCapability | null = null;
  readonly #options: RunspacePoolMachineOptions;
  readonly #outbound: OutboundQueue;
  /** One per target: PowerShell numbers fragment objects per pool and per pipeline, so ids repeat across them. */
  readonly #defragmenters = new Map<string, Base64Defragmenter>();
  readonly #events: PsrpEvent[] = [];
  readonly #pipelines = new Set<string>();
  readonly #decoder = new TextDecoder('utf-8', { fatal: false });
  readonly #encoder = new TextEncoder();

  constructor(options: RunspacePoolMachineOptions) {
    this.#options = options;
    this.rpid = options.rpid;
    this.#outbound = new OutboundQueue(options.maxPayloadBytes);
  }

  get state(): number {
    return this.#state;
  }

  /** The server's SESSION_CAPABILITY once negotiation succeeded. */
  get serverCapability(): SessionCapability | null {
    return this.#serverCapability;
  }

  /** Queues SESSION_CAPABILITY and INIT_RUNSPACEPOOL (MS-PSRP 3.1.4.1), which travel together. */
  open(): void {
    this.#expectState('open', RunspacePoolState.BeforeOpen);
    this.#queue(MessageType.SESSION_CAPABILITY, EMPTY_GUID, buildSessionCapability(this.#options.protocolVersion));
    this.#queue(
      MessageType.INIT_RUNSPACEPOOL,
      EMPTY_GUID,
      buildInitRunspacePool({
        minRunspaces: this.#options.minRunspaces,
        maxRunspaces: this.#options.maxRunspaces,
        applicationArguments: this.#options.applicationArguments ?? null,
      }),
    );
    this.#state = RunspacePoolState.NegotiationSent;
  }

  /** Queues CREATE_PIPELINE for a pipeline whose id the caller chose. */
  createPipeline(pid: string, spec: PipelineSpec): void {
    this.#expectState('create a pipeline', RunspacePoolState.Opened);
    if (this.#pipelines.has(pid)) throw new PsrpInvalidStateError(`Pipeline ${pid} already exists`, 'Opened');
    this.#pipelines.add(pid);
    this.#queue(MessageType.CREATE_PIPELINE, pid, buildCreatePipeline(spec), 'default', true);
  }

  /** Queues one PIPELINE_INPUT object. */
  sendInput(pid: string, value: PsValue): void {
    this.#expectPipeline(pid);
    this.#queue(MessageType.PIPELINE_INPUT, pid, value);
  }

  /** Queues END_OF_PIPELINE_INPUT: the pipeline's input is complete. */
  endInput(pid: string): void {
    this.#expectPipeline(pid);
    this.#enqueueBytes(MessageType.END_OF_PIPELINE_INPUT, pid, new Uint8Array(0), 'default', false);
  }

  /** Forgets a pipeline the caller has closed; later messages for it are reported as other-message. */
  releasePipeline(pid: string): void {
    this.#pipelines.delete(pid);
    this.#defragmenters.delete(pid);
  }

  /** Marks the pool closed once the transport has closed it. */
  markClosed(): void {
    this.#state = RunspacePoolState.Closed;
    this.#pipelines.clear();
  }

  /** The next payload to send, or null when nothing is queued. */
  dataToSend(maxBytes?: number): OutboundPayload | null {
    return this.#outbound.take(maxBytes);
  }

  /**
   * Feeds received fragments, as the base64 text the transports carry (any chunking), that came for `target`
   * (null: the pool; else a pipeline id); complete messages become events. One decoder per target keeps its
   * memory for the next message of that stream: each message is read (its body deserialized) while it is
   * lent, so a warm stream allocates no message memory. An error in a message breaks its stream.
   */
  receive(base64: string, target: string | null = null): void {
    this.#defragmenterFor(target).pushBorrowed(base64, (raw) => this.#handle(decodeMessage(raw)));
  }

  #defragmenterFor(target: string | null): Base64Defragmenter {
    const key = target ?? EMPTY_GUID;
    let defragmenter = this.#defragmenters.get(key);
    if (!defragmenter) {
      const limit = this.#options.maxObjectBytes;
      defragmenter = new Base64Defragmenter(limit === undefined ? undefined : { maxObjectBytes: limit });
      this.#defragmenters.set(key, defragmenter);
    }
    return defragmenter;
  }

  nextEvent(): PsrpEvent | null {
    return this.#events.shift() ?? null;
  }

  #queue(messageType: number, pid: string, body: PsValue | PSObject, stream: PayloadStream = 'default', creates = false): void {
    this.#enqueueBytes(messageType, pid, this.#encoder.encode(serialize(body)), stream, creates);
  }

  #enqueueBytes(messageType: number, pid: string, data: Uint8Array, stream: PayloadStream, creates: boolean): void {
    const message = encodeMessage({ destination: Destination.Server, messageType, rpid: this.rpid, pid, data });
    this.#outbound.enqueue(message, pid === EMPTY_GUID ? null : pid, stream, creates);
  }

  #expectState(action: string, state: number): void {
    if (this.#state !== state) {
      const name = runspacePoolStateName(this.#state);
      throw new PsrpInvalidStateError(`Cannot ${action}: the runspace pool is ${name}`, name);
    }
  }

  #expectPipeline(pid: string): void {
    if (!this.#pipelines.has(pid)) throw new PsrpInvalidStateError(`Pipeline ${pid} is not running in this pool`, 'Unknown');
  }

  #body(message: PsrpMessage): PsValue {
    if (message.data.length === 0) return null;
    try {
      return deserialize(this.#decoder.decode(message.data));
    } catch (error) {
      throw new PsrpProtocolError(`Cannot read the body of ${messageTypeName(message.messageType)}`, { cause: error });
    }
  }

  #handle(message: PsrpMessage): void {
    if (message.destination !== Destination.Client) {
      throw new PsrpProtocolError(`Received ${messageTypeName(message.messageType)} addressed to the server`);
    }
    const pid = message.pid === EMPTY_GUID ? null : message.pid;
    const body = this.#body(message);
    switch (message.messageType) {
      case MessageType.SESSION_CAPABILITY:
        return this.#onSessionCapability(body);
      case MessageType.APPLICATION_PRIVATE_DATA:
        return this.#emit({ type: 'application-private-data', data: parseApplicationPrivateData(body) });
      case MessageType.RUNSPACEPOOL_STATE: {
        const { state, reason } = parseRunspacePoolState(body);
        this.#state = state;
        return this.#emit({ type: 'pool-state', state, reason });
      }
      case MessageType.RUNSPACEPOOL_HOST_CALL:
      case MessageType.PIPELINE_HOST_CALL:
        return this.#emit({ type: 'host-call', pid, call: readObject(body, messageTypeName(message.messageType)) });
      default:
        break;
    }
    if (pid === null || !this.#pipelines.has(pid)) {
      return this.#emit({ type: 'other-message', pid, messageType: message.messageType, body });
    }
    this.#handlePipelineMessage(pid, message.messageType, body);
  }

  #handlePipelineMessage(pid: string, messageType: number, body: PsValue): void {
    const stream = informationalStreams[messageType];
    if (stream) {
      return this.#emit({ type: 'informational-record', pid, stream, record: new InformationalRecord(readObject(body, stream)) });
    }
    switch (messageType) {
      case MessageType.PIPELINE_OUTPUT:
        return this.#emit({ type: 'pipeline-output', pid, value: body });
      case MessageType.ERROR_RECORD:
        return this.#emit({ type: 'error-record', pid, record: new ErrorRecord(readObject(body, 'ERROR_RECORD')) });
      case MessageType.PROGRESS_RECORD:
        return this.#emit({ type: 'progress-record', pid, record: new ProgressRecord(readObject(body, 'PROGRESS_RECORD')) });
      case MessageType.INFORMATION_RECORD:
        return this.#emit({
          type: 'information-record',
          pid,
          record: new InformationRecord(readObject(body, 'INFORMATION_RECORD')),
        });
      case MessageType.PIPELINE_STATE: {
        const { state, reason } = parsePipelineState(body);
        if (isTerminalInvocationState(state)) this.#pipelines.delete(pid);
        return this.#emit({ type: 'pipeline-state', pid, state, reason });
      }
      default:
        return this.#emit({ type: 'other-message', pid, messageType, body });
    }
  }

  #onSessionCapability(body: PsValue): void {
    const capability = parseSessionCapability(body);
    if (compareVersions(capability.protocolVersion, '2.0') < 0 || compareVersions(capability.protocolVersion, '3.0') >= 0) {
      this.#state = RunspacePoolState.Broken;
      throw new PsrpNegotiationError(
        `The server speaks protocol ${capability.protocolVersion}; this client speaks 2.x (it asked for ${this.#options.protocolVersion})`,
      );
    }
    this.#serverCapability = capability;
    if (this.#state === RunspacePoolState.NegotiationSent) this.#state = RunspacePoolState.NegotiationSucceeded;
    this.#emit({ type: 'session-capability', capability });
  }

  #emit(event: PsrpEvent): void {
    this.#events.push(event);
  }
}
