/**
 * PoolSession: the one async pump between the sans-IO machine and a transport. It owns the read loop, flushes what
 * the machine queues, routes events to pipelines, answers host calls through the user's PSHost, runs the
 * session-key exchange, bounds every wait, and fans a failure out to everything waiting on the pool.
 *
 * Backpressure: a pipeline whose reader is more than `maxBufferedBytesPerCommand` behind (reader-budget.ts) is held
 * until its reader has taken what was delivered. A transport that can pause one pipeline (WSMan) stops receiving for
 * it alone; over a stream (stdio, SSH, a pipe) the read loop waits, so the transport stops reading and the peer
 * blocks on its write, and every pipeline of the pool waits with it: they share the stream.
 */
import type { PsValue } from '@psrp/clixml';
import { createDefaultHost } from '../api/default-host.js';
import { invokeHostMethod } from '../api/host-dispatch.js';
import type { PSHost } from '../api/ps-host.js';
import {
  PipelineStoppedError,
  PsrpConnectionClosedError,
  PsrpError,
  PsrpInvalidStateError,
  PsrpProtocolError,
  PsrpTransportError,
  RunspacePoolBrokenError,
} from '../errors.js';
import type { CommandMetadataQuery } from '../protocol/command-metadata.js';
import type { ConnectRunspacePoolOptions, RunspacePoolInitData } from '../protocol/connect-runspace-pool.js';
import type { ErrorRecord } from '../protocol/error-record.js';
import { pipelineHoldsSecureStrings, type PipelineSpec } from '../protocol/create-pipeline.js';
import type { OutboundPayload } from '../protocol/outbound-queue.js';
import type { PsrpEvent } from '../protocol/events.js';
import { buildHostResponse, parseHostCall, type HostCall } from '../protocol/host-call.js';
import { isTerminalInvocationState, PSInvocationState, type PSInvocationStateValue } from '../protocol/pipeline-state.js';
import { RunspacePoolState, runspacePoolStateName, type RunspacePoolStateValue } from '../protocol/runspace-pool-state.js';
import type { RunspacePoolMachine } from '../protocol/runspace-pool-machine.js';
import { containsSecureString, type ClientValue } from '../protocol/secure-string.js';
import { hasPipelineFlowControl, type PsrpTransport } from '../transport/transport.js';
import { isDisconnectable, isNegotiationAware, type DisconnectOptions, type ReconnectOptions } from '../transport/disconnectable.js';
import { asPsrpError } from './as-psrp-error.js';
import { withDeadline, deadlineSignal } from './deadline.js';
import type { PipelineObserver } from './pipeline-observer.js';
import { PipelineIds } from './pipeline-ids.js';
import { ReaderBudget } from './reader-budget.js';
import { SessionKeyExchange } from './session-key-exchange.js';

export interface PoolSessionOptions {
  /** The pool's host; null answers host calls as a non-interactive host would. */
  readonly host: PSHost | null;
  readonly newGuid: () => string;
  /** PowerShell's OpenTimeout (default 3 minutes); null waits as long as the signal allows. */
  readonly openTimeoutMs: number | null;
  /** PowerShell's CancelTimeout, for stopping a pipeline and closing the pool (default 60 s). */
  readonly cancelTimeoutMs: number | null;
  /** How far (bytes received) a pipeline's reader may fall behind before the pipeline is held; null: never held. */
  readonly maxBufferedBytesPerCommand: number | null;
}

/** Input is queued ahead of the transport by at most this much, so a large input never sits in memory whole. */
const INPUT_QUEUE_BYTES = 256 * 1024;

interface RunningPipeline {
  readonly observer: PipelineObserver;
  readonly budget: ReaderBudget;
  /** Resolves once the pipeline ended (any way) and was closed on the peer. */
  readonly released: Promise<void>;
  releaseNow(): void;
  ended: boolean;
  /** The stop signal sent for it, once one was: stop(), close() and a failed pipeline share it (one <Signal>). */
  stopping: Promise<void> | null;
}

interface PendingCall {
  resolve(response: boolean | number): void;
  reject(error: unknown): void;
}

export class PoolSession {
  readonly #transport: PsrpTransport;
  readonly #machine: RunspacePoolMachine;
  readonly #options: PoolSessionOptions;
  readonly #pipelines = new Map<string, RunningPipeline>();
  readonly #calls = new Map<number, PendingCall>();
  readonly #pipelineIds: PipelineIds;
  #applicationPrivateData: PsValue = null;
  #sending: Promise<void> = Promise.resolve();
  #reading: Promise<void> | null = null;
  #opened: { resolve(): void; reject(error: unknown): void } | null = null;
  readonly #sessionKey: SessionKeyExchange;
  #failure: PsrpError | null = null;
  #closing: Promise<void> | null = null;
  #defaultHost: PSHost | null = null;
  #flushPending = false;

  constructor(transport: PsrpTransport, machine: RunspacePoolMachine, options: PoolSessionOptions) {
    this.#transport = transport;
    this.#machine = machine;
    this.#options = options;
    this.#pipelineIds = new PipelineIds(transport, options.newGuid);
    this.#sessionKey = new SessionKeyExchange(machine, () => this.#flush(), options.openTimeoutMs);
  }

  get state(): RunspacePoolStateValue {
    return this.#machine.state;
  }

  get failure(): PsrpError | null {
    return this.#failure;
  }

  get applicationPrivateData(): PsValue {
    return this.#applicationPrivateData;
  }

  /**
   * Negotiates and opens the pool, or with `connect` connects to a disconnected pool whose id the machine carries;
   * on any failure the connection is closed (bounded) before this rejects.
   */
  async open(signal?: AbortSignal, connect?: ConnectRunspacePoolOptions): Promise<void> {
    try {
      signal?.throwIfAborted();
      if (connect) this.#machine.connect(connect);
      else this.#machine.open();
      const first = this.#machine.dataToSend();
      if (!first) throw new PsrpProtocolError('The protocol core queued nothing to open the pool');
      const opened = new Promise<void>((resolve, reject) => {
        this.#opened = { resolve, reject };
      });
      opened.catch(() => undefined);
      const connectAndWait = (async () => {
        await this.#transport.connect(first, signal);
        this.#reading = this.#readLoop();
        await this.#flush();
        await opened;
      })();
      await withDeadline(connectAndWait, 'Opening the runspace pool', this.#options.openTimeoutMs, signal);
      this.#pipelineIds.createAhead();
    } catch (error) {
      const failure = asPsrpError(error);
      this.#fail(failure);
      await this.#dropConnection();
      throw failure;
    }
  }

  /**
   * Starts a pipeline (or a command metadata query) and returns its id; rejects when the pool cannot run it. A
   * pipeline that takes input (`noInput` false) goes out with its input: call sendInput next.
   */
  async startPipeline(spec: PipelineSpec | { readonly metadata: CommandMetadataQuery }, observer: PipelineObserver): Promise<string> {
    this.#throwIfUnusable('start a pipeline');
    if ('statements' in spec && pipelineHoldsSecureStrings(spec)) await this.#sessionKey.ensure();
    const pid = this.#pipelineIds.take();
    try {
      if ('metadata' in spec) this.#machine.getCommandMetadata(pid, spec.metadata);
      else this.#machine.createPipeline(pid, spec);
    } catch (error) {
      if (this.#transport.preparePipeline) void this.#transport.closePipeline(pid, deadlineSignal(this.#options.cancelTimeoutMs)).catch(() => undefined);
      throw error;
    }
    this.#register(pid, observer);
    // Fix (test review): a pipeline that takes input is created by sendInput's flush, in one batch with its first
    // input. WSMan starts a command's Receive after the batch that created it; flushed alone, the Receive went out
    // before the input's Send, unlike WinRM's own clients (the recorded servers answered Command, Send, Receive).
    if ('metadata' in spec || spec.noInput) void this.#flush().catch(() => undefined);
    return pid;
  }

  /** Adds a pipeline to the registry; once it ended, it is closed on the peer and forgotten. */
  #register(pid: string, observer: PipelineObserver): void {
    let releaseNow!: () => void;
    const ended = new Promise<void>((resolve) => (releaseNow = resolve));
    this.#pipelines.set(pid, {
      observer,
      budget: new ReaderBudget(observer, this.#options.maxBufferedBytesPerCommand),
      ended: false,
      stopping: null,
      releaseNow,
      // pwsh's pool close waits for every command to be closed.
      released: ended.then(() => this.#closeOnPeer(pid)),
    });
  }

  /** Sends input objects as they come (an async iterable is read while output arrives), then the end of input. */
  async sendInput(pid: string, input: Iterable<ClientValue> | AsyncIterable<ClientValue>): Promise<void> {
    // The pipeline's creation is still queued (see startPipeline): a sync source is queued whole (up to
    // INPUT_QUEUE_BYTES) and goes out with it; an async source may keep us waiting, so the pipeline is created now.
    try {
      const isAsync = Symbol.asyncIterator in input;
      if (isAsync) await this.#flush();
      let keyChecked = false;
      for await (const value of input as AsyncIterable<ClientValue>) {
        if (!this.#isRunning(pid)) return;
        if (!keyChecked && containsSecureString(value)) {
          await this.#sessionKey.ensure();
          keyChecked = true;
        }
        this.#machine.sendInput(pid, [value]);
        if (this.#machine.queuedBytes >= INPUT_QUEUE_BYTES) await this.#flush();
        // A sync source is queued whole and goes out in one batch with its end (as WinRM's clients send it); an
        // async one may be slow, so what it gave is sent as soon as the transport is free.
        else if (isAsync) this.#flushSoon();
      }
      if (!this.#isRunning(pid)) return;
      this.#machine.endInput(pid);
    } finally {
      // Whatever ended the input, what is queued (the creation first) goes out.
      await this.#flush();
    }
  }

  /**
   * Stops a running pipeline and resolves once it ended and was closed on the peer (bounded by cancelTimeoutMs):
   * the server reported its end, or acknowledged the stop signal.
   */
  async stop(pid: string, signal?: AbortSignal): Promise<void> {
    const pipeline = this.#pipelines.get(pid);
    if (!pipeline || pipeline.ended) return;
    this.#machine.markStopping(pid);
    const stopped = (async () => {
      await this.#signalStop(pid, pipeline, signal);
      // Fix (test review): the acknowledged signal is the pipeline's end, as PowerShell's client takes it
      // (ClientPowerShellDataStructureHandler.OnSignalCompleted raises Stopped: "a bad server may not send
      // appropriate state info"); pwsh closes the command on <Signal>. Waiting for a PIPELINE_STATE alone held
      // stop() (and a `break` out of stream()) until cancelTimeoutMs, and the pipeline was never closed.
      this.#endPipeline(pid, { state: PSInvocationState.Stopped, reason: null });
      await pipeline.released.catch(() => undefined);
    })();
    await withDeadline(stopped, 'Stopping the pipeline', this.#options.cancelTimeoutMs, signal);
  }

  /** Sends the stop signal for a pipeline once; later callers wait for the same one. */
  #signalStop(pid: string, pipeline: RunningPipeline, signal?: AbortSignal): Promise<void> {
    // Over a stream the acknowledgement comes behind the output a hold leaves unread: a stopping pipeline is not held.
    pipeline.budget.exempt();
    pipeline.stopping ??= this.#transport.stopPipeline(pid, deadlineSignal(this.#options.cancelTimeoutMs, signal));
    return pipeline.stopping;
  }

  /** A numbered pool call (SET_MAX/MIN_RUNSPACES, GET_AVAILABLE_RUNSPACES, RESET_RUNSPACE_STATE) and its answer. */
  async poolCall(send: (machine: RunspacePoolMachine) => number, what: string, signal?: AbortSignal): Promise<boolean | number> {
    this.#throwIfUnusable(what);
    const id = send(this.#machine);
    const answer = new Promise<boolean | number>((resolve, reject) => this.#calls.set(id, { resolve, reject }));
    answer.catch(() => undefined);
    try {
      // The send is inside the deadline too. Awaited before it, a peer that never acknowledged the
      // call's <Data> held the call forever, whatever the signal or openTimeoutMs.
      return await withDeadline(
        this.#flush().then(() => answer),
        what,
        this.#options.openTimeoutMs,
        signal,
      );
    } finally {
      this.#calls.delete(id);
    }
  }

  /** Closes every pipeline still running, then the pool and its connection; bounded by cancelTimeoutMs. */
  close(signal?: AbortSignal): Promise<void> {
    this.#closing ??= this.#close(signal);
    return this.#closing;
  }

  async #close(signal?: AbortSignal): Promise<void> {
    const state = this.#machine.state;
    if (state === RunspacePoolState.Closed) return;
    if (state === RunspacePoolState.Disconnected && !this.#failure) return this.#closeDisconnected(signal);
    if (state === RunspacePoolState.BeforeOpen || this.#failure) {
      await this.#dropConnection();
      if (this.#machine.state !== RunspacePoolState.Broken) this.#machine.markClosed();
      return;
    }
    this.#machine.beginClose();
    const timeout = this.#options.cancelTimeoutMs;
    const closing = (async () => {
      const running = [...this.#pipelines.entries()];
      for (const [pid, pipeline] of running) {
        if (pipeline.ended) continue;
        // Nothing more arrives for a pipeline released while running: end its reader rather than leave it waiting.
        this.#endPipeline(pid, { error: new PipelineStoppedError('The runspace pool was closed while the pipeline was running') });
        // A stop already under way (an aborted stream) is not signalled twice.
        await this.#signalStop(pid, pipeline, signal).catch(() => undefined);
      }
      await Promise.allSettled(running.map(([, pipeline]) => pipeline.released));
      // Closed and acknowledged before the pool's <Close>, as every other pipeline: pwsh's pool close blocks one of its
      // worker threads until every command is closed, and the command's close then waits for another.
      await this.#pipelineIds.releaseAhead(deadlineSignal(timeout, signal)).catch(() => undefined);
      await this.#sending;
      await this.#transport.close(deadlineSignal(timeout, signal));
    })();
    try {
      await withDeadline(closing, 'Closing the runspace pool', timeout, signal);
    } catch (error) {
      await this.#dropConnection();
      if (!(error instanceof PsrpTransportError)) throw error;
    } finally {
      if (this.#machine.state !== RunspacePoolState.Broken) this.#machine.markClosed();
      this.#failWaiters(new PsrpInvalidStateError('wait for the runspace pool', 'Closed', ['Opened']));
      await this.#reading?.catch(() => undefined);
    }
  }

  /** Ends the connection without the close handshake, within the transport's own bound. */
  async #dropConnection(): Promise<void> {
    await this.#transport.close(AbortSignal.abort()).catch(() => undefined);
    await this.#reading?.catch(() => undefined);
  }

  #isRunning(pid: string): boolean {
    const pipeline = this.#pipelines.get(pid);
    return pipeline !== undefined && !pipeline.ended && this.#failure === null;
  }

  #throwIfUnusable(action: string): void {
    if (this.#failure) throw this.#failure;
    const state = this.#machine.state;
    if (state !== RunspacePoolState.Opened) throw new PsrpInvalidStateError(action, runspacePoolStateName(state), ['Opened']);
  }

  /**
   * A flush once what is being sent now has gone: a slow input source's values go out without waiting for more,
   * and a fast one's gather into full payloads meanwhile (one pending flush at a time).
   */
  #flushSoon(): void {
    if (this.#flushPending) return;
    this.#flushPending = true;
    void this.#sending.then(() => {
      this.#flushPending = false;
      return this.#flush().catch(() => undefined);
    });
  }

  /** Sends everything the machine has queued, in order, after what is already being sent. */
  #flush(): Promise<void> {
    const batch: OutboundPayload[] = [];
    for (let payload = this.#machine.dataToSend(); payload; payload = this.#machine.dataToSend()) batch.push(payload);
    if (batch.length === 0) return this.#sending;
    const send = this.#sending.then(() => this.#transport.send(batch));
    this.#sending = send.catch((error: unknown) => this.#fail(asPsrpError(error)));
    return send;
  }

  /**
   * Bytes received and not yet taken by the pipelines' readers (each counted since its reader last took everything),
   * plus what waits in the transport: within maxBufferedBytesPerCommand per pipeline, one transport read, and the
   * transport's own read-ahead.
   */
  get bufferedBytes(): number {
    let bytes = this.#transport.bufferedInboundBytes ?? 0;
    for (const pipeline of this.#pipelines.values()) bytes += pipeline.budget.unreadBytes;
    return bytes;
  }

  async #readLoop(): Promise<void> {
    try {
      for await (const inbound of this.#transport.receive()) {
        const pid = inbound.pipelineId;
        const budget = pid === null ? undefined : this.#pipelines.get(pid)?.budget;
        budget?.arriving((inbound.base64.length >>> 2) * 3);
        this.#machine.receive(inbound.base64, pid);
        for (let event = this.#machine.nextEvent(); event; event = this.#machine.nextEvent()) this.#dispatch(event);
        const hold = budget?.holdIfOver();
        if (hold) await this.#holdBack(pid!, hold);
      }
      if (!this.#closing && !this.#failure) this.#fail(new PsrpConnectionClosedError('The connection ended while the runspace pool was open'));
    } catch (error) {
      this.#fail(asPsrpError(error));
    }
  }

  /** Receives nothing more for the pipeline until `hold` ends: WSMan pauses its command; a stream is not read meanwhile. */
  async #holdBack(pid: string, hold: Promise<void>): Promise<void> {
    const transport = this.#transport;
    if (!hasPipelineFlowControl(transport)) return hold;
    transport.pauseReceiving(pid);
    void hold.then(() => transport.resumeReceiving(pid));
  }

  #dispatch(event: PsrpEvent): void {
    switch (event.type) {
      case 'session-capability':
        // The payload size may depend on the version the server answered (WSMan: 150 or 500 KB envelopes).
        if (isNegotiationAware(this.#transport)) {
          this.#transport.negotiated(event.capability.protocolVersion);
          this.#machine.setMaxPayloadBytes(this.#transport.maxPayloadBytes);
        }
        return;
      case 'pool-init-data':
        this.#initData = { minRunspaces: event.minRunspaces, maxRunspaces: event.maxRunspaces };
        return;
      case 'user-event':
        return;
      case 'application-private-data':
        this.#applicationPrivateData = event.data;
        return;
      case 'pool-state':
        return this.#onPoolState(event.state, event.reason);
      case 'runspace-availability':
        this.#calls.get(event.callId)?.resolve(event.response);
        return;
      case 'host-call':
        return this.#onHostCall(event.pid, event.call);
      case 'session-key-needed':
        void this.#sessionKey.ensure(true).catch((error: unknown) => this.#fail(asPsrpError(error)));
        return;
      case 'session-key-ready':
        this.#sessionKey.keyReceived();
        return;
      case 'pipeline-output':
      case 'error-record':
      case 'informational-record':
      case 'progress-record':
      case 'information-record':
        this.#pipelines.get(event.pid)?.observer.record(event);
        return;
      case 'pipeline-state':
        if (isTerminalInvocationState(event.state)) {
          this.#endPipeline(event.pid, { state: event.state as PSInvocationStateValue, reason: event.reason });
        }
        return;
      case 'pipeline-failed': {
        const pipeline = this.#pipelines.get(event.pid);
        this.#endPipeline(event.pid, { error: event.error });
        // The server may still be running it: stop it, so that it can be closed (one signal per pipeline).
        const stopping = pipeline
          ? this.#signalStop(event.pid, pipeline)
          : this.#transport.stopPipeline(event.pid, deadlineSignal(this.#options.cancelTimeoutMs));
        void stopping.catch(() => undefined);
        return;
      }
      default:
        return assertNever(event);
    }
  }

  #endPipeline(pid: string, end: Parameters<PipelineObserver['end']>[0]): void {
    const pipeline = this.#pipelines.get(pid);
    if (!pipeline || pipeline.ended) return;
    pipeline.ended = true;
    pipeline.budget.exempt();
    pipeline.observer.end(end);
    pipeline.releaseNow();
  }

  async #closeOnPeer(pid: string): Promise<void> {
    try {
      if (this.#failure) return;
      const closed = this.#transport.closePipeline(pid, deadlineSignal(this.#options.cancelTimeoutMs));
      // Out now, beside the <Close> above: the next call's pipeline is on the peer before the caller asks for it.
      if (this.#machine.state === RunspacePoolState.Opened) this.#pipelineIds.createAhead();
      await closed;
    } catch {
      // The pipeline has ended for its reader; a peer that cannot close it is reported by the pool's own failure.
    } finally {
      this.#pipelines.delete(pid);
      this.#machine.releasePipeline(pid);
    }
  }

  #onPoolState(state: number, reason: ErrorRecord | null): void {
    if (state === RunspacePoolState.Opened) {
      this.#opened?.resolve();
      this.#opened = null;
    } else if (state === RunspacePoolState.Broken || (state === RunspacePoolState.Closed && !this.#closing)) {
      this.#fail(
        new RunspacePoolBrokenError(`The runspace pool is ${runspacePoolStateName(state)}${reason ? `: ${reason.message}` : ''}`, reason),
      );
    }
  }

  #onHostCall(pid: string | null, body: Parameters<typeof parseHostCall>[0]): void {
    let call: HostCall;
    try {
      call = parseHostCall(body, pid);
    } catch (error) {
      if (pid === null) throw error;
      return this.#dispatch({ type: 'pipeline-failed', pid, error: asPsrpError(error) });
    }
    const host = (pid === null ? null : this.#pipelines.get(pid)?.observer.host) ?? this.#options.host ?? (this.#defaultHost ??= createDefaultHost());
    void invokeHostMethod(host, call)
      .then(async (result) => {
        if (result !== null && 'value' in result && containsSecureString(result.value)) await this.#sessionKey.ensure();
        if (result === null || this.#failure || this.#machine.state !== RunspacePoolState.Opened) return;
        if (pid !== null && !this.#isRunning(pid)) return;
        this.#machine.hostResponse(pid, buildHostResponse(call, result));
        return this.#flush();
      })
      .catch((error: unknown) => this.#fail(asPsrpError(error)));
  }

  #fail(error: PsrpError): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#machine.markBroken();
    this.#opened?.reject(error);
    this.#opened = null;
    this.#failWaiters(error);
    for (const pid of [...this.#pipelines.keys()]) this.#endPipeline(pid, { error });
  }

  #failWaiters(error: unknown): void {
    this.#sessionKey.fail(error);
    for (const call of this.#calls.values()) call.reject(error);
    this.#calls.clear();
  }

  // --- Disconnected pools (MS-PSRP 3.1.4.10): a transport that can leave the pool running on the server ---

  #initData: RunspacePoolInitData | null = null;

  /** The pool size the server reported when this client connected to an existing pool (RUNSPACEPOOL_INIT_DATA). */
  get initData(): RunspacePoolInitData | null {
    return this.#initData;
  }

  /**
   * Lets go of the pool, which keeps running on the server with its pipelines; their readers wait (bounded only by
   * their own signals) until `reconnect`, or end when the pool is closed.
   */
  async disconnect(options: DisconnectOptions = {}): Promise<void> {
    this.#throwIfUnusable('disconnect the runspace pool');
    const transport = this.#transport;
    if (!isDisconnectable(transport)) {
      throw new PsrpInvalidStateError('disconnect the runspace pool', 'connected over a transport without disconnected sessions', [], 'Use WSMan');
    }
    // What is being sent goes first, inside the deadline (a peer that never acknowledged it held disconnect).
    await withDeadline(
      this.#sending.then(() => transport.disconnect(options)),
      'Disconnecting the runspace pool',
      this.#options.openTimeoutMs,
      options.signal,
    );
    // The pool may have failed while the transport disconnected: that failure is the answer, not a state error.
    if (this.#failure) throw this.#failure;
    this.#machine.markDisconnected();
  }

  /** Takes up again a pool this client disconnected; pipelines that were running go on delivering what they produced. */
  async reconnect(options: ReconnectOptions = {}): Promise<void> {
    if (this.#failure) throw this.#failure;
    const state = this.#machine.state;
    if (state !== RunspacePoolState.Disconnected) throw new PsrpInvalidStateError('reconnect the runspace pool', runspacePoolStateName(state), ['Disconnected']);
    const transport = this.#transport;
    if (!isDisconnectable(transport)) throw new PsrpInvalidStateError('reconnect the runspace pool', 'connected over a transport without disconnected sessions', []);
    await withDeadline(transport.reconnect(options), 'Reconnecting the runspace pool', this.#options.openTimeoutMs, options.signal);
    this.#machine.markReconnected();
  }

  /**
   * Attaches to a pipeline running in this pool that another client started (after `open(…, connect)`): its output,
   * from what the server buffered while no client was connected, goes to `observer`.
   */
  async connectPipeline(pid: string, observer: PipelineObserver, signal?: AbortSignal): Promise<void> {
    this.#throwIfUnusable('connect to a pipeline');
    const transport = this.#transport;
    if (!isDisconnectable(transport)) throw new PsrpInvalidStateError('connect to a pipeline', 'connected over a transport without disconnected sessions', []);
    this.#machine.adoptPipeline(pid);
    this.#register(pid, observer);
    try {
      await withDeadline(transport.connectPipeline(pid, signal), 'Connecting to the pipeline', this.#options.openTimeoutMs, signal);
    } catch (error) {
      this.#endPipeline(pid, { error: asPsrpError(error) });
      throw asPsrpError(error);
    }
  }

  /** Closes a disconnected pool: its pipelines end for their readers and the server deletes it. */
  async #closeDisconnected(signal?: AbortSignal): Promise<void> {
    // The transport forgets the pool first, so that ending the pipelines sends nothing for them.
    const closing = this.#transport.close(deadlineSignal(this.#options.cancelTimeoutMs, signal));
    for (const pid of [...this.#pipelines.keys()]) {
      this.#endPipeline(pid, { error: new PipelineStoppedError('The runspace pool was closed while disconnected') });
    }
    try {
      await closing;
    } catch (error) {
      if (!(error instanceof PsrpTransportError)) throw error;
    } finally {
      this.#machine.markClosed();
      this.#failWaiters(new PsrpInvalidStateError('wait for the runspace pool', 'Closed', ['Opened']));
      await this.#reading?.catch(() => undefined);
    }
  }
}

function assertNever(value: never): never {
  throw new PsrpProtocolError(`Unhandled protocol event ${JSON.stringify(value)}`);
}
