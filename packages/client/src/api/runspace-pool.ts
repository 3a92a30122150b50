/**
 * RunspacePool: one open pool on a remote PowerShell, as System.Management.Automation.Runspaces.RunspacePool.
 * It owns the protocol core and the transport, reads what the peer sends and routes it to pipelines.
 */
import type { PsValue } from '@psrp/clixml';
import { PipelineStoppedError, PsrpAbortedError, PsrpInvalidStateError, PsrpProtocolError, RunspacePoolBrokenError } from '../errors.js';
import type { PsrpEvent } from '../protocol/events.js';
import { PROTOCOL_VERSION_2_3 } from '../protocol/protocol-version.js';
import { RunspacePoolMachine } from '../protocol/runspace-pool-machine.js';
import { RunspacePoolState, runspacePoolStateName } from '../protocol/runspace-pool-state.js';
import type { PsrpTransport } from '../transport/transport.js';
import { PowerShell } from './powershell.js';
import type { PipelineSink } from './pipeline-sink.js';

export interface RunspacePoolOptions {
  readonly minRunspaces?: number;
  readonly maxRunspaces?: number;
  /** The protocol version announced; the server's answer decides what is used. Default 2.3. */
  readonly protocolVersion?: string;
  /** Becomes $PSSenderInfo.ApplicationArguments on the server. */
  readonly applicationArguments?: PsValue;
  /** Source of pool and pipeline ids; default `crypto.randomUUID`. */
  readonly newGuid?: () => string;
  readonly signal?: AbortSignal;
}

export class RunspacePool {
  readonly #machine: RunspacePoolMachine;
  readonly #transport: PsrpTransport;
  readonly #newGuid: () => string;
  readonly #pipelines = new Map<string, PipelineSink>();
  #applicationPrivateData: PsValue = null;
  #sending: Promise<void> = Promise.resolve();
  #reading: Promise<void> | null = null;
  #opened: { resolve(): void; reject(error: unknown): void } | null = null;
  #failure: unknown = null;
  #closing = false;

  private constructor(transport: PsrpTransport, options: RunspacePoolOptions) {
    this.#transport = transport;
    this.#newGuid = options.newGuid ?? (() => globalThis.crypto.randomUUID());
    this.#machine = new RunspacePoolMachine({
      rpid: this.#newGuid(),
      protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION_2_3,
      minRunspaces: options.minRunspaces ?? 1,
      maxRunspaces: options.maxRunspaces ?? 1,
      applicationArguments: options.applicationArguments ?? null,
      maxPayloadBytes: transport.maxPayloadBytes,
    });
  }

  /** Opens a pool over a transport (see `@psrp/client/process` and `WSManTransport`). */
  static async open(transport: PsrpTransport, options: RunspacePoolOptions = {}): Promise<RunspacePool> {
    const pool = new RunspacePool(transport, options);
    try {
      await pool.#open(options.signal);
    } catch (error) {
      await transport.close().catch(() => undefined);
      throw error;
    }
    return pool;
  }

  get id(): string {
    return this.#machine.rpid;
  }

  get state(): string {
    return runspacePoolStateName(this.#machine.state);
  }

  /** The protocol version the server answered with. */
  get serverProtocolVersion(): string | null {
    return this.#machine.serverCapability?.protocolVersion ?? null;
  }

  /** The server's APPLICATION_PRIVATE_DATA (its $PSVersionTable among it). */
  get applicationPrivateData(): PsValue {
    return this.#applicationPrivateData;
  }

  /** A new pipeline builder bound to this pool: `pool.createPowerShell().addCommand('Get-Date').invoke()`. */
  createPowerShell(): PowerShell {
    return new PowerShell(this);
  }

  /** Closes every pipeline still open, then the pool and its connection. */
  async close(signal?: AbortSignal): Promise<void> {
    if (this.#machine.state === RunspacePoolState.Closed || this.#closing) return;
    this.#closing = true;
    const closing = [...this.#pipelines].map(([pid, sink]) => {
      // Nothing more arrives for a pipeline released while running: end its stream rather than leave a reader waiting.
      sink.fail(new PipelineStoppedError('The runspace pool was closed while the pipeline was running'));
      return this.releasePipeline(pid, signal);
    });
    await Promise.allSettled(closing);
    await this.#sending.catch(() => undefined);
    try {
      await this.#transport.close(signal);
    } finally {
      this.#machine.markClosed();
      await this.#reading?.catch(() => undefined);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** @internal Starts a pipeline: used by PowerShell. */
  startPipeline(sink: PipelineSink): string {
    this.#throwIfBroken();
    const pid = this.#newGuid();
    this.#machine.createPipeline(pid, sink.spec);
    this.#pipelines.set(pid, sink);
    void this.#flush(sink.signal).catch(() => undefined);
    return pid;
  }

  /** @internal Sends pipeline input and, when `end`, the end of input. */
  sendInput(pid: string, values: readonly PsValue[], end: boolean, signal?: AbortSignal): Promise<void> {
    for (const value of values) this.#machine.sendInput(pid, value);
    if (end) this.#machine.endInput(pid);
    return this.#flush(signal);
  }

  /** @internal */
  stopPipeline(pid: string, signal?: AbortSignal): Promise<void> {
    return this.#transport.stopPipeline(pid, signal);
  }

  /** @internal Releases a pipeline on the peer once it ended (or when the pool closes). */
  releasePipeline(pid: string, signal?: AbortSignal): Promise<void> {
    if (!this.#pipelines.delete(pid)) return Promise.resolve();
    this.#machine.releasePipeline(pid);
    const release = this.#sending.then(() => this.#transport.closePipeline(pid, signal));
    this.#sending = release.catch(() => undefined);
    return release;
  }

  async #open(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.#machine.open();
    const first = this.#machine.dataToSend();
    if (!first) throw new PsrpProtocolError('The protocol core queued nothing to open the pool');
    const opened = new Promise<void>((resolve, reject) => {
      this.#opened = { resolve, reject };
    });
    await this.#transport.connect(first, signal);
    this.#reading = this.#readLoop();
    await this.#flush(signal);
    if (!signal) return opened;
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => reject(new PsrpAbortedError('Opening the runspace pool was aborted', { cause: signal.reason }));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([opened, aborted]);
  }

  /**
   * Sends everything the protocol core has queued, one payload after another. A payload that cannot be sent
   * ends its pipeline with the error (or the pool, for pool data): nothing waits for an answer that cannot come.
   */
  #flush(signal?: AbortSignal): Promise<void> {
    const send = this.#sending.then(async () => {
      for (let payload = this.#machine.dataToSend(); payload; payload = this.#machine.dataToSend()) {
        try {
          await this.#transport.send(payload, signal);
        } catch (error) {
          const sink = payload.pid ? this.#pipelines.get(payload.pid) : undefined;
          if (sink) sink.fail(error);
          else if (!payload.pid) this.#fail(error);
          throw error;
        }
      }
      this.#transport.flushed?.();
    });
    this.#sending = send.catch(() => undefined);
    return send;
  }

  async #readLoop(): Promise<void> {
    try {
      for await (const inbound of this.#transport.receive()) {
        this.#machine.receive(inbound.base64, inbound.pid);
        for (let event = this.#machine.nextEvent(); event; event = this.#machine.nextEvent()) this.#dispatch(event);
      }
      if (!this.#closing) {
        this.#fail(new RunspacePoolBrokenError('The connection ended while the runspace pool was open', null));
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #dispatch(event: PsrpEvent): void {
    switch (event.type) {
      case 'session-capability':
        return;
      case 'application-private-data':
        this.#applicationPrivateData = event.data;
        return;
      case 'pool-state':
        return this.#onPoolState(event.state, event);
      case 'host-call':
        // No PSHost yet: the pool was opened with a null host, so a well-behaved server does not call it.
        return this.#fail(new PsrpProtocolError('The server called a host method, but this client was opened without a host'));
      case 'other-message':
        return;
      case 'pipeline-output':
      case 'error-record':
      case 'informational-record':
      case 'progress-record':
      case 'information-record':
      case 'pipeline-state':
        this.#pipelines.get(event.pid)?.deliver(event);
        if (event.type === 'pipeline-state' && this.#pipelines.get(event.pid)?.finished) {
          void this.releasePipeline(event.pid).catch(() => undefined);
        }
        return;
      default:
        return assertNever(event);
    }
  }

  #onPoolState(state: number, event: Extract<PsrpEvent, { type: 'pool-state' }>): void {
    if (state === RunspacePoolState.Opened) {
      this.#transport.poolOpened?.();
      this.#opened?.resolve();
      this.#opened = null;
    } else if (state === RunspacePoolState.Broken || (state === RunspacePoolState.Closed && !this.#closing)) {
      const reason = event.reason;
      this.#fail(
        new RunspacePoolBrokenError(
          `The runspace pool is ${runspacePoolStateName(state)}${reason ? `: ${reason.message}` : ''}`,
          reason,
        ),
      );
    }
  }

  #throwIfBroken(): void {
    if (this.#failure) throw this.#failure;
    if (this.#machine.state !== RunspacePoolState.Opened) {
      const name = runspacePoolStateName(this.#machine.state);
      throw new PsrpInvalidStateError(`The runspace pool is ${name}, not Opened`, name);
    }
  }

  #fail(error: unknown): void {
    this.#failure ??= error;
    this.#opened?.reject(error);
    this.#opened = null;
    for (const sink of this.#pipelines.values()) sink.fail(error);
  }
}

function assertNever(value: never): never {
  throw new PsrpProtocolError(`Unhandled protocol event ${JSON.stringify(value)}`);
}
