/**
 * PSRP over WS-Management (MS-PSRP 3.1.5.3 with MS-WSMV), as PowerShell's own WinRM client drives it:
 * - the pool is a WinRS shell: Create proposes the pool id (RPID) as ShellId and carries the first fragments as
 *   `creationXml`, with the announced protocol version in the `protocolversion` option; the shell id the server
 *   answers with is used from then on;
 * - a pipeline is a Command proposing the pipeline id as CommandId with its first fragments as the argument; Send,
 *   Receive and Signal use the CommandId the server answered (MS-PSRP 3.1.5.3.4);
 * - more data goes with Send (stdin, or pr for host responses); output comes back through Receive on stdout, sent
 *   again when the server answers w:TimedOut (its OperationTimeout passed with no output);
 * - a pipeline is stopped with the `powershell/signal/crtl_c` signal and, once it ended, closed with the terminate
 *   signal (what WSManCloseCommand sends); the pool is closed with a Delete of the shell;
 * - fragments are sized from MaxEnvelopeSize, which starts at 150 KB and becomes 500 KB once the server answered a
 *   protocol above 2.1 (PowerShell keeps 150 KB for 2.1 and older servers) unless the caller chose a size;
 * - a pool can be disconnected (Disconnect with IdleTimeOut and BufferMode), reconnected (Reconnect of the shell and
 *   of each running command) or, from another client, connected (Connect with `connectXml`).
 *
 * Receiving: the shell is polled while the pool opens or connects, and after each pool message that expects an answer
 * (pool calls, the key exchange) until data arrived: the pattern of the recorded Windows sessions. Each running
 * command is polled until WinRM reports it Done. Every Receive carries WSMAN_CMDSHELL_OPTION_KEEPALIVE, which keeps
 * the shell from idling out while the Receive waits (PowerShell sends the same); an idle pool with no Receive
 * outstanding lives for the shell's IdleTimeOut (the `idleTimeoutMs` option, or the server's default of 2 hours).
 * A command whose reader fell behind is paused (`pauseReceiving`): no Receive goes out for it until it is resumed,
 * so its output waits on the server, while the other commands go on.
 */
import { FRAGMENT_HEADER_BYTES, decodeBase64, encodeBase64, readFragmentHeader } from '@psrp/fragment';
import {
  DEFAULT_MAX_ENVELOPE_SIZE,
  NS_POWERSHELL,
  SIGNAL_PS_CTRL_C,
  SIGNAL_TERMINATE,
  WSManAbortError,
  WSManClient,
  connectShell,
  type ShellInfo,
  type WSManClientOptions,
  type WSManShell,
} from '@psrp/wsman';
import { PsrpAbortedError, PsrpArgumentError, PsrpError, PsrpInvalidStateError, PsrpTransportError } from '../../errors.js';
import { MessageType } from '../../protocol/message-type.js';
import { PROTOCOL_VERSION_2_3, compareVersions } from '../../protocol/protocol-version.js';
import type { DisconnectOptions, DisconnectableTransport, NegotiationAwareTransport, OutputBufferingMode, ReconnectOptions } from '../disconnectable.js';
import { InboundChannel } from '../inbound-channel.js';
import type { InboundData, PipelineFlowControl, TransportPayload } from '../transport.js';
import { readFirstPayload } from './first-payload.js';

export const POWERSHELL_RESOURCE_URI_PREFIX = 'http://schemas.microsoft.com/powershell/';
export const DEFAULT_CONFIGURATION_NAME = 'Microsoft.PowerShell';
/** Room for the SOAP headers around a Send, before base64's 4/3 growth is taken off. */
const ENVELOPE_OVERHEAD_BYTES = 2048;
/** WSMan V3 (Windows Server 2012, protocol 2.2) and later accept 500 KB envelopes; V2 servers 150 KB. */
export const MAX_ENVELOPE_SIZE_V3 = 512000;
/** The newest protocol of WSMan V2 servers (Windows 7 / Server 2008 R2), which keep the 150 KB envelope. */
const LAST_V2_PROTOCOL = '2.1';
/** PowerShell refuses an IdleTimeout under a minute (PSSessionOption, WSManConnectionInfo). */
export const MIN_IDLE_TIMEOUT_MS = 60_000;
const MS_PER_SECOND = 1000;

export interface WSManTransportOptions extends WSManClientOptions {
  /** The session configuration (endpoint) to open, e.g. `Microsoft.PowerShell`, `PowerShell.7` or a JEA endpoint. */
  readonly configurationName?: string;
  /** The whole resource URI, for endpoints outside http://schemas.microsoft.com/powershell/; wins over configurationName. */
  readonly resourceUri?: string;
  /** Sent in the Create/Connect OptionSet as `protocolversion`. Default: the version the pool announces. */
  readonly protocolVersion?: string;
  /**
   * How long the server keeps the pool without a client request (New-PSSessionOption -IdleTimeout), in ms, at least
   * 60000; sent as the shell's IdleTimeOut. Default: the server's (2 hours on Windows).
   */
  readonly idleTimeoutMs?: number;
  /** The buffering mode for disconnections that do not name one (New-PSSessionOption -OutputBufferingMode). */
  readonly outputBufferingMode?: OutputBufferingMode;
  /** Does not load the user profile on the server (New-PSSessionOption -NoMachineProfile, WINRS_NOPROFILE). */
  readonly noMachineProfile?: boolean;
  /** A name for the shell the server lists (rsp:Name, as New-PSSession -Name shows in Get-PSSession). */
  readonly sessionName?: string;
}

/** The largest fragment payload whose base64 fits a WSMan envelope of the given size. */
export function payloadBytesForEnvelope(maxEnvelopeSize: number): number {
  return Math.floor(((maxEnvelopeSize - ENVELOPE_OVERHEAD_BYTES) / 4) * 3);
}

/** The resource URI of a session configuration, e.g. 'Microsoft.PowerShell' or a JEA endpoint's name. */
export function powerShellResourceUri(options: { configurationName?: string; resourceUri?: string }): string {
  if (options.resourceUri !== undefined) return options.resourceUri;
  const name = options.configurationName ?? DEFAULT_CONFIGURATION_NAME;
  if (name.includes('://')) return name;
  return POWERSHELL_RESOURCE_URI_PREFIX + name;
}

interface RunningCommand {
  readonly pid: string;
  /** The CommandId the server answered the Command (or Connect) with. */
  readonly commandId: string;
  /** WinRM reported the command Done: it is not polled any more. */
  done: boolean;
  /** The pool session released it: nothing more is delivered for it. */
  released: boolean;
  /** Its Receive loop, while one runs. */
  loop: Promise<void> | null;
  /** Its reader fell behind: no Receive goes out for it until it is resumed. */
  paused: boolean;
  /** Wakes its Receive loop while it waits, paused. */
  wake: (() => void) | null;
}

export class WSManTransport implements DisconnectableTransport, NegotiationAwareTransport, PipelineFlowControl {
  readonly #client: WSManClient;
  readonly #options: WSManTransportOptions;
  readonly #resourceUri: string;
  readonly #inbound = new InboundChannel<InboundData>((item) => item.base64.length);
  readonly #envelopeChosen: boolean;
  #shell: WSManShell | null = null;
  /** The pool's state message has not arrived yet: the shell is polled until it does. */
  #opening = true;
  /** A pool message expecting an answer went out: the shell is polled until data comes back. */
  #poolAnswerExpected = false;
  #poolLoop: Promise<void> | null = null;
  #disconnected = false;
  #closed = false;
  readonly #commands = new Map<string, RunningCommand>();
  /** Commands created in the batch being sent, whose Receive loop starts once that batch went out. */
  #commandsToPoll: RunningCommand[] = [];
  /** Terminate signals under way: the shell is deleted after them. */
  readonly #closingCommands = new Set<Promise<void>>();
  /** Aborts the Receives still outstanding when the pool is closed. */
  #receiveAbort = new AbortController();

  constructor(options: WSManTransportOptions) {
    if (options.idleTimeoutMs !== undefined && !(Number.isFinite(options.idleTimeoutMs) && options.idleTimeoutMs >= MIN_IDLE_TIMEOUT_MS)) {
      throw new PsrpArgumentError(`idleTimeoutMs must be at least ${MIN_IDLE_TIMEOUT_MS} (one minute), not ${String(options.idleTimeoutMs)}`);
    }
    this.#options = options;
    this.#client = new WSManClient(options);
    this.#envelopeChosen = options.maxEnvelopeSize !== undefined;
    this.#resourceUri = powerShellResourceUri(options);
  }

  /** The largest payload sent at once: what one Send's base64 fits in MaxEnvelopeSize. */
  get maxPayloadBytes(): number {
    return payloadBytesForEnvelope(this.#client.maxEnvelopeSize);
  }

  /** The MaxEnvelopeSize sent with each request. */
  get maxEnvelopeSize(): number {
    return this.#client.maxEnvelopeSize;
  }

  /** The shell's id once created or connected (the pool id the server answered with). */
  get shellId(): string | null {
    return this.#shell?.id ?? null;
  }

  /** The resource URI of the session configuration. */
  get resourceUri(): string {
    return this.#resourceUri;
  }

  /**
   * The shell as the server describes it now (a Get of the shell resource): `state` is 'Connected' or
   * 'Disconnected' (another client may have disconnected it); a shell that expired or was deleted rejects with a
   * PsrpTransportError whose cause is the w:InvalidSelectors fault. The pool itself is left as it is.
   */
  async shellInfo(signal?: AbortSignal): Promise<ShellInfo> {
    const shell = this.#requireShell('read the shell');
    return wrapped('Reading the WSMan shell', () => shell.get(signal ? { signal } : {}));
  }

  /** The CommandId the server gave a pipeline, or null when it has none (yet). */
  commandIdOf(pid: string): string | null {
    return this.#commands.get(pid.toLowerCase())?.commandId ?? null;
  }

  /**
   * PowerShell's AdjustForProtocolVariations: WSMan V3 servers (protocol above 2.1) take 500 KB envelopes, older ones
   * 150 KB; a size the caller chose is kept.
   */
  negotiated(serverProtocolVersion: string): void {
    if (this.#envelopeChosen) return;
    const size = compareVersions(serverProtocolVersion, LAST_V2_PROTOCOL) > 0 ? MAX_ENVELOPE_SIZE_V3 : DEFAULT_MAX_ENVELOPE_SIZE;
    this.#client.setMaxEnvelopeSize(size);
  }

  async connect(first: TransportPayload, signal?: AbortSignal): Promise<void> {
    const payload = readFirstPayload(first.data);
    const protocolVersion = this.#options.protocolVersion ?? payload.protocolVersion ?? PROTOCOL_VERSION_2_3;
    if (payload.connects) {
      if (!payload.rpid) throw new PsrpArgumentError('The first payload of a pool connection names no pool id');
      const shellId = payload.rpid.toUpperCase();
      const connected = await wrapped('Connecting to the WSMan shell', () =>
        connectShell(this.#client, {
          resourceUri: this.#resourceUri,
          shellId,
          options: { protocolversion: protocolVersion },
          openContent: { name: 'connectXml', namespace: NS_POWERSHELL, text: encodeBase64(first.data) },
          ...(signal ? { signal } : {}),
        }),
      );
      this.#shell = connected.shell;
      // The server's SESSION_CAPABILITY and RUNSPACEPOOL_INIT_DATA come in the response; its state by Receive.
      if (connected.openContent) this.#inbound.push({ pipelineId: null, base64: connected.openContent });
    } else {
      const shellOptions: Record<string, string> = { protocolversion: protocolVersion };
      if (this.#options.noMachineProfile === true) shellOptions.WINRS_NOPROFILE = 'TRUE';
      this.#shell = await wrapped('Creating the WSMan shell', () =>
        this.#client.createShell({
          resourceUri: this.#resourceUri,
          ...(payload.rpid ? { shellId: payload.rpid.toUpperCase() } : {}),
          inputStreams: ['stdin', 'pr'],
          outputStreams: ['stdout'],
          options: shellOptions,
          openContent: { name: 'creationXml', namespace: NS_POWERSHELL, text: encodeBase64(first.data) },
          ...(this.#options.idleTimeoutMs !== undefined ? { idleTimeoutSeconds: this.#options.idleTimeoutMs / MS_PER_SECOND } : {}),
          ...(this.#options.sessionName !== undefined ? { name: this.#options.sessionName } : {}),
          ...(signal ? { signal } : {}),
        }),
      );
    }
    this.#ensurePoolLoop();
  }

  /**
   * Sends a batch in order. A command's Receive starts after the batch that created it, once its first input went
   * out with it, in the order WinRM's own clients use.
   */
  async send(batch: readonly TransportPayload[], signal?: AbortSignal): Promise<void> {
    try {
      for (const payload of batch) await wrapped('Sending to the WSMan shell', () => this.#sendOne(payload, signal));
    } finally {
      const created = this.#commandsToPoll;
      this.#commandsToPoll = [];
      for (const command of created) this.#startCommandLoop(command);
    }
  }

  async #sendOne(payload: TransportPayload, signal?: AbortSignal): Promise<void> {
    const shell = this.#requireShell('send');
    const data = encodeBase64(payload.data);
    const pid = payload.pipelineId?.toLowerCase() ?? null;
    if (payload.createsPipeline && pid) {
      const commandId = await shell.command({ commandId: pid.toUpperCase(), arguments: [data], ...(signal ? { signal } : {}) });
      const command: RunningCommand = { pid, commandId, done: false, released: false, loop: null, paused: false, wake: null };
      this.#commands.set(pid, command);
      this.#commandsToPoll.push(command);
      return;
    }
    const commandId = pid === null ? undefined : (this.#commands.get(pid)?.commandId ?? pid.toUpperCase());
    await shell.send({
      ...(commandId ? { commandId } : {}),
      stream: payload.stream === 'prompt-response' ? 'pr' : 'stdin',
      data,
      ...(signal ? { signal } : {}),
    });
    // A pool message on stdin asks the server something (a pool call, the key exchange): receive its answer.
    if (pid === null && payload.stream === 'default') {
      this.#poolAnswerExpected = true;
      this.#ensurePoolLoop();
    }
  }

  async stopPipeline(pid: string, signal?: AbortSignal): Promise<void> {
    const commandId = this.#commands.get(pid.toLowerCase())?.commandId ?? pid.toUpperCase();
    await wrapped('Stopping the WSMan command', () =>
      this.#requireShell('stop a pipeline').signal({ commandId, code: SIGNAL_PS_CTRL_C, ...(signal ? { signal } : {}) }),
    );
  }

  /** Closes a finished pipeline's command with the terminate signal, as WSManCloseCommand does. */
  async closePipeline(pid: string, signal?: AbortSignal): Promise<void> {
    const key = pid.toLowerCase();
    const command = this.#commands.get(key);
    if (!command || !this.#shell) return;
    command.released = true;
    wake(command);
    this.#commands.delete(key);
    const shell = this.#shell;
    const closing = wrapped('Closing the WSMan command', () =>
      shell.signal({ commandId: command.commandId, code: SIGNAL_TERMINATE, ...(signal ? { signal } : {}) }),
    );
    const tracked = closing.catch(() => undefined);
    this.#closingCommands.add(tracked);
    void tracked.finally(() => this.#closingCommands.delete(tracked));
    await closing;
  }

  async close(signal?: AbortSignal): Promise<void> {
    this.#closed = true;
    this.#poolAnswerExpected = false;
    for (const command of this.#commands.values()) {
      command.released = true;
      wake(command);
    }
    const shell = this.#shell;
    this.#shell = null;
    try {
      await Promise.allSettled(this.#closingCommands);
      if (shell) await wrapped('Deleting the WSMan shell', () => shell.delete(signal ? { signal } : {}));
    } finally {
      this.#receiveAbort.abort();
      await Promise.allSettled([this.#poolLoop, ...[...this.#commands.values()].map((command) => command.loop)]);
      this.#inbound.end();
    }
  }

  /**
   * Disconnects the shell (MS-PSRP 3.1.5.3.16): Receives already out finish first (their output is delivered), no
   * new one goes out until `reconnect`; the server keeps the pool and its pipelines.
   */
  async disconnect(options: DisconnectOptions = {}): Promise<void> {
    const shell = this.#requireShell('disconnect');
    this.#disconnected = true;
    // A paused command's loop ends now; reconnect starts it again, still paused.
    for (const command of this.#commands.values()) wake(command);
    await this.#receivesSettled();
    const idleTimeoutMs = options.idleTimeoutMs ?? this.#options.idleTimeoutMs;
    if (idleTimeoutMs !== undefined && !(Number.isFinite(idleTimeoutMs) && idleTimeoutMs >= MIN_IDLE_TIMEOUT_MS)) {
      throw new PsrpArgumentError(`idleTimeoutMs must be at least ${MIN_IDLE_TIMEOUT_MS} (one minute), not ${String(idleTimeoutMs)}`);
    }
    const bufferMode = options.outputBufferingMode ?? this.#options.outputBufferingMode;
    await wrapped('Disconnecting the WSMan shell', () =>
      shell.disconnect({
        ...(idleTimeoutMs !== undefined ? { idleTimeoutSeconds: idleTimeoutMs / MS_PER_SECOND } : {}),
        ...(bufferMode !== undefined ? { bufferMode } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      }),
    );
  }

  /** Reconnects the shell and each command still running, then receives again what they produced meanwhile. */
  async reconnect(options: ReconnectOptions = {}): Promise<void> {
    const shell = this.#requireShell('reconnect');
    const withSignal = options.signal ? { signal: options.signal } : {};
    await wrapped('Reconnecting the WSMan shell', () =>
      shell.reconnect({ ...(options.outputBufferingMode ? { bufferMode: options.outputBufferingMode } : {}), ...withSignal }),
    );
    const running = [...this.#commands.values()].filter((command) => !command.done && !command.released);
    for (const command of running) {
      await wrapped('Reconnecting the WSMan command', () => shell.reconnect({ commandId: command.commandId, ...withSignal }));
    }
    this.#disconnected = false;
    for (const command of running) this.#startCommandLoop(command);
    if (this.#opening || this.#poolAnswerExpected) this.#ensurePoolLoop();
  }

  /** Connects to a pipeline running in a pool this client connected to (its CommandId is the pipeline id). */
  async connectPipeline(pid: string, signal?: AbortSignal): Promise<void> {
    const shell = this.#requireShell('connect to a pipeline');
    const key = pid.toLowerCase();
    const commandId = pid.toUpperCase();
    await wrapped('Connecting to the WSMan command', () => shell.connectCommand({ commandId, ...(signal ? { signal } : {}) }));
    const command: RunningCommand = { pid: key, commandId, done: false, released: false, loop: null, paused: false, wake: null };
    this.#commands.set(key, command);
    this.#startCommandLoop(command);
  }

  receive(): AsyncIterable<InboundData> {
    return this.#inbound;
  }

  get bufferedInboundBytes(): number {
    return (this.#inbound.backlogWeight >>> 2) * 3;
  }

  pauseReceiving(pid: string): void {
    const command = this.#commands.get(pid.toLowerCase());
    if (command) command.paused = true;
  }

  resumeReceiving(pid: string): void {
    const command = this.#commands.get(pid.toLowerCase());
    if (!command) return;
    command.paused = false;
    wake(command);
  }

  #requireShell(action: string): WSManShell {
    if (!this.#shell) throw new PsrpInvalidStateError(`${action} over WSMan`, this.#closed ? 'Closed' : 'not connected', ['Opened']);
    return this.#shell;
  }

  /** Resolves once no Receive is outstanding. */
  async #receivesSettled(): Promise<void> {
    await Promise.allSettled([this.#poolLoop, ...[...this.#commands.values()].map((command) => command.loop)]);
  }

  #fail(error: unknown): void {
    this.#inbound.end(error instanceof PsrpTransportError ? error : new PsrpTransportError('WSMan receive failed', {}, { cause: error }));
  }

  #ensurePoolLoop(): void {
    if (this.#poolLoop || this.#disconnected || this.#closed) return;
    const loop = this.#pollPool()
      .catch((error: unknown) => {
        if (!this.#closed) this.#fail(asTransportError('Receiving from the WSMan shell', error));
      })
      .finally(() => {
        this.#poolLoop = null;
        // A pool call that went out while the last Receive was returning still waits for its answer.
        if (this.#poolAnswerExpected && !this.#inbound.ended) this.#ensurePoolLoop();
      });
    this.#poolLoop = loop;
  }

  /** Receives pool messages while the pool opens, and after a pool message that expects an answer until data came. */
  async #pollPool(): Promise<void> {
    while ((this.#opening || this.#poolAnswerExpected) && !this.#disconnected && !this.#closed && this.#shell) {
      const shell = this.#shell;
      const result = await shell.receive({ streams: ['stdout'], signal: this.#receiveAbort.signal });
      if (this.#closed) return;
      const delivered = this.#deliver(null, result.streams);
      if (this.#opening && result.streams.some((stream) => carriesPoolState(stream.data))) this.#opening = false;
      else if (!this.#opening && delivered) this.#poolAnswerExpected = false;
      await this.#inbound.drained();
    }
  }

  #startCommandLoop(command: RunningCommand): void {
    if (command.loop || command.done || command.released || this.#disconnected || this.#closed) return;
    command.loop = this.#pollCommand(command)
      .catch((error: unknown) => {
        // A command closed or a pool closed while its Receive was out: whatever the server answered is moot.
        if (!command.released && !this.#closed) this.#fail(asTransportError('Receiving from the WSMan command', error));
      })
      .finally(() => {
        command.loop = null;
      });
  }

  async #pollCommand(command: RunningCommand): Promise<void> {
    while (!command.released && !command.done && !this.#disconnected && !this.#closed && this.#shell) {
      if (command.paused) {
        await new Promise<void>((resolve) => (command.wake = resolve));
        continue;
      }
      const result = await this.#shell.receive({ commandId: command.commandId, streams: ['stdout'], signal: this.#receiveAbort.signal });
      if (command.released || this.#closed) return;
      this.#deliver(command.pid, result.streams);
      if (result.commandState?.state === 'Done') command.done = true;
      await this.#inbound.drained();
    }
  }

  /** Pushes the streams' fragments; true when any carried data. */
  #deliver(pid: string | null, streams: readonly { readonly data: string }[]): boolean {
    let delivered = false;
    for (const stream of streams) {
      if (stream.data.length === 0) continue;
      this.#inbound.push({ pipelineId: pid, base64: stream.data });
      delivered = true;
    }
    return delivered;
  }
}

/** Lets a paused command's Receive loop look again at whether it should go on. */
function wake(command: RunningCommand): void {
  const resolve = command.wake;
  command.wake = null;
  resolve?.();
}

function asTransportError(what: string, error: unknown): PsrpError {
  if (error instanceof PsrpError) return error;
  if (error instanceof WSManAbortError) return new PsrpAbortedError(`${what} was aborted`, { cause: error });
  return new PsrpTransportError(`${what} failed: ${(error as Error)?.message ?? String(error)}`, {}, { cause: error });
}

/**
 * A WSMan error leaves the transport wrapped, as errors.ts promises for every error of the packages below (a fault
 * as PsrpTransportError with the WSManFaultError as its cause).
 */
async function wrapped<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw asTransportError(what, error);
  }
}

/** True when the fragments start a RUNSPACEPOOL_STATE message (its type sits right after the destination). */
function carriesPoolState(base64: string): boolean {
  if (base64.length === 0) return false;
  const bytes = decodeBase64(base64);
  for (let offset = 0; offset + FRAGMENT_HEADER_BYTES <= bytes.length; ) {
    const header = readFragmentHeader(bytes, offset);
    const blob = offset + FRAGMENT_HEADER_BYTES;
    if (header.start && blob + 8 <= bytes.length) {
      const type = bytes[blob + 4]! | (bytes[blob + 5]! << 8) | (bytes[blob + 6]! << 16) | (bytes[blob + 7]! << 24);
      if (type === MessageType.RUNSPACEPOOL_STATE) return true;
    }
    offset = blob + header.blobLength;
  }
  return false;
}
