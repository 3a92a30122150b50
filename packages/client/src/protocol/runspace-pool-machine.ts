/**
 * The sans-IO client side of one runspace pool and its pipelines (MS-PSRP 3.1). It never performs I/O, reads a
 * clock or draws randomness: callers feed it received text (`receive`), take what it wants sent (`dataToSend`)
 * and read what happened (`nextEvent`). States are typed and every change is checked against the valid
 * transitions. The same machine serves every transport.
 */
import { ClixmlError, ClixmlLimitError, DEFAULT_MAX_ELEMENTS, deserialize, deserializeUtf8, serializeToUtf8, type Utf8DeserializeOptions, type PSObject, type PsValue } from '@psrp/clixml';
import { Destination, encodeMessage, type PsrpMessage } from '@psrp/fragment';
import { PsrpArgumentError, PsrpDecodeError, PsrpError, PsrpInvalidStateError, PsrpLimitError, PsrpNegotiationError, PsrpProtocolError } from '../errors.js';
import { parseApplicationPrivateData } from './application-private-data.js';
import { buildGetCommandMetadata, type CommandMetadataQuery } from './command-metadata.js';
import { buildConnectRunspacePool, parseRunspacePoolInitData, type ConnectRunspacePoolOptions } from './connect-runspace-pool.js';
import { buildCreatePipeline, pipelineHoldsSecureStrings, type PipelineSpec } from './create-pipeline.js';
import { ErrorRecord } from './error-record.js';
import type { InformationalStream, PsrpEvent } from './events.js';
import { InformationRecord } from './information-record.js';
import { InformationalRecord } from './informational-record.js';
import { buildInitRunspacePool } from './init-runspace-pool.js';
import { buildPublicKey, parseEncryptedSessionKey } from './key-exchange.js';
import { MessageType, messageTypeName } from './message-type.js';
import { readObject } from './message-fields.js';
import { asReadError, InboundAssembly, UNLIMITED_OBJECT_BYTES } from './inbound-assembly.js';
import { MessageEncoder } from './message-encoder.js';
import { OutboundQueue, type OutboundPayload, type PayloadStream } from './outbound-queue.js';
import {
  PSInvocationState,
  invocationTransitions,
  isInvocationState,
  isTerminalInvocationState,
  parsePipelineState,
  type PSInvocationStateValue,
} from './pipeline-state.js';
import { buildCallIdOnly, buildSetMaxRunspaces, buildSetMinRunspaces, parseRunspaceAvailability } from './pool-calls.js';
import { ProgressRecord } from './progress-record.js';
import { compareVersions, PROTOCOL_VERSION_2_4 } from './protocol-version.js';
import { keptBody, receivedBody, type ReceivedBody } from './received-body.js';
import {
  RunspacePoolState,
  isRunspacePoolState,
  parseRunspacePoolState,
  runspacePoolStateName,
  runspacePoolTransitions,
  type RunspacePoolStateValue,
} from './runspace-pool-state.js';
import { containsSecureString, decodeSecureStrings, encodeSecureStrings, type ClientValue } from './secure-string.js';
import { decodeSecureStringPlain, encodeSecureStringPlain, SessionKey, type RsaKeyPair } from './session-key.js';
import { buildSessionCapability, parseSessionCapability, type SessionCapability } from './session-capability.js';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

export interface RunspacePoolMachineOptions {
  /** The pool's id (RPID), chosen by the caller. */
  readonly rpid: string;
  /** The protocol version announced; the server's answer decides what is used. */
  readonly protocolVersion: string;
  readonly minRunspaces: number;
  readonly maxRunspaces: number;
  readonly applicationArguments?: PsValue;
  /** HostInfo (MS-PSRP 2.2.3.14) of the pool's host. */
  readonly hostInfo: PSObject;
  /** The largest payload the transport carries at once, fragment headers included. */
  readonly maxPayloadBytes: number;
  /** The largest message the server may send (MaximumReceivedObjectSize); null for no limit. */
  readonly maxReceivedObjectBytes: number | null;
  /** The most one command may send back in total (MaximumReceivedDataSizePerCommand); null for no limit. */
  readonly maxReceivedDataBytesPerCommand: number | null;
  /** The most CLIXML elements one message may hold; null for no limit. Default DEFAULT_MAX_ELEMENTS (2,000,000). */
  readonly maxReceivedElements?: number | null;
}


const informationalStreams: Partial<Record<number, InformationalStream>> = {
  [MessageType.DEBUG_RECORD]: 'debug',
  [MessageType.VERBOSE_RECORD]: 'verbose',
  [MessageType.WARNING_RECORD]: 'warning',
};

interface PipelineRecord {
  state: PSInvocationStateValue;
  receivedBytes: number;
}

/** A message put aside until the session key arrives, so that its `<SS>` values can be read. */
interface HeldMessage {
  readonly messageType: number;
  readonly pid: string | null;
  readonly body: ReceivedBody;
}

/**
 * CLIXML for a message body. A value the user handed over that CLIXML cannot carry (a function, a class instance,
 * a bigint past Int64, nesting past the writer's depth) is the user's argument error, not a bare ClixmlError.
 */
function serializeBody(value: PsValue): Uint8Array {
  try {
    return serializeToUtf8(value);
  } catch (error) {
    if (error instanceof ClixmlError) throw new PsrpArgumentError(`Cannot send this value to PowerShell: ${error.message}`, { cause: error });
    throw error;
  }
}

export class RunspacePoolMachine {
  readonly rpid: string;
  #state: RunspacePoolStateValue = RunspacePoolState.BeforeOpen;
  #serverCapability: SessionCapability | null = null;
  readonly #options: RunspacePoolMachineOptions;
  readonly #outbound: OutboundQueue;
  readonly #inbound: InboundAssembly;
  readonly #events: PsrpEvent[] = [];
  #eventHead = 0;
  readonly #pipelines = new Map<string, PipelineRecord>();
  readonly #messageEncoder = new MessageEncoder();
  #keyPair: RsaKeyPair | null = null;
  #sessionKey: SessionKey | null = null;
  /** Messages waiting for the session key; while any wait, later ones wait behind them to keep their order. */
  #held: HeldMessage[] | null = null;
  #callIds = 0;
  /**
   * CLIXML limits: a message's text is no longer than its bytes (the object limit), and it holds at most
   * maxReceivedElements (default DEFAULT_MAX_ELEMENTS, 2,000,000) elements, so that by default its value keeps at most
   * about 0.6 GB of heap in elements (an empty `<Obj/>`, the worst, keeps 292 bytes; bench/hostile) whatever
   * maxReceivedObjectBytes is. A body's bytes are the reader's to change (overwriteInput): they are lent by the
   * reassembly until the read returns, or a copy the machine holds (keptBody).
   */
  readonly #bodyLimits: Utf8DeserializeOptions;

  constructor(options: RunspacePoolMachineOptions) {
    this.#options = options;
    const objectBytes = options.maxReceivedObjectBytes ?? UNLIMITED_OBJECT_BYTES;
    const elements = options.maxReceivedElements === undefined ? DEFAULT_MAX_ELEMENTS : (options.maxReceivedElements ?? Number.MAX_SAFE_INTEGER);
    this.#bodyLimits = { maxInputLength: objectBytes, maxStringLength: objectBytes, maxElements: elements, overwriteInput: true };
    this.rpid = options.rpid;
    this.#outbound = new OutboundQueue(options.maxPayloadBytes);
    this.#inbound = new InboundAssembly(options.maxReceivedObjectBytes, (message) => this.#handle(message));
  }

  get state(): RunspacePoolStateValue {
    return this.#state;
  }

  /** The server's SESSION_CAPABILITY once negotiation succeeded. */
  get serverCapability(): SessionCapability | null {
    return this.#serverCapability;
  }

  /** True when SecureStrings travel encrypted under a session key (the server answered 2.3 or older). */
  get usesSessionKey(): boolean {
    const version = this.#serverCapability?.protocolVersion ?? this.#options.protocolVersion;
    return compareVersions(version, PROTOCOL_VERSION_2_4) < 0;
  }

  /** Bytes queued and not yet taken by dataToSend. */
  get queuedBytes(): number {
    return this.#outbound.queuedBytes;
  }

  get hasSessionKey(): boolean {
    return this.#sessionKey !== null;
  }

  /** The state of a pipeline this pool created, or null once it is released. */
  pipelineState(pid: string): PSInvocationStateValue | null {
    return this.#pipelines.get(pid)?.state ?? null;
  }

  /** Queues SESSION_CAPABILITY and INIT_RUNSPACEPOOL (MS-PSRP 3.1.4.1), which travel together. */
  open(): void {
    this.#expectPool('open the runspace pool', [RunspacePoolState.BeforeOpen]);
    this.#queue(MessageType.SESSION_CAPABILITY, null, buildSessionCapability(this.#options.protocolVersion));
    this.#queue(
      MessageType.INIT_RUNSPACEPOOL,
      null,
      buildInitRunspacePool({
        minRunspaces: this.#options.minRunspaces,
        maxRunspaces: this.#options.maxRunspaces,
        applicationArguments: this.#options.applicationArguments ?? null,
        hostInfo: this.#options.hostInfo,
      }),
    );
    this.#moveTo(RunspacePoolState.NegotiationSent);
  }

  // --- Disconnected pools (MS-PSRP 3.1.4.10; messages in connect-runspace-pool.ts) ---

  /**
   * Queues SESSION_CAPABILITY and CONNECT_RUNSPACEPOOL to connect to a pool another client created (this machine's
   * rpid is that pool's id); the server answers RUNSPACEPOOL_INIT_DATA, then RUNSPACEPOOL_STATE Opened.
   */
  connect(options: ConnectRunspacePoolOptions = {}): void {
    this.#expectPool('connect to the runspace pool', [RunspacePoolState.BeforeOpen]);
    this.#queue(MessageType.SESSION_CAPABILITY, null, buildSessionCapability(this.#options.protocolVersion));
    this.#queue(MessageType.CONNECT_RUNSPACEPOOL, null, buildConnectRunspacePool(options));
    this.#moveTo(RunspacePoolState.Connecting);
  }

  /** The transport let go of the pool; the server keeps it (and its pipelines) running. */
  markDisconnected(): void {
    this.#moveTo(RunspacePoolState.Disconnected);
  }

  /** The transport took the pool up again (a reconnect by the client that disconnected it). */
  markReconnected(): void {
    this.#moveTo(RunspacePoolState.Connecting);
    this.#moveTo(RunspacePoolState.Opened);
  }

  /** Tracks a pipeline running on the server that this client did not create (after connecting to the pool). */
  adoptPipeline(pid: string): void {
    this.#expectPool('connect to a pipeline', [RunspacePoolState.Opened]);
    if (!this.#pipelines.has(pid)) this.#pipelines.set(pid, { state: PSInvocationState.Running, receivedBytes: 0 });
  }

  /** Messages queued from now on are cut for payloads of this size (the transport's changed after negotiation). */
  setMaxPayloadBytes(maxPayloadBytes: number): void {
    this.#outbound.setMaxPayloadBytes(maxPayloadBytes);
  }

  /** Queues CREATE_PIPELINE for a pipeline whose id the caller chose. */
  createPipeline(pid: string, spec: PipelineSpec): void {
    // Only the parameters' values can hold a SecureString, not the rest of the body.
    this.#startPipeline(pid, 'create a pipeline', MessageType.CREATE_PIPELINE, () => buildCreatePipeline(spec), pipelineHoldsSecureStrings(spec));
  }

  /** Queues GET_COMMAND_METADATA (MS-PSRP 2.2.2.14); the answer arrives as that pipeline's output. */
  getCommandMetadata(pid: string, query: CommandMetadataQuery): void {
    this.#startPipeline(pid, 'get command metadata', MessageType.GET_COMMAND_METADATA, () => buildGetCommandMetadata(query));
  }

  /** Queues PIPELINE_INPUT objects. */
  sendInput(pid: string, values: Iterable<ClientValue>): void {
    this.#expectRunning(pid, 'send input');
    for (const value of values) this.#queue(MessageType.PIPELINE_INPUT, pid, value);
  }

  /** Queues END_OF_PIPELINE_INPUT: the pipeline's input is complete. */
  endInput(pid: string): void {
    this.#expectRunning(pid, 'end the input');
    this.#enqueueBytes(MessageType.END_OF_PIPELINE_INPUT, pid, new Uint8Array(0), 'default', false);
  }

  /** The user asked to stop: the pipeline is Stopping until the server reports its end. */
  markStopping(pid: string): void {
    const pipeline = this.#pipelines.get(pid);
    if (pipeline && invocationTransitions.canMove(pipeline.state, PSInvocationState.Stopping)) pipeline.state = PSInvocationState.Stopping;
  }

  /** Queues a host response (RUNSPACEPOOL_HOST_RESPONSE or PIPELINE_HOST_RESPONSE) on the prompt-response stream. */
  hostResponse(pid: string | null, body: PSObject): void {
    this.#expectPool('answer a host call', [RunspacePoolState.Opened, RunspacePoolState.NegotiationSucceeded, RunspacePoolState.NegotiationSent]);
    if (pid !== null && !this.#pipelines.has(pid)) return;
    const type = pid === null ? MessageType.RUNSPACEPOOL_HOST_RESPONSE : MessageType.PIPELINE_HOST_RESPONSE;
    this.#queue(type, pid, body, 'prompt-response');
  }

  /** Queues SET_MAX_RUNSPACES; returns its call id (the answer is a runspace-availability event). */
  setMaxRunspaces(maxRunspaces: number): number {
    return this.#poolCall('set the maximum runspaces', (id) => [MessageType.SET_MAX_RUNSPACES, buildSetMaxRunspaces(id, maxRunspaces)]);
  }

  setMinRunspaces(minRunspaces: number): number {
    return this.#poolCall('set the minimum runspaces', (id) => [MessageType.SET_MIN_RUNSPACES, buildSetMinRunspaces(id, minRunspaces)]);
  }

  getAvailableRunspaces(): number {
    return this.#poolCall('get the available runspaces', (id) => [MessageType.GET_AVAILABLE_RUNSPACES, buildCallIdOnly(id)]);
  }

  /** RESET_RUNSPACE_STATE (protocol 2.3+): the server resets the runspace's variables and state. */
  resetRunspaceState(): number {
    return this.#poolCall('reset the runspace state', (id) => [MessageType.RESET_RUNSPACE_STATE, buildCallIdOnly(id)]);
  }

  /** Queues PUBLIC_KEY with a key pair the caller generated; ENCRYPTED_SESSION_KEY is decrypted with it. */
  startKeyExchange(keyPair: RsaKeyPair): void {
    this.#keyPair = keyPair;
    this.#queue(MessageType.PUBLIC_KEY, null, buildPublicKey(keyPair.publicKeyBlob));
  }

  /** Forgets a pipeline the caller has closed; later data for it is dropped unread. */
  releasePipeline(pid: string): void {
    this.#pipelines.delete(pid);
    this.#inbound.forget(pid);
  }

  beginClose(): void {
    if (this.#state !== RunspacePoolState.Closed && this.#state !== RunspacePoolState.Broken) this.#moveTo(RunspacePoolState.Closing);
  }

  /** Marks the pool closed once the transport has closed it. */
  markClosed(): void {
    this.#moveTo(RunspacePoolState.Closed);
    this.#pipelines.clear();
    this.#inbound.clear();
  }

  /** The pool cannot be used any more (the connection broke, an unreadable pool message). */
  markBroken(): void {
    if (this.#state !== RunspacePoolState.Closed) this.#moveTo(RunspacePoolState.Broken);
  }

  /** The next payload to send, or null when nothing is queued. */
  dataToSend(maxBytes?: number): OutboundPayload | null {
    return this.#outbound.take(maxBytes);
  }

  /**
   * Feeds received fragments, as the base64 text the transports carry (any chunking), that came for `target`
   * (null: the pool; else a pipeline id); complete messages become events. Data for a pipeline this pool does not
   * run is dropped unread: no state is kept for ids the client did not create. A message that cannot be read
   * fails its pipeline only; for the pool it throws, and the pool is broken.
   */
  receive(base64: string, target: string | null = null): void {
    if (target !== null && target !== EMPTY_GUID) {
      const pipeline = this.#pipelines.get(target);
      if (!pipeline) return;
      pipeline.receivedBytes += (base64.length >>> 2) * 3;
      const limit = this.#options.maxReceivedDataBytesPerCommand;
      if (limit !== null && pipeline.receivedBytes > limit) {
        return this.#failPipeline(
          target,
          new PsrpLimitError(
            `The command sent back more than ${limit} bytes (the pool's maxReceivedDataBytesPerCommand)`,
            'maxReceivedDataBytesPerCommand',
            limit,
          ),
        );
      }
      try {
        this.#inbound.push(target, base64);
      } catch (error) {
        this.#failPipeline(target, asReadError(error));
      }
      return;
    }
    try {
      this.#inbound.push(EMPTY_GUID, base64);
    } catch (error) {
      this.markBroken();
      throw asReadError(error);
    }
  }

  nextEvent(): PsrpEvent | null {
    if (this.#eventHead >= this.#events.length) return null;
    const event = this.#events[this.#eventHead++]!;
    if (this.#eventHead === this.#events.length) {
      this.#events.length = 0;
      this.#eventHead = 0;
    }
    return event;
  }

  #startPipeline(pid: string, action: string, messageType: number, build: () => PsValue, mayHoldSecureStrings = true): void {
    this.#expectPool(action, [RunspacePoolState.Opened]);
    if (this.#pipelines.has(pid)) throw new PsrpInvalidStateError(action, 'Running', ['NotStarted'], `Pipeline ${pid} already exists`);
    const body = build();
    this.#pipelines.set(pid, { state: PSInvocationState.Running, receivedBytes: 0 });
    try {
      this.#queue(messageType, pid, body, 'default', true, mayHoldSecureStrings);
    } catch (error) {
      // Nothing was sent: a value that cannot be written leaves no pipeline behind.
      this.#pipelines.delete(pid);
      throw error;
    }
  }

  #poolCall(action: string, build: (id: number) => [number, PSObject]): number {
    this.#expectPool(action, [RunspacePoolState.Opened]);
    const id = ++this.#callIds;
    const [messageType, body] = build(id);
    this.#queue(messageType, null, body);
    return id;
  }

  #failPipeline(pid: string, error: PsrpError): void {
    this.releasePipeline(pid);
    this.#emit({ type: 'pipeline-failed', pid, error });
  }

  /** `mayHoldSecureStrings` false: the caller knows the body holds none, and it is not walked to find one. */
  #queue(messageType: number, pid: string | null, body: ClientValue | PSObject, stream: PayloadStream = 'default', creates = false, mayHoldSecureStrings = true): void {
    const value = mayHoldSecureStrings && containsSecureString(body) ? encodeSecureStrings(body, (text) => this.#encryptSecure(text)) : (body as PsValue);
    const message = this.#messageEncoder.encode({ destination: Destination.Server, messageType, rpid: this.rpid, pid: pid ?? EMPTY_GUID }, serializeBody(value));
    // The queue copies the message into its fragments before the encoder's buffer is used again.
    this.#outbound.enqueue(message, pid, stream, creates);
  }

  #encryptSecure(text: string): string {
    if (!this.usesSessionKey) return encodeSecureStringPlain(text);
    if (!this.#sessionKey) {
      throw new PsrpInvalidStateError('send a SecureString', 'without a session key', ['after the key exchange'], 'The server speaks protocol 2.3 or older');
    }
    return this.#sessionKey.encrypt(text);
  }

  #decryptSecure(wire: string): string {
    if (!this.usesSessionKey) return decodeSecureStringPlain(wire);
    if (!this.#sessionKey) throw new PsrpProtocolError('A SecureString arrived before the session key');
    return this.#sessionKey.decrypt(wire);
  }

  #enqueueBytes(messageType: number, pid: string | null, data: Uint8Array, stream: PayloadStream, creates: boolean): void {
    const message = encodeMessage({ destination: Destination.Server, messageType, rpid: this.rpid, pid: pid ?? EMPTY_GUID, data });
    this.#outbound.enqueue(message, pid, stream, creates);
  }

  #moveTo(state: RunspacePoolStateValue): void {
    if (!runspacePoolTransitions.canMove(this.#state, state)) {
      throw new PsrpInvalidStateError(`move to ${runspacePoolStateName(state)}`, runspacePoolStateName(this.#state), []);
    }
    this.#state = state;
  }

  #expectPool(action: string, allowed: readonly RunspacePoolStateValue[]): void {
    runspacePoolTransitions.expect(action, this.#state, allowed);
  }

  #expectRunning(pid: string, action: string): void {
    const pipeline = this.#pipelines.get(pid);
    if (!pipeline) throw new PsrpInvalidStateError(action, 'released', ['Running'], `Pipeline ${pid} is not running in this pool`);
    invocationTransitions.expect(action, pipeline.state, [PSInvocationState.Running]);
  }

  #handle(message: PsrpMessage): void {
    if (message.destination !== Destination.Client) {
      throw new PsrpProtocolError(`Received ${messageTypeName(message.messageType)} addressed to the server`);
    }
    const pid = message.pid === EMPTY_GUID ? null : message.pid;
    const body = receivedBody(message.data);
    if (this.#held && message.messageType !== MessageType.ENCRYPTED_SESSION_KEY) {
      this.#held.push({ messageType: message.messageType, pid, body: keptBody(body) });
      return;
    }
    if (body.holdsSecureStrings && this.usesSessionKey && !this.#sessionKey) {
      this.#held = [{ messageType: message.messageType, pid, body: keptBody(body) }];
      this.#emit({ type: 'session-key-needed' });
      return;
    }
    this.#handleBody(message.messageType, pid, body);
  }

  #handleBody(messageType: number, pid: string | null, received: ReceivedBody): void {
    const value = this.#read(messageType, received);
    // Pool messages are read as plain CLIXML shapes; a SecureString where one belongs fails their readers.
    const body = value as PsValue;
    switch (messageType) {
      case MessageType.SESSION_CAPABILITY:
        return this.#onSessionCapability(body);
      case MessageType.APPLICATION_PRIVATE_DATA:
        return this.#emit({ type: 'application-private-data', data: parseApplicationPrivateData(body) });
      case MessageType.RUNSPACEPOOL_STATE:
        return this.#onPoolState(body);
      case MessageType.RUNSPACE_AVAILABILITY:
        return this.#emit({ type: 'runspace-availability', ...parseRunspaceAvailability(body) });
      case MessageType.USER_EVENT:
        return this.#emit({ type: 'user-event', data: body });
      case MessageType.PUBLIC_KEY_REQUEST:
        return this.#emit({ type: 'session-key-needed' });
      case MessageType.ENCRYPTED_SESSION_KEY:
        return this.#onEncryptedSessionKey(body);
      case MessageType.RUNSPACEPOOL_HOST_CALL:
        return this.#emit({ type: 'host-call', pid: null, call: readObject(body, 'RUNSPACEPOOL_HOST_CALL') });
      case MessageType.RUNSPACEPOOL_INIT_DATA:
        return this.#emit({ type: 'pool-init-data', ...parseRunspacePoolInitData(body) });
      default:
        break;
    }
    if (pid === null) throw new PsrpProtocolError(`The server sent ${messageTypeName(messageType)} for the pool, which this client does not handle`);
    if (this.#pipelines.has(pid)) this.#handlePipelineMessage(pid, messageType, value);
  }

  #read(messageType: number, received: ReceivedBody): ClientValue {
    if (received.isEmpty) return null;
    const { content } = received;
    let body: PsValue;
    try {
      body = typeof content === 'string' ? deserialize(content, this.#bodyLimits) : deserializeUtf8(content, this.#bodyLimits);
    } catch (error) {
      if (error instanceof ClixmlLimitError && error.limit === 'maxElements') {
        throw new PsrpLimitError(
          `The server sent ${messageTypeName(messageType)} with more than the pool's maxReceivedElements (${error.max}) CLIXML elements`,
          'maxReceivedElements',
          error.max,
          { cause: error },
        );
      }
      throw new PsrpDecodeError(`Cannot read the body of ${messageTypeName(messageType)}: ${(error as Error).message}`, { cause: error });
    }
    return received.holdsSecureStrings ? decodeSecureStrings(body, (wire) => this.#decryptSecure(wire)) : body;
  }

  #handlePipelineMessage(pid: string, messageType: number, value: ClientValue): void {
    // Only output may hold SecureStrings the user reads; records are read as plain CLIXML shapes.
    const body = value as PsValue;
    const stream = informationalStreams[messageType];
    if (stream) {
      return this.#emit({ type: 'informational-record', pid, stream, record: new InformationalRecord(readObject(body, stream)) });
    }
    switch (messageType) {
      case MessageType.PIPELINE_OUTPUT:
        return this.#emit({ type: 'pipeline-output', pid, value });
      case MessageType.ERROR_RECORD:
        return this.#emit({ type: 'error-record', pid, record: new ErrorRecord(readObject(body, 'ERROR_RECORD')) });
      case MessageType.PROGRESS_RECORD:
        return this.#emit({ type: 'progress-record', pid, record: new ProgressRecord(readObject(body, 'PROGRESS_RECORD')) });
      case MessageType.INFORMATION_RECORD:
        return this.#emit({ type: 'information-record', pid, record: new InformationRecord(readObject(body, 'INFORMATION_RECORD')) });
      case MessageType.PIPELINE_HOST_CALL:
        return this.#emit({ type: 'host-call', pid, call: readObject(body, 'PIPELINE_HOST_CALL') });
      case MessageType.PIPELINE_STATE:
        return this.#onPipelineState(pid, body);
      default:
        return this.#failPipeline(
          pid,
          new PsrpProtocolError(`The server sent ${messageTypeName(messageType)} for a pipeline, which this client does not handle`),
        );
    }
  }

  #onPipelineState(pid: string, body: PsValue): void {
    const { state, reason } = parsePipelineState(body);
    if (!isInvocationState(state)) throw new PsrpProtocolError(`PIPELINE_STATE carries an unknown state ${state}`);
    const pipeline = this.#pipelines.get(pid)!;
    invocationTransitions.checkReported('the pipeline', pipeline.state, state);
    pipeline.state = state;
    if (isTerminalInvocationState(state)) this.releasePipeline(pid);
    this.#emit({ type: 'pipeline-state', pid, state, reason });
  }

  #onPoolState(body: PsValue): void {
    const { state, reason } = parseRunspacePoolState(body);
    if (!isRunspacePoolState(state)) throw new PsrpProtocolError(`RUNSPACEPOOL_STATE carries an unknown state ${state}`);
    // Closing is the client's own step; the server answers it with Closed.
    if (!(this.#state === RunspacePoolState.Closing && state === RunspacePoolState.Closed)) {
      runspacePoolTransitions.checkReported('the runspace pool', this.#state, state);
    }
    this.#state = state;
    this.#emit({ type: 'pool-state', state, reason });
  }

  #onEncryptedSessionKey(body: PsValue): void {
    if (!this.#keyPair) throw new PsrpProtocolError('ENCRYPTED_SESSION_KEY arrived, but this client sent no PUBLIC_KEY');
    this.#sessionKey = new SessionKey(this.#keyPair.decryptSessionKey(parseEncryptedSessionKey(body)));
    this.#emit({ type: 'session-key-ready' });
    const held = this.#held;
    this.#held = null;
    for (const message of held ?? []) {
      if (message.pid !== null && !this.#pipelines.has(message.pid)) continue;
      try {
        this.#handleBody(message.messageType, message.pid, message.body);
      } catch (error) {
        if (message.pid === null) throw error;
        this.#failPipeline(message.pid, asReadError(error));
      }
    }
  }

  #onSessionCapability(body: PsValue): void {
    const capability = parseSessionCapability(body);
    if (compareVersions(capability.protocolVersion, '2.0') < 0 || compareVersions(capability.protocolVersion, '3.0') >= 0) {
      this.markBroken();
      throw new PsrpNegotiationError(
        `The server speaks protocol ${capability.protocolVersion}; this client speaks 2.x (it asked for ${this.#options.protocolVersion})`,
      );
    }
    this.#serverCapability = capability;
    if (this.#state === RunspacePoolState.NegotiationSent) this.#moveTo(RunspacePoolState.NegotiationSucceeded);
    this.#emit({ type: 'session-capability', capability });
  }

  #emit(event: PsrpEvent): void {
    this.#events.push(event);
  }
}
