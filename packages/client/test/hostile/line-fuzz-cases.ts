/**
 * The inputs of the out-of-proc line fuzzer, shared by the seeded slice npm test runs (line-fuzz.test.ts) and the
 * long run of scripts/fuzz.mjs (issue 12). One case is a batch of lines as a peer writes them: valid packets (data
 * for the pool, for the pipelines the client runs, for ids it never created; acks), mutated packets and garbage,
 * joined with LF or CRLF, cut into chunks; data carries fragments of real and broken messages, sometimes mutated.
 * Each batch goes through what the client does with a peer's bytes: LineSplitter, parsePacket, and for data lines
 * the opened RunspacePoolMachine. What must hold:
 * - LineSplitter and parsePacket throw nothing but PsrpProtocolError; a parsed packet encodes back to itself;
 * - the machine throws nothing but a PsrpError, and only for the pool's own data (a pipeline's bad data fails
 *   that pipeline, as an event); data for ids it never created leaves no state behind.
 */
import { ClixmlError } from '@psrp/clixml';
import { Destination, EMPTY_GUID, FragmentError, Fragmenter, encodeBase64, encodeMessage } from '@psrp/fragment';
import { PsrpError, PsrpProtocolError } from '../../src/index.js';
import {
  MAX_PACKET_LINE_CHARS,
  MessageType,
  RunspacePoolMachine,
  RunspacePoolState,
  buildNullHostInfo,
  encodeControlPacket,
  encodeDataPacket,
  parsePacket,
  type OutOfProcPacket,
} from '../../src/protocol.js';
import { LineSplitter } from '../../src/transport/out-of-proc/line-splitter.js';
import type { SeededRandom } from '../../../../test-support/seeded-random.js';

export interface LineTally {
  lines: number;
  packets: number;
  refusedLines: number;
  poolFailures: number;
  pipelineFailures: number;
  events: number;
}

const RPID = '0b5a2a4c-8d4e-4a38-9e0c-5f2b1a7c3d11';
const CAPABILITY =
  '<Obj RefId="0"><MS><Version N="protocolversion">2.3</Version><Version N="PSVersion">2.0</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>';
const OPENED = '<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>';
const BODIES: [messageType: number, text: string][] = [
  [MessageType.PIPELINE_OUTPUT, '<S>hello</S>'],
  [MessageType.PIPELINE_OUTPUT, '<I32>42</I32>'],
  [MessageType.PIPELINE_OUTPUT, '<Obj RefId="0"><MS><S N="a">x</S><Ref N="b" RefId="0" /></MS></Obj>'],
  [MessageType.PIPELINE_OUTPUT, '<Obj RefId="0"><MS><S N="a">x'],
  [MessageType.PIPELINE_STATE, '<Obj RefId="0"><MS><I32 N="PipelineState">4</I32></MS></Obj>'],
  [MessageType.PIPELINE_STATE, '<Obj RefId="0"><MS><I32 N="PipelineState">99</I32></MS></Obj>'],
  [MessageType.WARNING_RECORD, '<Obj RefId="0"><ToString>careful</ToString><MS><S N="Message">careful</S></MS></Obj>'],
  [MessageType.RUNSPACEPOOL_STATE, OPENED],
  [MessageType.RUNSPACEPOOL_STATE, '<Obj RefId="0"><MS><I32 N="RunspaceState">'],
  [MessageType.APPLICATION_PRIVATE_DATA, '<Obj RefId="0"><MS><Obj N="ApplicationPrivateData" RefId="1"><DCT /></Obj></MS></Obj>'],
  [MessageType.SESSION_CAPABILITY, CAPABILITY],
  [0x00041ffe, '<S>unknown message type</S>'],
  [MessageType.PIPELINE_OUTPUT, ''],
];
const CONTROL_KINDS = ['DataAck', 'CommandAck', 'CloseAck', 'SignalAck', 'Command', 'Close', 'Signal'] as const;
const JUNK = ['<', '>', "'", '"', ' ', '\u0000', 'é', '=', '/', 'A', '+', '==', '<Data', '</Data>', "Stream='Default'", "PSGuid='", '\r', '-'];

function messageBytes(messageType: number, pid: string, text: string, destination: number = Destination.Client): Uint8Array {
  return encodeMessage({ destination, messageType, rpid: RPID, pid, data: new TextEncoder().encode(`\ufeff${text}`) });
}

function randomGuid(random: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => '0123456789abcdef'[random.below(16)]).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An opened machine with two running pipelines, rebuilt whenever the fuzz breaks or closes it. */
export class LineFuzzPeer {
  machine!: RunspacePoolMachine;
  pipelines: string[] = [];
  #pipelineCount = 0;

  constructor() {
    this.#open();
  }

  #open(): void {
    this.machine = new RunspacePoolMachine({
      rpid: RPID,
      protocolVersion: '2.3',
      minRunspaces: 1,
      maxRunspaces: 1,
      hostInfo: buildNullHostInfo(),
      maxPayloadBytes: 32768,
      maxReceivedObjectBytes: 64 * 1024,
      maxReceivedDataBytesPerCommand: null,
    });
    this.machine.open();
    while (this.machine.dataToSend()) {}
    const fragmenter = new Fragmenter({ maxFragmentBytes: 32768 });
    for (const [type, text] of [[MessageType.SESSION_CAPABILITY, CAPABILITY], [MessageType.RUNSPACEPOOL_STATE, OPENED]] as const) {
      for (const fragment of fragmenter.fragment(messageBytes(type, EMPTY_GUID, text))) this.machine.receive(encodeBase64(fragment), null);
    }
    while (this.machine.nextEvent()) {}
    this.pipelines = [];
    this.refresh();
  }

  /** Keeps two pipelines running (the fuzz ends them), and the pool open. */
  refresh(): void {
    if (this.machine.state !== RunspacePoolState.Opened) return this.#open();
    this.pipelines = this.pipelines.filter((pid) => this.machine.pipelineState(pid) !== null);
    while (this.pipelines.length < 2) {
      const pid = `00000000-0000-4000-8000-${(++this.#pipelineCount).toString(16).padStart(12, '0')}`;
      this.machine.createPipeline(pid, { statements: [[{ command: 'Get-Date', isScript: false, useLocalScope: null, parameters: [], mergeToOutput: [] }]], noInput: true, addToHistory: false, isNested: false, hostInfo: buildNullHostInfo() });
      this.pipelines.push(pid);
    }
    while (this.machine.dataToSend()) {}
  }
}

function dataLines(random: SeededRandom, peer: LineFuzzPeer): string[] {
  const target = random.pick([EMPTY_GUID, EMPTY_GUID, ...peer.pipelines, ...peer.pipelines, randomGuid(random)]);
  const [type, text] = random.pick(BODIES);
  let bytes = messageBytes(type, target === EMPTY_GUID ? EMPTY_GUID : target, text, random.below(20) === 0 ? Destination.Server : Destination.Client);
  if (random.below(8) === 0) bytes = Uint8Array.from({ length: random.below(120) }, () => random.below(256));
  const fragmenter = new Fragmenter({ maxFragmentBytes: 22 + random.below(200), firstObjectId: 1 + random.below(1000) });
  return fragmenter.fragment(bytes).map((fragment) => {
    let piece = fragment;
    if (random.below(6) === 0 && piece.length > 0) {
      piece = piece.slice();
      piece[random.below(piece.length)] = random.pick([0, 1, 2, 3, 0x7f, 0xff, random.below(256)]);
    }
    return encodeDataPacket(random.below(6) === 0 ? 'PromptResponse' : 'Default', target, encodeBase64(piece));
  });
}

function mutateLine(random: SeededRandom, line: string): string {
  const at = random.below(line.length + 1);
  switch (random.below(4)) {
    case 0:
      return line.slice(0, at) + line.slice(at + 1 + random.below(4));
    case 1:
      return line.slice(0, at) + random.pick(JUNK) + line.slice(at);
    case 2:
      return line.slice(0, at) + random.pick(JUNK) + line.slice(at + 1);
    default:
      return line.slice(0, at);
  }
}

function batch(random: SeededRandom, peer: LineFuzzPeer): string[] {
  const lines: string[] = [];
  for (let count = 1 + random.below(3); count > 0; count--) {
    switch (random.below(5)) {
      case 0:
        lines.push(encodeControlPacket(random.pick(CONTROL_KINDS), random.pick([EMPTY_GUID, ...peer.pipelines, randomGuid(random)])));
        break;
      case 1:
        lines.push(Array.from({ length: random.below(60) }, () => String.fromCharCode(random.below(random.below(4) === 0 ? 0x10000 : 128))).join('').replace(/[\r\n]/g, ''));
        break;
      default:
        lines.push(...dataLines(random, peer));
    }
  }
  return lines.map((line) => (random.below(5) === 0 ? mutateLine(random, line) : line));
}

function failure(what: string, lines: readonly string[], cause?: unknown): Error {
  return new Error(`line fuzz: ${what}; lines ${JSON.stringify(lines).slice(0, 4000)}`, { cause });
}

/**
 * The machine wraps what a lower layer threw (a ClixmlError, a FragmentError) in a PsrpError with it as `cause`; a
 * cause of any other kind (a TypeError in a reader, in CLIXML) is a crash the wrapping would hide.
 */
function untypedCause(error: unknown): unknown {
  let cause = (error as Error).cause;
  while (cause instanceof PsrpError) cause = cause.cause;
  return cause === undefined || cause instanceof ClixmlError || cause instanceof FragmentError ? null : cause;
}

function samePacket(left: OutOfProcPacket, right: OutOfProcPacket): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** Runs case `index`: one batch through LineSplitter, parsePacket and the machine; throws when an invariant breaks. */
export function lineCase(random: SeededRandom, peer: LineFuzzPeer, tally: LineTally): void {
  peer.refresh();
  const lines = batch(random, peer);
  const text = lines.map((line) => `${line}${random.below(4) === 0 ? '\r\n' : '\n'}`).join('');
  const splitter = new LineSplitter(random.pick([64, 4096, MAX_PACKET_LINE_CHARS]));
  const received: string[] = [];
  try {
    for (let offset = 0; offset < text.length; ) {
      const size = 1 + random.below(Math.max(1, text.length - offset));
      received.push(...splitter.push(text.slice(offset, offset + size)));
      offset += size;
    }
  } catch (error) {
    if (!(error instanceof PsrpProtocolError)) throw failure(`LineSplitter threw ${(error as Error)?.name}`, lines, error);
    tally.refusedLines += 1;
  }
  for (const line of received) {
    tally.lines += 1;
    let packet: OutOfProcPacket;
    try {
      packet = parsePacket(line);
    } catch (error) {
      if (!(error instanceof PsrpProtocolError)) throw failure(`parsePacket threw ${(error as Error)?.name}`, [line], error);
      tally.refusedLines += 1;
      continue;
    }
    tally.packets += 1;
    const again = parsePacket(packet.kind === 'Data' ? encodeDataPacket(packet.stream, packet.guid, packet.base64) : encodeControlPacket(packet.kind, packet.guid));
    if (!samePacket(packet, again)) throw failure('a packet did not encode back to itself', [line]);
    if (packet.kind !== 'Data' || peer.machine.state !== RunspacePoolState.Opened) continue;
    const target = packet.guid === EMPTY_GUID ? null : packet.guid;
    try {
      peer.machine.receive(packet.base64, target);
    } catch (error) {
      if (!(error instanceof PsrpError)) throw failure(`the machine threw ${(error as Error)?.name}: ${(error as Error)?.message}`, [line], error);
      const cause = untypedCause(error);
      if (cause !== null) throw failure(`the machine's ${error.name} hides a ${(cause as Error)?.name}: ${(cause as Error)?.message}`, [line], error);
      if (target !== null) throw failure('the machine threw for a pipeline instead of failing it', [line], error);
      tally.poolFailures += 1;
    }
    for (let event = peer.machine.nextEvent(); event; event = peer.machine.nextEvent()) {
      tally.events += 1;
      if (event.type === 'pipeline-failed') {
        tally.pipelineFailures += 1;
        const cause = untypedCause(event.error);
        if (cause !== null) throw failure(`a pipeline failed with a ${event.error.name} hiding a ${(cause as Error)?.name}: ${(cause as Error)?.message}`, [line], event.error);
      }
      if ('pid' in event && event.pid !== null && !peer.pipelines.includes(event.pid)) throw failure(`an event for ${event.pid}, which the client never created`, [line]);
    }
    if (target !== null && !peer.pipelines.includes(target) && peer.machine.pipelineState(target) !== null) {
      throw failure('the machine keeps state for an id it never created', [line]);
    }
  }
}
