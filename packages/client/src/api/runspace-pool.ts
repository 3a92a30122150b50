/**
 * RunspacePool: one open pool on a remote PowerShell, as System.Management.Automation.Runspaces.RunspacePool
 * (and what New-PSSession gives you). A thin facade over the pool session: options, state, pool calls.
 */
import { DEFAULT_MAX_ELEMENTS, type PSObject, type PsValue } from '@psrp/clixml';
import { PsrpArgumentError } from '../errors.js';
import type { CommandMetadataQuery } from '../protocol/command-metadata.js';
import { buildHostInfo } from '../protocol/host-info.js';
import { PROTOCOL_VERSION_2_4 } from '../protocol/protocol-version.js';
import { RunspacePoolMachine } from '../protocol/runspace-pool-machine.js';
import { runspacePoolStateName, type RunspacePoolStateName } from '../protocol/runspace-pool-state.js';
import type { ClientValue } from '../protocol/secure-string.js';
import { PoolSession } from '../session/pool-session.js';
import type { PsrpTransport } from '../transport/transport.js';
import type { DisconnectOptions, ReconnectOptions } from '../transport/disconnectable.js';
import { ConnectedPipeline } from './connected-pipeline.js';
import { readHostDefaults } from './host-dispatch.js';
import { PipelineSink } from './pipeline-sink.js';
import { PowerShell } from './powershell.js';
import type { PSHost } from './ps-host.js';

export interface RunspacePoolOptions {
  readonly minRunspaces?: number;
  /** More than 1 lets pipelines run at the same time. Default 1. */
  readonly maxRunspaces?: number;
  /** The protocol version announced; the server's answer decides what is used. Default 2.4. */
  readonly protocolVersion?: string;
  /** Becomes $PSSenderInfo.ApplicationArguments on the server. */
  readonly applicationArguments?: PsValue;
  /**
   * The host that answers the server's host calls (Read-Host, Get-Credential, $Host.UI.RawUI...). Default: a
   * non-interactive host that answers as PowerShell's own does when no one can be asked.
   */
  readonly host?: PSHost;
  /** The largest object the server may send (New-PSSessionOption's MaximumReceivedObjectSize). Default 200 MiB; null: none. */
  readonly maxReceivedObjectBytes?: number | null;
  /** The most one command may send back (MaximumReceivedDataSizePerCommand). Default none (null). */
  readonly maxReceivedDataBytesPerCommand?: number | null;
  /**
   * The most CLIXML elements one message may hold (no PowerShell name: PowerShell has no such limit). Default
   * 2,000,000, which bounds what one message's value keeps (about 300 bytes of heap per element at worst) and still
   * admits `,(1..1000000)` or a hashtable of some 660,000 entries; raise it for bigger single objects; null: none.
   */
  readonly maxReceivedElements?: number | null;
  /**
   * How far behind a pipeline's reader may fall, in bytes received for it that the reader has not taken, before the
   * pool stops receiving for it until the reader has taken everything (backpressure). Over WSMan only that command
   * waits (no Receive goes out for it); over a process, SSH or a pipe the whole connection does (it carries every
   * pipeline of the pool, so the others wait too), and pwsh blocks on its output. Default 16 MiB; null: never held
   * (a reader that stops reading lets the output fill memory).
   */
  readonly maxBufferedBytesPerCommand?: number | null;
  /** How long opening may take (OpenTimeout). Default 3 minutes; null: only the signal bounds it. */
  readonly openTimeoutMs?: number | null;
  /** How long stopping a pipeline or closing the pool may take (CancelTimeout). Default 60 s. */
  readonly cancelTimeoutMs?: number | null;
  /** Source of pool and pipeline ids; default `crypto.randomUUID`. */
  readonly newGuid?: () => string;
  readonly signal?: AbortSignal;
}

export const DEFAULT_MAX_RECEIVED_OBJECT_BYTES = 200 * 1024 * 1024;
export const DEFAULT_OPEN_TIMEOUT_MS = 3 * 60_000;
export const DEFAULT_CANCEL_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_BUFFERED_BYTES_PER_COMMAND = 16 * 1024 * 1024;

export class RunspacePool {
  readonly #session: PoolSession;
  readonly #machine: RunspacePoolMachine;
  readonly #minRunspaces: number;
  readonly #maxRunspaces: number;

  private constructor(transport: PsrpTransport, options: RunspacePoolOptions, hostInfo: PSObject, poolId?: string) {
    const newGuid = options.newGuid ?? (() => globalThis.crypto.randomUUID());
    this.#minRunspaces = validCount(options.minRunspaces ?? 1, 'minRunspaces');
    this.#maxRunspaces = validCount(options.maxRunspaces ?? Math.max(1, this.#minRunspaces), 'maxRunspaces');
    if (this.#maxRunspaces < this.#minRunspaces) throw new PsrpArgumentError('maxRunspaces must be at least minRunspaces');
    this.#machine = new RunspacePoolMachine({
      rpid: poolId ?? newGuid(),
      protocolVersion: options.protocolVersion ?? PROTOCOL_VERSION_2_4,
      minRunspaces: this.#minRunspaces,
      maxRunspaces: this.#maxRunspaces,
      applicationArguments: options.applicationArguments ?? null,
      hostInfo,
      maxPayloadBytes: transport.maxPayloadBytes,
      maxReceivedObjectBytes: validLimit(options.maxReceivedObjectBytes, DEFAULT_MAX_RECEIVED_OBJECT_BYTES, 'maxReceivedObjectBytes'),
      maxReceivedDataBytesPerCommand: validLimit(options.maxReceivedDataBytesPerCommand, null, 'maxReceivedDataBytesPerCommand'),
      maxReceivedElements: validLimit(options.maxReceivedElements, DEFAULT_MAX_ELEMENTS, 'maxReceivedElements'),
    });
    this.#session = new PoolSession(transport, this.#machine, {
      host: options.host ?? null,
      newGuid,
      openTimeoutMs: validLimit(options.openTimeoutMs, DEFAULT_OPEN_TIMEOUT_MS, 'openTimeoutMs', MAX_TIMEOUT_MS),
      cancelTimeoutMs: validLimit(options.cancelTimeoutMs, DEFAULT_CANCEL_TIMEOUT_MS, 'cancelTimeoutMs', MAX_TIMEOUT_MS),
      maxBufferedBytesPerCommand: validLimit(options.maxBufferedBytesPerCommand, DEFAULT_MAX_BUFFERED_BYTES_PER_COMMAND, 'maxBufferedBytesPerCommand'),
    });
  }

  /** Opens a pool over a transport (see `@psrp/client/process` and `WSManTransport`). */
  static async open(transport: PsrpTransport, options: RunspacePoolOptions = {}): Promise<RunspacePool> {
    let pool: RunspacePool;
    try {
      const hostInfo = buildHostInfo(options.host ? await readHostDefaults(options.host) : null);
      pool = new RunspacePool(transport, options, hostInfo);
    } catch (error) {
      await transport.close(AbortSignal.abort()).catch(() => undefined);
      throw error;
    }
    await pool.#session.open(options.signal);
    return pool;
  }

  get id(): string {
    return this.#machine.rpid;
  }

  /** Opened, Broken, Closing, Closed... */
  get state(): RunspacePoolStateName | `Unknown(${number})` {
    return runspacePoolStateName(this.#session.state);
  }

  /** What broke the pool, when it is Broken. */
  get failure(): Error | null {
    return this.#session.failure;
  }

  /** The protocol version the server answered with. */
  get serverProtocolVersion(): string | null {
    return this.#machine.serverCapability?.protocolVersion ?? null;
  }

  /** The server's APPLICATION_PRIVATE_DATA (its $PSVersionTable among it). */
  get applicationPrivateData(): PsValue {
    return this.#session.applicationPrivateData;
  }

  get minRunspaces(): number {
    return this.#session.initData?.minRunspaces ?? this.#minRunspaces;
  }

  get maxRunspaces(): number {
    return this.#session.initData?.maxRunspaces ?? this.#maxRunspaces;
  }

  /**
   * Bytes received that the pool's readers have not taken yet: for each pipeline, what arrived since its reader last
   * took everything (at most `maxBufferedBytesPerCommand` and one transport read), and what waits in the transport.
   */
  get bufferedBytes(): number {
    return this.#session.bufferedBytes;
  }

  /** A new pipeline builder bound to this pool: `pool.createPowerShell().addCommand('Get-Date').invoke()`. */
  createPowerShell(): PowerShell {
    return new PowerShell(this.#session);
  }

  /** SET_MAX_RUNSPACES; resolves with the server's answer (false when it refused). */
  async setMaxRunspaces(count: number, signal?: AbortSignal): Promise<boolean> {
    validCount(count, 'maxRunspaces');
    return Boolean(await this.#session.poolCall((machine) => machine.setMaxRunspaces(count), 'Setting the maximum runspaces', signal));
  }

  /** SET_MIN_RUNSPACES; resolves with the server's answer. */
  async setMinRunspaces(count: number, signal?: AbortSignal): Promise<boolean> {
    validCount(count, 'minRunspaces');
    return Boolean(await this.#session.poolCall((machine) => machine.setMinRunspaces(count), 'Setting the minimum runspaces', signal));
  }

  /** GET_AVAILABLE_RUNSPACES: how many runspaces could run a pipeline now. */
  async getAvailableRunspaces(signal?: AbortSignal): Promise<number> {
    return Number(await this.#session.poolCall((machine) => machine.getAvailableRunspaces(), 'Getting the available runspaces', signal));
  }

  /** RESET_RUNSPACE_STATE (protocol 2.3+): clears variables and state of the pool's runspace. */
  async resetRunspaceState(signal?: AbortSignal): Promise<boolean> {
    return Boolean(await this.#session.poolCall((machine) => machine.resetRunspaceState(), 'Resetting the runspace state', signal));
  }

  /**
   * GET_COMMAND_METADATA: the server's commands as Get-Command sees them (implicit remoting's view), with their
   * parameters and types. The first object the server sends is the count; it is checked and left out.
   */
  async getCommandMetadata(query: CommandMetadataQuery, signal?: AbortSignal): Promise<ClientValue[]> {
    const sink = new PipelineSink(null);
    const pid = await this.#session.startPipeline({ metadata: query }, sink);
    const onAbort = () => void this.#session.stop(pid).catch(() => undefined);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const output: ClientValue[] = [];
      for await (const event of sink.events) if (event.stream === 'output') output.push(event.value);
      return output.slice(1);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Closes every pipeline still running (their readers end with PipelineStoppedError), then the pool. */
  close(signal?: AbortSignal): Promise<void> {
    return this.#session.close(signal);
  }

  // --- Disconnected pools (Disconnect-PSSession, Get-PSSession, Connect-PSSession; transports that support them) ---

  /**
   * Connects to a pool running on the server without a client (one `listWSManPools` found, or one this process
   * disconnected with another RunspacePool object). `minRunspaces`/`maxRunspaces`, when given, resize it; otherwise
   * the pool keeps its size, which `minRunspaces`/`maxRunspaces` then report.
   */
  static async connect(transport: PsrpTransport, poolId: string, options: RunspacePoolOptions = {}): Promise<RunspacePool> {
    let pool: RunspacePool;
    try {
      const hostInfo = buildHostInfo(options.host ? await readHostDefaults(options.host) : null);
      pool = new RunspacePool(transport, options, hostInfo, poolId.toLowerCase());
    } catch (error) {
      await transport.close(AbortSignal.abort()).catch(() => undefined);
      throw error;
    }
    const resize = {
      ...(options.minRunspaces !== undefined ? { minRunspaces: options.minRunspaces } : {}),
      ...(options.maxRunspaces !== undefined ? { maxRunspaces: options.maxRunspaces } : {}),
    };
    await pool.#session.open(options.signal, resize);
    return pool;
  }

  /**
   * Disconnects from the pool, which keeps running on the server with its pipelines (their readers wait) for
   * `idleTimeoutMs`, buffering their output as `outputBufferingMode` says. Resume with `reconnect()`, or from another
   * client with `RunspacePool.connect`.
   */
  disconnect(options: DisconnectOptions = {}): Promise<void> {
    return this.#session.disconnect(options);
  }

  /** Reconnects a pool this object disconnected; its running pipelines deliver what they produced meanwhile. */
  reconnect(options: ReconnectOptions = {}): Promise<void> {
    return this.#session.reconnect(options);
  }

  /** A pipeline of this (connected) pool that another client started: read it with `stream()` or `invoke()`. */
  connectPipeline(pipelineId: string): ConnectedPipeline {
    return new ConnectedPipeline(this.#session, pipelineId.toLowerCase());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

function validCount(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new PsrpArgumentError(`${name} must be a whole number of at least 1, not ${String(value)}`);
  return value;
}

/** A timer cannot wait longer than 2^31 - 1 ms (setTimeout fires at once beyond it). */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A limit is a whole number of at least 1, or null for none (a fraction was floored, so 0.5 became 0 and
 * NaN or a string slipped through to the timers); a timeout is also at most MAX_TIMEOUT_MS.
 */
function validLimit(value: number | null | undefined, fallback: number | null, name: string, max = Number.MAX_SAFE_INTEGER): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw new PsrpArgumentError(`${name} must be a whole number in 1..${max}, or null, not ${String(value)}`);
  }
  return value;
}
