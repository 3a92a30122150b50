/**
 * The out-of-proc replay peer (the stand-in for `pwsh -s`, which cannot be installed here) driven line by line as
 * a client would: a correct sequence ends with exit 0, each rule pwsh enforces and each ack rule PowerShell's client
 * keeps ends it with exit 4000 and a recorded violation. Server answers come from
 * ../shared/fixtures/pypsrp-recordings (RecordingsMissingError names the path when the folder is absent).
 */
import { describe, expect, it } from 'vitest';
import {
  Defragmenter,
  Destination,
  EMPTY_GUID,
  FRAGMENT_HEADER_BYTES,
  Fragmenter,
  MESSAGE_HEADER_BYTES,
  OUT_OF_PROC_FRAGMENT_BYTES,
  decodeBase64,
  decodeMessage,
  encodeBase64,
  encodeMessage,
  joinChunks,
} from '@psrp/fragment';
import {
  OUT_OF_PROC_RULES,
  OutOfProcReplayPeer,
  loadRecordedServer,
  recordingPath,
  type OutOfProcReplayPeerOptions,
  type OutOfProcRule,
  type RecordedServer,
} from '../src/index.js';

const RPID = '0c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5';
const PID = '4218a578-0f18-4b19-82c3-46b433319126';
const SECOND_PID = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c5d';
const Type = {
  SESSION_CAPABILITY: 0x00010002,
  INIT_RUNSPACEPOOL: 0x00010004,
  APPLICATION_PRIVATE_DATA: 0x00021009,
  RUNSPACEPOOL_STATE: 0x00021005,
  CREATE_PIPELINE: 0x00021006,
  PIPELINE_INPUT: 0x00041002,
  END_OF_PIPELINE_INPUT: 0x00041003,
  PIPELINE_OUTPUT: 0x00041004,
  PIPELINE_STATE: 0x00041006,
} as const;
const CREATE_WITHOUT_INPUT = '<Obj RefId="0"><MS><B N="NoInput">true</B></MS></Obj>';
const CREATE_WITH_INPUT = '<Obj RefId="0"><MS><B N="NoInput">false</B></MS></Obj>';
const LARGE_OUTPUT_CHARS = 100_000;
const PWSH_PROTOCOL_ERROR = 4000;

const servers = new Map<string, Promise<RecordedServer>>();
function recorded(file: string): Promise<RecordedServer> {
  if (!servers.has(file)) servers.set(file, loadRecordedServer(recordingPath(file)));
  return servers.get(file)!;
}

/** A hand-driven client: writes lines, reads what the peer writes, builds PSRP data the way a client does. */
class WireClient {
  readonly peerLines: string[] = [];
  readonly #fragmenter = new Fragmenter({ maxFragmentBytes: OUT_OF_PROC_FRAGMENT_BYTES });
  #wake: (() => void) | null = null;
  #ended = false;

  constructor(readonly peer: OutOfProcReplayPeer) {
    void (async () => {
      for await (const line of peer.lines) {
        this.peerLines.push(line);
        this.#wake?.();
      }
      this.#ended = true;
      this.#wake?.();
    })();
  }

  static async start(file = 'test_psrp_stream_output_invocation.yml', options?: OutOfProcReplayPeerOptions): Promise<WireClient> {
    return new WireClient(new OutOfProcReplayPeer(await recorded(file), options));
  }

  write(line: string): Promise<void> {
    return this.peer.writeLine(line);
  }

  /** A `<Data>` line carrying whole messages, fragmented as a client fragments them. */
  data(guid: string, ...messages: [type: number, body: string][]): string {
    const fragments = messages.flatMap(([type, body]) =>
      this.#fragmenter.fragment(
        encodeMessage({ destination: Destination.Server, messageType: type, rpid: RPID, pid: guid, data: new TextEncoder().encode(body) }),
      ),
    );
    return dataLine(guid, joinChunks(fragments));
  }

  /** Waits until the peer wrote `line` for the `count`th time, or ended. */
  async until(line: string, count = 1): Promise<void> {
    while (!this.#ended && this.peerLines.filter((written) => written === line).length < count) {
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    expect(this.peerLines.filter((written) => written === line).length).toBeGreaterThanOrEqual(count);
  }

  async exchange(line: string, ack: string, count = 1): Promise<void> {
    await this.write(line);
    await this.until(ack, count);
  }

  async openPool(): Promise<void> {
    await this.exchange(this.data(EMPTY_GUID, [Type.SESSION_CAPABILITY, '<Obj RefId="0"><MS /></Obj>'], [Type.INIT_RUNSPACEPOOL, '<Obj RefId="0"><MS /></Obj>']), ack('DataAck', EMPTY_GUID));
  }

  async createPipeline(pid = PID, body = CREATE_WITHOUT_INPUT): Promise<void> {
    await this.exchange(`<Command PSGuid='${pid}' />`, ack('CommandAck', pid));
    await this.exchange(this.data(pid, [Type.CREATE_PIPELINE, body]), ack('DataAck', pid));
  }

  /** Every message the peer sent, reassembled, with the PSGuid of the lines that carried it. */
  messages(): { guid: string; messageType: number; rpid: string; pid: string; dataBytes: number }[] {
    const defragmenter = new Defragmenter();
    return this.peerLines.flatMap((line) => {
      const data = /^<Data Stream='Default' PSGuid='([0-9a-f-]{36})'>([A-Za-z0-9+/=]+)<\/Data>$/.exec(line);
      if (!data) return [];
      return defragmenter.push(decodeBase64(data[2]!)).map((bytes) => {
        const message = decodeMessage(bytes);
        return { guid: data[1]!, messageType: message.messageType, rpid: message.rpid, pid: message.pid, dataBytes: message.data.length };
      });
    });
  }
}

function ack(kind: string, guid: string): string {
  return `<${kind} PSGuid='${guid}' />`;
}

function dataLine(guid: string, bytes: Uint8Array): string {
  return `<Data Stream='Default' PSGuid='${guid}'>${encodeBase64(bytes)}</Data>`;
}

async function expectViolation(client: WireClient, rule: OutOfProcRule): Promise<void> {
  const end = await client.peer.close();
  expect(client.peer.violations.map((violation) => violation.rule)).toEqual([rule]);
  expect(end.exitCode).toBe(PWSH_PROTOCOL_ERROR);
  expect(client.peer.exitCode).toBe(PWSH_PROTOCOL_ERROR);
  expect(end.stderr).toBe(`${client.peer.violations[0]!.message}\n`);
}

describe('OutOfProcReplayPeer: a correct client', () => {
  it('opens the pool, runs a pipeline, closes, and exits 0 with nothing on stderr', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.createPipeline();
    await client.exchange(`<Close PSGuid='${PID}' />`, ack('CloseAck', PID));
    await client.exchange(`<Close PSGuid='${EMPTY_GUID}' />`, ack('CloseAck', EMPTY_GUID));
    expect(client.peer.sessionClosed).toBe(true);
    expect(await client.peer.close()).toEqual({ exitCode: 0, stderr: '' });
    expect(client.peer.violations).toEqual([]);
    expect(client.peer.mismatches).toEqual([]);
    expect(client.peer.received.map((message) => message.messageType)).toEqual([Type.SESSION_CAPABILITY, Type.INIT_RUNSPACEPOOL, Type.CREATE_PIPELINE]);
  });

  it('answers with the recorded server messages, readdressed to the client ids, before acking the line', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.createPipeline();
    const server = await recorded('test_psrp_stream_output_invocation.yml');
    const sent = client.messages();
    expect(sent.map((message) => message.messageType)).toEqual([
      ...server.opening.map((message) => message.messageType),
      ...server.pipelines[0]!.messages.map((message) => message.messageType),
    ]);
    // The first SESSION_CAPABILITY keeps its zero RPID, as the server sends it; all else names the client's pool.
    expect(sent[0]).toMatchObject({ guid: EMPTY_GUID, rpid: EMPTY_GUID, pid: EMPTY_GUID });
    expect(sent.slice(1, 3).every((message) => message.guid === EMPTY_GUID && message.rpid === RPID && message.pid === EMPTY_GUID)).toBe(true);
    expect(sent.slice(3).every((message) => message.guid === PID && message.rpid === RPID && message.pid === PID)).toBe(true);
    // The answers to a line come before its DataAck: pwsh acks once the line was processed.
    const lines = client.peerLines;
    expect(lines.indexOf(ack('DataAck', EMPTY_GUID))).toBe(server.opening.length);
    expect(lines.at(-1)).toBe(ack('DataAck', PID));
    await client.peer.close();
  });

  it('waits for END_OF_PIPELINE_INPUT before answering a pipeline created to take input, and counts the input', async () => {
    const client = await WireClient.start('test_psrp_run_protocol_version_2.3.yml');
    await client.openPool();
    await client.createPipeline(PID, CREATE_WITH_INPUT);
    expect(client.messages().filter((message) => message.guid === PID)).toEqual([]);
    await client.exchange(client.data(PID, [Type.PIPELINE_INPUT, '<S>one</S>'], [Type.PIPELINE_INPUT, '<I32>2</I32>']), ack('DataAck', PID), 2);
    expect(client.peer.inputsReceived(PID)).toBe(2);
    expect(client.messages().filter((message) => message.guid === PID)).toEqual([]);
    await client.exchange(client.data(PID, [Type.END_OF_PIPELINE_INPUT, '']), ack('DataAck', PID), 3);
    expect(client.messages().filter((message) => message.guid === PID).at(-1)?.messageType).toBe(Type.PIPELINE_STATE);
    expect(await client.peer.close()).toEqual({ exitCode: 0, stderr: '' });
  });

  it('answers a pool Close only after every open pipeline was closed, as pwsh blocks on it', async () => {
    const client = await WireClient.start('test_psrp_with_history.yml');
    await client.openPool();
    await client.createPipeline(PID);
    await client.createPipeline(SECOND_PID);
    await client.write(`<Close PSGuid='${EMPTY_GUID}' />`);
    await client.exchange(`<Close PSGuid='${PID}' />`, ack('CloseAck', PID));
    expect(client.peerLines).not.toContain(ack('CloseAck', EMPTY_GUID));
    expect(client.peer.sessionClosed).toBe(false);
    await client.exchange(`<Close PSGuid='${SECOND_PID}' />`, ack('CloseAck', EMPTY_GUID));
    expect(client.peerLines.slice(-2)).toEqual([ack('CloseAck', SECOND_PID), ack('CloseAck', EMPTY_GUID)]);
    expect(await client.peer.close()).toEqual({ exitCode: 0, stderr: '' });
  });

  it('plays the recorded pipelines in creation order and reports a pipeline the recording cannot answer', async () => {
    const client = await WireClient.start('test_psrp_clear_commands.yml');
    await client.openPool();
    await client.createPipeline(PID);
    await client.createPipeline(SECOND_PID);
    expect(client.messages().some((message) => message.guid === PID)).toBe(true);
    expect(client.messages().some((message) => message.guid === SECOND_PID)).toBe(false);
    expect(client.peer.mismatches).toEqual([expect.stringMatching(/pipeline 2: .*test_psrp_clear_commands\.yml holds only 1 recorded pipelines/)]);
    expect(client.peer.violations).toEqual([]);
    await client.peer.close();
  });

  it('holds the final PIPELINE_STATE of a running pipeline until finishPipelines(), and drops it after a Signal', async () => {
    const client = await WireClient.start('test_psrp_with_history.yml', { holdPipelineEnd: true });
    await client.openPool();
    await client.createPipeline(PID);
    await client.createPipeline(SECOND_PID);
    const states = () => client.messages().filter((message) => message.messageType === Type.PIPELINE_STATE);
    expect(states()).toEqual([]);
    await client.exchange(`<Signal PSGuid='${SECOND_PID}' />`, ack('SignalAck', SECOND_PID));
    client.peer.finishPipelines();
    // Lines arrive in order: once this CloseAck was read, whatever finishPipelines() wrote was read before it.
    await client.exchange(`<Close PSGuid='${PID}' />`, ack('CloseAck', PID));
    expect(states().map((message) => message.pid)).toEqual([PID]);
    await client.peer.close();
  });

  it('fragments a server message larger than 32 KiB into one <Data> per fragment', async () => {
    const server = await recorded('test_psrp_clear_commands.yml');
    const recordedPid = server.pipelines[0]!.recordedPid;
    const header = server.pipelines[0]!.messages[0]!.bytes.subarray(0, MESSAGE_HEADER_BYTES);
    const large = joinChunks([header, new TextEncoder().encode(`<S>${'x'.repeat(LARGE_OUTPUT_CHARS)}</S>`)]);
    const output = { ...decodeMessage(large), bytes: large };
    const client = new WireClient(
      new OutOfProcReplayPeer({ ...server, pipelines: [{ recordedPid, messages: [{ ...output, messageType: Type.PIPELINE_OUTPUT }] }] }),
    );
    await client.openPool();
    await client.createPipeline();
    const pipelineLines = client.peerLines.filter((line) => line.startsWith(`<Data Stream='Default' PSGuid='${PID}'>`));
    expect(pipelineLines.length).toBe(Math.ceil(large.length / (OUT_OF_PROC_FRAGMENT_BYTES - FRAGMENT_HEADER_BYTES)));
    for (const line of pipelineLines) expect(decodeBase64(line.slice(line.indexOf('>') + 1, -'</Data>'.length)).length).toBeLessThanOrEqual(OUT_OF_PROC_FRAGMENT_BYTES);
    expect(client.messages().find((message) => message.guid === PID)?.dataBytes).toBe(large.length - MESSAGE_HEADER_BYTES);
    await client.peer.close();
  });

  it('ends the session with exit 0 on an empty line, and refuses writes after it exited', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.write('');
    expect(await client.peer.close()).toEqual({ exitCode: 0, stderr: '' });
    await expect(client.write(`<Close PSGuid='${EMPTY_GUID}' />`)).rejects.toMatchObject({ code: 'EPIPE' });
  });

  it('accepts what pwsh accepts beyond the client shapes: double quotes, braced upper-case GUIDs, two elements per line', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.write(`<Command PSGuid="{${PID.toUpperCase()}}"/>`);
    await client.until(ack('CommandAck', PID));
    await client.exchange(`<Signal PSGuid='${PID}' /><Close PSGuid='${PID}' />`, ack('CloseAck', PID));
    expect(client.peerLines.slice(-2)).toEqual([ack('SignalAck', PID), ack('CloseAck', PID)]);
    expect(await client.peer.close()).toEqual({ exitCode: 0, stderr: '' });
  });
});

describe('OutOfProcReplayPeer: rules pwsh enforces end the session with exit 4000', () => {
  it.each([
    ['a client DataAck', `<DataAck PSGuid='${EMPTY_GUID}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['a client CommandAck', `<CommandAck PSGuid='${PID}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['a client CloseAck', `<CloseAck PSGuid='${PID}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['a client SignalAck', `<SignalAck PSGuid='${PID}' />`, OUT_OF_PROC_RULES.clientSentAck],
    ['an unknown element', `<Hello PSGuid='${PID}' />`, OUT_OF_PROC_RULES.unknownElement],
    ['an extra attribute', `<Close PSGuid='${PID}' Extra='1' />`, OUT_OF_PROC_RULES.attributeCount],
    ['Data with one attribute', `<Data PSGuid='${EMPTY_GUID}'>AAAA</Data>`, OUT_OF_PROC_RULES.attributeCount],
    ['leading whitespace', ` <Close PSGuid='${EMPTY_GUID}' />`, OUT_OF_PROC_RULES.unknownNode],
    ['trailing whitespace', `<Close PSGuid='${EMPTY_GUID}' /> `, OUT_OF_PROC_RULES.unknownNode],
    ['a Signal for the zero GUID', `<Signal PSGuid='${EMPTY_GUID}' />`, OUT_OF_PROC_RULES.signalForSession],
    ['bad base64', `<Data Stream='Default' PSGuid='${EMPTY_GUID}'>A*AA</Data>`, OUT_OF_PROC_RULES.badBase64],
    ['a bad GUID', "<Close PSGuid='0000-0000' />", OUT_OF_PROC_RULES.badGuid],
    ['a DOCTYPE', '<!DOCTYPE Data [<!ENTITY x "y">]>', OUT_OF_PROC_RULES.malformedXml],
    ['fragments that do not start an object', dataLine(EMPTY_GUID, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0)), OUT_OF_PROC_RULES.badMessage],
  ])('%s', async (_, line, rule) => {
    const client = await WireClient.start();
    await client.write(line);
    await expectViolation(client, rule);
    expect(client.peer.violations[0]!.line).toBe(line);
  });

  it('a line longer than the bound, refused before parsing', async () => {
    const client = await WireClient.start(undefined, { maxLineChars: 64 });
    await client.write(client.data(EMPTY_GUID, [Type.SESSION_CAPABILITY, '<Obj RefId="0"><MS /></Obj>']));
    await expectViolation(client, OUT_OF_PROC_RULES.lineTooLong);
  });

  it('a message addressed to another pipeline than the PSGuid it travels on', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.exchange(`<Command PSGuid='${PID}' />`, ack('CommandAck', PID));
    const misaddressed = client.data(SECOND_PID, [Type.CREATE_PIPELINE, CREATE_WITHOUT_INPUT]).replace(SECOND_PID, PID);
    await client.write(misaddressed);
    await expectViolation(client, OUT_OF_PROC_RULES.badMessage);
    expect(client.peer.violations[0]!.message).toMatch(/travelled on PSGuid/);
  });

  it('stops reading at the violation: the lines end and nothing more is answered', async () => {
    const client = await WireClient.start();
    await client.write(`<SignalAck PSGuid='${PID}' />`);
    await expect(client.write(`<Close PSGuid='${EMPTY_GUID}' />`)).rejects.toMatchObject({ code: 'EPIPE' });
    await expectViolation(client, OUT_OF_PROC_RULES.clientSentAck);
    expect(client.peerLines).toEqual([]);
  });
});

describe('OutOfProcReplayPeer: the ack discipline of PowerShell client, checked from its side', () => {
  it('a second <Data> for a PSGuid before its DataAck', async () => {
    const client = await WireClient.start();
    const first = client.data(EMPTY_GUID, [Type.SESSION_CAPABILITY, '<Obj RefId="0"><MS /></Obj>']);
    const second = client.data(EMPTY_GUID, [Type.INIT_RUNSPACEPOOL, '<Obj RefId="0"><MS /></Obj>']);
    await client.write(first);
    await client.write(second);
    await expectViolation(client, OUT_OF_PROC_RULES.dataBeforeAck);
    expect(client.peer.violations[0]!.line).toBe(second);
  });

  it('pipeline <Data> before the CommandAck', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.write(`<Command PSGuid='${PID}' />`);
    await client.write(client.data(PID, [Type.CREATE_PIPELINE, CREATE_WITHOUT_INPUT]));
    await expectViolation(client, OUT_OF_PROC_RULES.dataBeforeCommandAck);
  });

  it("pipeline <Data> after the pipeline's <Signal>", async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.exchange(`<Command PSGuid='${PID}' />`, ack('CommandAck', PID));
    await client.exchange(`<Signal PSGuid='${PID}' />`, ack('SignalAck', PID));
    await client.write(client.data(PID, [Type.CREATE_PIPELINE, CREATE_WITHOUT_INPUT]));
    await expectViolation(client, OUT_OF_PROC_RULES.dataAfterSignal);
  });

  it("a pipeline's <Signal> before the ack of its <Command> or of its <Data>", async () => {
    const beforeCommandAck = await WireClient.start();
    await beforeCommandAck.openPool();
    await beforeCommandAck.write(`<Command PSGuid='${PID}' />`);
    await beforeCommandAck.write(`<Signal PSGuid='${PID}' />`);
    await expectViolation(beforeCommandAck, OUT_OF_PROC_RULES.signalBeforeAck);
    const beforeDataAck = await WireClient.start();
    await beforeDataAck.openPool();
    await beforeDataAck.exchange(`<Command PSGuid='${PID}' />`, ack('CommandAck', PID));
    await beforeDataAck.write(beforeDataAck.data(PID, [Type.CREATE_PIPELINE, CREATE_WITHOUT_INPUT]));
    await beforeDataAck.write(`<Signal PSGuid='${PID}' />`);
    await expectViolation(beforeDataAck, OUT_OF_PROC_RULES.signalBeforeAck);
  });

  it('pipeline <Data> with no <Command> at all', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.write(client.data(PID, [Type.CREATE_PIPELINE, CREATE_WITHOUT_INPUT]));
    await expectViolation(client, OUT_OF_PROC_RULES.dataBeforeCommandAck);
  });

  it('a <Command> for a pipeline already open, or for the session', async () => {
    const reused = await WireClient.start();
    await reused.exchange(`<Command PSGuid='${PID}' />`, ack('CommandAck', PID));
    await reused.write(`<Command PSGuid='${PID}' />`);
    await expectViolation(reused, OUT_OF_PROC_RULES.commandReused);
    const session = await WireClient.start();
    await session.write(`<Command PSGuid='${EMPTY_GUID}' />`);
    await expectViolation(session, OUT_OF_PROC_RULES.commandForSession);
  });

  it('a line after the session was closed', async () => {
    const client = await WireClient.start();
    await client.openPool();
    await client.exchange(`<Close PSGuid='${EMPTY_GUID}' />`, ack('CloseAck', EMPTY_GUID));
    await client.write(`<Close PSGuid='${EMPTY_GUID}' />`);
    await expectViolation(client, OUT_OF_PROC_RULES.afterSessionClose);
  });

  it('INIT_RUNSPACEPOOL before SESSION_CAPABILITY', async () => {
    const client = await WireClient.start();
    await client.write(client.data(EMPTY_GUID, [Type.INIT_RUNSPACEPOOL, '<Obj RefId="0"><MS /></Obj>']));
    await expectViolation(client, OUT_OF_PROC_RULES.badMessage);
  });
});
