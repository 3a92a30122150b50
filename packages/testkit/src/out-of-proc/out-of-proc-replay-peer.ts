/**
 * @module out-of-proc/out-of-proc-replay-peer
 * A stand-in for `pwsh -s`, which cannot be installed on this project's machines (see blocked-peers.json): it
 * speaks PowerShell's out-of-proc line framing with PowerShell's strictness, and answers with the PSRP messages a
 * real Windows server sent in a pypsrp recording, readdressed to the live client's pool and pipeline ids and
 * fragmented at 32 KiB per `<Data>` as pwsh does. It proves a client's framing discipline and data handling; it
 * does not prove interop with a real PowerShell, whose scripts it never runs.
 *
 * On the wire it behaves as pwsh's StdIOProcessMediator: each client line is processed in a later turn (pwsh
 * queues each line on the thread pool), `<DataAck>` is written only after the line's data was handled (answers
 * first), `<CommandAck>` when the pipeline exists, `<SignalAck>` always, and the pool's `<CloseAck>` only once
 * every pipeline is closed. A broken rule is recorded, written to stderr and ends the session with exit code
 * 4000; EOF or an empty line ends it with 0.
 *
 * @example
 * const peer = await OutOfProcReplayPeer.fromRecording(recordingPath('test_psrp_open_runspace.yml'));
 * const pool = await RunspacePool.open(new OutOfProcTransport(peer));
 * await pool.close();
 * expect(peer.violations).toEqual([]);
 * expect(peer.exitCode).toBe(0);
 */
import {
  Defragmenter,
  Destination,
  EMPTY_GUID,
  Fragmenter,
  OUT_OF_PROC_FRAGMENT_BYTES,
  decodeMessage,
  encodeBase64,
  type PsrpMessage,
} from '@psrp/fragment';
import { MAX_CLIENT_LINE_CHARS, parseClientLine, type ClientPacket, type ClientStream } from './client-line-parser.js';
import { createPipelineTakesInput } from './create-pipeline-input.js';
import type { ConnectionEnd as PeerEnd, LineConnection } from '@psrp/client';
import { LineQueue } from './line-queue.js';
import { MessageType as PeerMessageType, messageTypeName as formatMessageType } from '@psrp/client/protocol';
import { loadRecordedServer, readdressMessage, type RecordedMessage, type RecordedPipeline, type RecordedServer } from './recorded-server.js';
import { encodeControlPacket, encodeDataPacket } from '@psrp/client/protocol';
import {
  OUT_OF_PROC_RULES,
  PWSH_EXIT_CODE_PROTOCOL_ERROR,
  PWSH_EXIT_CODE_SESSION_ENDED,
  type OutOfProcViolation,
  type RuleBreak,
} from './violation.js';

export interface OutOfProcReplayPeerOptions {
  /**
   * Keep every pipeline running: its final PIPELINE_STATE is held back until `finishPipelines()`, and dropped when
   * the client signals or closes the pipeline first (pwsh would then report Stopped, which no recording holds).
   */
  readonly holdPipelineEnd?: boolean;
  /** Longest client line accepted; default MAX_CLIENT_LINE_CHARS. */
  readonly maxLineChars?: number;
  /**
   * How long the peer takes to handle a client line before it answers it (default none): a slow server, opening on
   * demand the race windows a loaded pwsh opens by chance. The lines behind it wait too.
   */
  readonly handlingDelayMs?: (line: string) => number;
  /**
   * Report every `<Signal>` as lost to a pipeline start, as pwsh does when the Signal is handled while the pipeline
   * is starting: the line pwsh -sshs and a named pipe server write then (a command transport error with no
   * message), before the `<SignalAck>` or, as a slow server thread may, after the pipeline's `<CloseAck>`.
   */
  readonly reportStopRace?: 'before-signal-ack' | 'after-close-ack';
}

/** What pwsh -sshs and a named pipe server write when a command's transport manager fails. */
export const COMMAND_TRANSPORT_ERROR_LINE = '__NamedPipeError__:Remote transport error: ';

/** One line on the wire, in the order the peer saw or wrote it. */
export interface TranscriptLine {
  readonly from: 'client' | 'peer';
  readonly line: string;
}

/** One whole PSRP message the client sent, as the peer reassembled it. */
export interface ReceivedClientMessage {
  /** The PSGuid of the `<Data>` lines that carried it. */
  readonly guid: string;
  readonly stream: ClientStream;
  readonly messageType: number;
  /** Size of its data (the CLIXML after the 40-byte header, BOM excluded). */
  readonly dataBytes: number;
}

interface PipelineOnPeer {
  readonly pid: string;
  commandAcked: boolean;
  signalled: boolean;
  /** null until its CREATE_PIPELINE arrived. */
  takesInput: boolean | null;
  recorded: RecordedPipeline | null;
  /** The final PIPELINE_STATE, while `holdPipelineEnd` keeps the pipeline running. */
  heldEnd: RecordedMessage | null;
}

type PendingInput = { readonly kind: 'line'; readonly line: string; readonly packets: readonly ClientPacket[] } | { readonly kind: 'end' };

/** How much of an offending line a violation keeps. */
const QUOTED_LINE_CHARS = 200;

/** What writing to a process that has exited gives in Node: the pipe is broken. */
function brokenPipeError(): NodeJS.ErrnoException {
  return Object.assign(new Error('write EPIPE: the out-of-proc peer has exited'), { code: 'EPIPE' });
}

export class OutOfProcReplayPeer implements LineConnection {
  readonly lines: AsyncIterable<string>;
  readonly #server: RecordedServer;
  readonly #holdPipelineEnd: boolean;
  readonly #maxLineChars: number;
  readonly #handlingDelayMs: (line: string) => number;
  readonly #reportStopRace: OutOfProcReplayPeerOptions['reportStopRace'];
  readonly #output = new LineQueue();
  readonly #input: PendingInput[] = [];
  readonly #violations: OutOfProcViolation[] = [];
  readonly #mismatches: string[] = [];
  readonly #transcript: TranscriptLine[] = [];
  readonly #received: ReceivedClientMessage[] = [];
  readonly #pipelines = new Map<string, PipelineOnPeer>();
  readonly #inputCounts = new Map<string, number>();
  /** PSGuids with a `<Data>` the peer has not acked yet. */
  readonly #awaitingDataAck = new Set<string>();
  readonly #defragmenters = new Map<string, Defragmenter>();
  readonly #fragmenters = new Map<string, Fragmenter>();
  readonly #ended: Promise<PeerEnd>;
  #resolveEnded: (end: PeerEnd) => void = () => undefined;
  #stderr = '';
  #exitCode: number | null = null;
  #inputEnded = false;
  #scheduled = false;
  #rpid: string | null = null;
  #capabilityReceived = false;
  #poolClosePending = false;
  #sessionClosed = false;
  #nextRecordedPipeline = 0;

  constructor(server: RecordedServer, options: OutOfProcReplayPeerOptions = {}) {
    this.#server = server;
    this.#holdPipelineEnd = options.holdPipelineEnd ?? false;
    this.#maxLineChars = options.maxLineChars ?? MAX_CLIENT_LINE_CHARS;
    this.#handlingDelayMs = options.handlingDelayMs ?? (() => 0);
    this.#reportStopRace = options.reportStopRace;
    this.lines = this.#output;
    this.#ended = new Promise((resolve) => (this.#resolveEnded = resolve));
  }

  /** A peer answering with the server messages of one recording file. */
  static async fromRecording(path: string, options: OutOfProcReplayPeerOptions = {}): Promise<OutOfProcReplayPeer> {
    return new OutOfProcReplayPeer(await loadRecordedServer(path), options);
  }

  /** Every rule the client broke (the peer stops at the first, as pwsh does). */
  get violations(): readonly OutOfProcViolation[] {
    return this.#violations;
  }

  /** Client requests the recording holds no answer for (a replay gap, not a protocol violation). */
  get mismatches(): readonly string[] {
    return this.#mismatches;
  }

  /** Every line read and written, in order. */
  get transcript(): readonly TranscriptLine[] {
    return this.#transcript;
  }

  /** Every PSRP message the client sent, reassembled. */
  get received(): readonly ReceivedClientMessage[] {
    return this.#received;
  }

  /** null while running; 0 after EOF or an empty line; 4000 after a violation. */
  get exitCode(): number | null {
    return this.#exitCode;
  }

  /** True once the pool's `<CloseAck>` went out. */
  get sessionClosed(): boolean {
    return this.#sessionClosed;
  }

  /** PIPELINE_INPUT messages received for a pipeline, open or closed. */
  inputsReceived(pid: string): number {
    return this.#inputCounts.get(pid) ?? 0;
  }

  /** What the client writes: one line, or several joined by `\n` in one write (pwsh reads them one by one). */
  async writeLine(text: string): Promise<void> {
    if (this.#exitCode !== null || this.#inputEnded) throw brokenPipeError();
    for (const line of text.split('\n')) {
      // Lines after the one that ended the peer went into the pipe unread, as they would with pwsh.
      if (this.#exitCode !== null || this.#inputEnded) return;
      await this.#readLine(line);
    }
  }

  async #readLine(line: string): Promise<void> {
    this.#transcript.push({ from: 'client', line });
    if (line === '') {
      this.#endInput();
      return;
    }
    const parsed = parseClientLine(line, this.#maxLineChars);
    if (!parsed.ok) return this.#violate(parsed.broken, line);
    for (const packet of parsed.packets) {
      const broken = this.#admit(packet);
      if (broken) return this.#violate(broken, line);
    }
    this.#enqueue({ kind: 'line', line, packets: parsed.packets });
  }

  readonly description = 'the replayed PowerShell peer';

  /** How the peer ended, once it has. */
  ended(): Promise<PeerEnd> {
    return this.#ended;
  }

  /** Ends stdin: pwsh finishes the lines it read and exits 0 (or has already exited with 4000). */
  close(): Promise<PeerEnd> {
    if (this.#exitCode === null && !this.#inputEnded) this.#endInput();
    return this.#ended;
  }

  /** Sends the final PIPELINE_STATE of every pipeline `holdPipelineEnd` kept running. */
  finishPipelines(): void {
    for (const pipeline of this.#pipelines.values()) {
      const end = pipeline.heldEnd;
      pipeline.heldEnd = null;
      if (end && this.#rpid !== null && this.#exitCode === null) this.#sendMessage(pipeline.pid, readdressMessage(end, this.#rpid, pipeline.pid));
    }
  }

  /** Checks, as each line arrives, the sequencing a PowerShell client keeps (pwsh itself would not notice), and notes new pipelines. */
  #admit(packet: ClientPacket): RuleBreak | null {
    if (this.#sessionClosed) {
      return { rule: OUT_OF_PROC_RULES.afterSessionClose, message: `<${packet.kind}> after the session's CloseAck` };
    }
    const { guid } = packet;
    switch (packet.kind) {
      case 'Command':
        if (guid === EMPTY_GUID) return { rule: OUT_OF_PROC_RULES.commandForSession, message: '<Command> for the zero GUID, which is the session' };
        if (this.#pipelines.has(guid)) return { rule: OUT_OF_PROC_RULES.commandReused, message: `<Command> for ${guid}, which is already open` };
        this.#pipelines.set(guid, { pid: guid, commandAcked: false, signalled: false, takesInput: null, recorded: null, heldEnd: null });
        return null;
      case 'Data':
        if (guid !== EMPTY_GUID && !this.#pipelines.get(guid)?.commandAcked) {
          return { rule: OUT_OF_PROC_RULES.dataBeforeCommandAck, message: `<Data> for pipeline ${guid} before the server sent its CommandAck` };
        }
        if (this.#pipelines.get(guid)?.signalled) {
          return { rule: OUT_OF_PROC_RULES.dataAfterSignal, message: `<Data> for pipeline ${guid} after its <Signal>` };
        }
        if (this.#awaitingDataAck.has(guid)) {
          return { rule: OUT_OF_PROC_RULES.dataBeforeAck, message: `a second <Data> for ${guid} before the server acknowledged the first` };
        }
        this.#awaitingDataAck.add(guid);
        return null;
      case 'Signal': {
        const pipeline = this.#pipelines.get(guid);
        if (pipeline && (!pipeline.commandAcked || this.#awaitingDataAck.has(guid))) {
          return { rule: OUT_OF_PROC_RULES.signalBeforeAck, message: `<Signal> for pipeline ${guid} before the server acknowledged its last line` };
        }
        if (pipeline) pipeline.signalled = true;
        return null;
      }
      case 'Close':
        return null;
    }
  }

  #enqueue(item: PendingInput): void {
    this.#input.push(item);
    this.#schedule();
  }

  #endInput(): void {
    this.#inputEnded = true;
    this.#enqueue({ kind: 'end' });
  }

  /** One line per turn, so a client that does not wait for acks gets the chance to show it. */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    const run = () => {
      this.#scheduled = false;
      this.#processNext();
    };
    const next = this.#input[0];
    const delay = next?.kind === 'line' ? this.#handlingDelayMs(next.line) : 0;
    if (delay > 0) setTimeout(run, delay);
    else setImmediate(run);
  }

  #processNext(): void {
    const item = this.#input.shift();
    if (item === undefined || this.#exitCode !== null) return;
    if (item.kind === 'end') return this.#exit(PWSH_EXIT_CODE_SESSION_ENDED);
    for (const packet of item.packets) {
      this.#process(packet, item.line);
      if (this.#exitCode !== null) return;
    }
    if (this.#input.length > 0) this.#schedule();
  }

  #process(packet: ClientPacket, line: string): void {
    const { guid } = packet;
    switch (packet.kind) {
      case 'Command':
        this.#pipelines.get(guid)!.commandAcked = true;
        return this.#ack('CommandAck', guid);
      case 'Data':
        this.#receiveData(guid, packet.stream, packet.bytes, line);
        if (this.#exitCode !== null) return;
        this.#awaitingDataAck.delete(guid);
        return this.#ack('DataAck', guid);
      case 'Signal': {
        if (guid === EMPTY_GUID) {
          return this.#violate({ rule: OUT_OF_PROC_RULES.signalForSession, message: '<Signal> for the zero GUID: only a pipeline can be stopped' }, line);
        }
        const pipeline = this.#pipelines.get(guid);
        if (pipeline) pipeline.heldEnd = null;
        if (this.#reportStopRace === 'before-signal-ack') this.#write(COMMAND_TRANSPORT_ERROR_LINE);
        return this.#ack('SignalAck', guid);
      }
      case 'Close':
        return this.#close(guid);
    }
  }

  #close(guid: string): void {
    if (guid === EMPTY_GUID) {
      // pwsh blocks the session's Close until every command is closed; other lines keep being processed.
      this.#poolClosePending = true;
    } else {
      const signalled = this.#pipelines.get(guid)?.signalled ?? false;
      this.#pipelines.delete(guid);
      this.#ack('CloseAck', guid);
      if (signalled && this.#reportStopRace === 'after-close-ack') this.#write(COMMAND_TRANSPORT_ERROR_LINE);
    }
    if (this.#poolClosePending && this.#pipelines.size === 0) {
      this.#poolClosePending = false;
      this.#ack('CloseAck', EMPTY_GUID);
      this.#sessionClosed = true;
    }
  }

  #receiveData(guid: string, stream: ClientStream, bytes: Uint8Array, line: string): void {
    const key = `${guid}:${stream}`;
    let defragmenter = this.#defragmenters.get(key);
    if (!defragmenter) {
      defragmenter = new Defragmenter({ copyInput: true });
      this.#defragmenters.set(key, defragmenter);
    }
    let messages: PsrpMessage[];
    try {
      messages = defragmenter.push(bytes).map((raw) => decodeMessage(raw));
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return this.#violate({ rule: OUT_OF_PROC_RULES.badMessage, message: `fragments for ${guid} do not reassemble (${reason})` }, line);
    }
    for (const message of messages) {
      this.#received.push({ guid, stream, messageType: message.messageType, dataBytes: message.data.length });
      const broken = this.#checkAddress(guid, message);
      if (broken) return this.#violate(broken, line);
      const pipeline = this.#pipelines.get(guid);
      // Data for a pipeline closed meanwhile is dropped, as pwsh drops data for a PSGuid it does not know.
      if (guid !== EMPTY_GUID && !pipeline) continue;
      const problem = pipeline ? this.#onPipelineMessage(pipeline, message) : this.#onPoolMessage(message);
      if (problem) return this.#violate(problem, line);
    }
  }

  #checkAddress(guid: string, message: PsrpMessage): RuleBreak | null {
    const name = formatMessageType(message.messageType);
    if (message.destination !== Destination.Server) {
      return { rule: OUT_OF_PROC_RULES.badMessage, message: `${name} is addressed to destination ${message.destination}, not the server` };
    }
    if (message.pid !== guid) return { rule: OUT_OF_PROC_RULES.badMessage, message: `${name} for PID ${message.pid} travelled on PSGuid ${guid}` };
    this.#rpid ??= message.rpid;
    if (message.rpid !== this.#rpid) {
      return { rule: OUT_OF_PROC_RULES.badMessage, message: `${name} names RPID ${message.rpid} in the session of ${this.#rpid}` };
    }
    return null;
  }

  #onPoolMessage(message: PsrpMessage): RuleBreak | null {
    switch (message.messageType) {
      case PeerMessageType.SESSION_CAPABILITY:
        this.#capabilityReceived = true;
        return null;
      case PeerMessageType.INIT_RUNSPACEPOOL:
        if (!this.#capabilityReceived) return { rule: OUT_OF_PROC_RULES.badMessage, message: 'INIT_RUNSPACEPOOL before SESSION_CAPABILITY' };
        for (const recorded of this.#server.opening) this.#sendMessage(EMPTY_GUID, readdressMessage(recorded, message.rpid, EMPTY_GUID));
        return null;
      default:
        this.#mismatches.push(`${formatMessageType(message.messageType)} on the pool: ${this.#server.source} holds no answer to it`);
        return null;
    }
  }

  #onPipelineMessage(pipeline: PipelineOnPeer, message: PsrpMessage): RuleBreak | null {
    const name = formatMessageType(message.messageType);
    switch (message.messageType) {
      case PeerMessageType.CREATE_PIPELINE: {
        if (pipeline.takesInput !== null) return { rule: OUT_OF_PROC_RULES.badMessage, message: `a second CREATE_PIPELINE for ${pipeline.pid}` };
        pipeline.takesInput = createPipelineTakesInput(message.data);
        if (pipeline.takesInput === null) return { rule: OUT_OF_PROC_RULES.badMessage, message: 'CREATE_PIPELINE without a NoInput property' };
        pipeline.recorded = this.#takeRecordedPipeline();
        if (!pipeline.takesInput) this.#play(pipeline);
        return null;
      }
      case PeerMessageType.PIPELINE_INPUT:
      case PeerMessageType.END_OF_PIPELINE_INPUT:
        if (pipeline.takesInput !== true) {
          return { rule: OUT_OF_PROC_RULES.badMessage, message: `${name} for ${pipeline.pid}, which was not created to take input` };
        }
        if (message.messageType === PeerMessageType.PIPELINE_INPUT) this.#inputCounts.set(pipeline.pid, this.inputsReceived(pipeline.pid) + 1);
        else this.#play(pipeline);
        return null;
      default:
        this.#mismatches.push(`${name} for pipeline ${pipeline.pid}: ${this.#server.source} holds no answer to it`);
        return null;
    }
  }

  #takeRecordedPipeline(): RecordedPipeline | null {
    const recorded = this.#server.pipelines[this.#nextRecordedPipeline];
    this.#nextRecordedPipeline++;
    if (recorded) return recorded;
    this.#mismatches.push(
      `pipeline ${this.#nextRecordedPipeline}: ${this.#server.source} holds only ${this.#server.pipelines.length} recorded pipelines`,
    );
    return null;
  }

  #play(pipeline: PipelineOnPeer): void {
    const messages = pipeline.recorded?.messages ?? [];
    const last = messages.at(-1);
    const holdLast = this.#holdPipelineEnd && last?.messageType === PeerMessageType.PIPELINE_STATE;
    if (holdLast) pipeline.heldEnd = last;
    for (const message of holdLast ? messages.slice(0, -1) : messages) {
      this.#sendMessage(pipeline.pid, readdressMessage(message, this.#rpid!, pipeline.pid));
    }
  }

  /** One `<Data>` per fragment of at most 32 KiB, each target with its own object ids, as pwsh's transport managers. */
  #sendMessage(guid: string, message: Uint8Array): void {
    let fragmenter = this.#fragmenters.get(guid);
    if (!fragmenter) {
      fragmenter = new Fragmenter({ maxFragmentBytes: OUT_OF_PROC_FRAGMENT_BYTES });
      this.#fragmenters.set(guid, fragmenter);
    }
    for (const fragment of fragmenter.fragment(message)) this.#write(encodeDataPacket('Default', guid, encodeBase64(fragment)));
  }

  #ack(kind: 'DataAck' | 'CommandAck' | 'CloseAck' | 'SignalAck', guid: string): void {
    this.#write(encodeControlPacket(kind, guid));
  }

  #write(line: string): void {
    this.#transcript.push({ from: 'peer', line });
    this.#output.push(line);
  }

  #violate(broken: RuleBreak, line: string): void {
    const quoted = line.length > QUOTED_LINE_CHARS ? `${line.slice(0, QUOTED_LINE_CHARS)}…` : line;
    this.#violations.push({ ...broken, line: quoted });
    this.#stderr += `${broken.message}\n`;
    this.#exit(PWSH_EXIT_CODE_PROTOCOL_ERROR);
  }

  #exit(exitCode: number): void {
    if (this.#exitCode !== null) return;
    this.#exitCode = exitCode;
    this.#input.length = 0;
    this.#output.end();
    this.#resolveEnded({ exitCode, stderr: this.#stderr });
  }
}
