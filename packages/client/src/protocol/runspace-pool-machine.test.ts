/**
 * The protocol core driven with messages as real servers write them (bodies from the recorded Windows traffic and
 * MS-PSRP's examples), with no transport at all.
 */
import { PSObject, deserialize } from '@psrp/clixml';
import { Defragmenter, Destination, FragmentError, Fragmenter, decodeMessage, encodeBase64, encodeMessage, joinChunks } from '@psrp/fragment';
import { describe, expect, it } from 'vitest';
import { PsrpInvalidStateError, PsrpNegotiationError, PsrpProtocolError } from '../errors.js';
import { MessageType } from './message-type.js';
import { EMPTY_GUID, RunspacePoolMachine } from './runspace-pool-machine.js';
import { RunspacePoolState } from './runspace-pool-state.js';

const RPID = 'bc1bfbba-8215-4a04-b2df-7a3ac0310e16';
const PID = '4218a578-0f18-4b19-82c3-46b433319126';
const BOM = '\uFEFF';
const SERVER_CAPABILITY =
  '<Obj RefId="0"><MS><Version N="protocolversion">2.3</Version><Version N="PSVersion">2.0</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>';
const OPENED = '<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>';

const serverFragments = new Fragmenter({ maxFragmentBytes: 32_768 });

/** A message as a server sends it: UTF-8 with a BOM, fragmented, in base64 as the transports carry it. */
function fromServer(messageType: number, body: string, pid = EMPTY_GUID, rpid = RPID): string {
  const data = new TextEncoder().encode(BOM + body);
  const fragments = serverFragments.fragment(encodeMessage({ destination: Destination.Client, messageType, rpid, pid, data }));
  return encodeBase64(joinChunks(fragments));
}

/** A pipeline of one script, no input. */
const ONE_SCRIPT = {
  statements: [[{ command: 'x', isScript: true, useLocalScope: null, parameters: [] }]],
  noInput: true,
  addToHistory: false,
  isNested: false,
} as const;

function newMachine(): RunspacePoolMachine {
  return new RunspacePoolMachine({ rpid: RPID, protocolVersion: '2.3', minRunspaces: 1, maxRunspaces: 2, maxPayloadBytes: 32_768 });
}

function openedMachine(): RunspacePoolMachine {
  const machine = newMachine();
  machine.open();
  machine.dataToSend();
  machine.receive(fromServer(MessageType.SESSION_CAPABILITY, SERVER_CAPABILITY, EMPTY_GUID, EMPTY_GUID));
  machine.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, OPENED));
  while (machine.nextEvent());
  return machine;
}

function sentMessages(machine: RunspacePoolMachine) {
  const defragmenter = new Defragmenter();
  const messages = [];
  for (let payload = machine.dataToSend(); payload; payload = machine.dataToSend()) {
    messages.push(...defragmenter.push(payload.data).map((raw) => ({ payload, message: decodeMessage(raw) })));
  }
  return messages;
}

function events(machine: RunspacePoolMachine) {
  const all = [];
  for (let event = machine.nextEvent(); event; event = machine.nextEvent()) all.push(event);
  return all;
}

describe('RunspacePoolMachine', () => {
  it('opens with SESSION_CAPABILITY and INIT_RUNSPACEPOOL in one payload, as PowerShell does', () => {
    const machine = newMachine();
    machine.open();
    expect(machine.state).toBe(RunspacePoolState.NegotiationSent);
    const sent = sentMessages(machine);
    expect(sent.map(({ message }) => message.messageType)).toEqual([MessageType.SESSION_CAPABILITY, MessageType.INIT_RUNSPACEPOOL]);
    expect(new Set(sent.map(({ payload }) => payload))).toHaveProperty('size', 1);
    for (const { message } of sent) {
      expect(message.destination).toBe(Destination.Server);
      expect(message.rpid).toBe(RPID);
      expect(message.pid).toBe(EMPTY_GUID);
    }
    // Byte for byte what PowerShell's client and the recorded clients send (MS-PSRP 2.2.2.1 without TimeZone).
    expect(new TextDecoder().decode(sent[0]!.message.data)).toBe(SERVER_CAPABILITY);
    const init = deserialize(new TextDecoder().decode(sent[1]!.message.data)) as PSObject;
    expect(init.get('MinRunspaces')).toBe(1);
    expect(init.get('MaxRunspaces')).toBe(2);
    expect((init.get('PSThreadOptions') as PSObject).typeNames[0]).toBe('System.Management.Automation.Runspaces.PSThreadOptions');
    expect((init.get('HostInfo') as PSObject).get('_isHostNull')).toBe(true);
    expect(init.get('ApplicationArguments')).toBeNull();
  });

  it('negotiates, accepts the zeroed RPID on the server capability, and reaches Opened', () => {
    const machine = newMachine();
    machine.open();
    machine.dataToSend();
    machine.receive(fromServer(MessageType.SESSION_CAPABILITY, SERVER_CAPABILITY, EMPTY_GUID, EMPTY_GUID));
    expect(machine.state).toBe(RunspacePoolState.NegotiationSucceeded);
    machine.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, OPENED));
    expect(events(machine).map((event) => event.type)).toEqual(['session-capability', 'pool-state']);
    expect(machine.state).toBe(RunspacePoolState.Opened);
    expect(machine.serverCapability).toEqual({ protocolVersion: '2.3', psVersion: '2.0', serializationVersion: '1.1.0.1' });
  });

  it('refuses a server that speaks another major protocol version', () => {
    const machine = newMachine();
    machine.open();
    const capability = SERVER_CAPABILITY.replace('>2.3<', '>3.0<');
    expect(() => machine.receive(fromServer(MessageType.SESSION_CAPABILITY, capability))).toThrow(PsrpNegotiationError);
  });

  it('creates a pipeline whose payload starts it, with the commands, parameters and statements given', () => {
    const machine = openedMachine();
    machine.createPipeline(PID, {
      statements: [
        [
          { command: 'Get-Item', isScript: false, useLocalScope: null, parameters: [{ name: 'Path', value: 'C:\\' }] },
          { command: 'Select-Object', isScript: false, useLocalScope: null, parameters: [{ name: null, value: 'Name' }] },
        ],
        [{ command: '1 + 1', isScript: true, useLocalScope: true, parameters: [] }],
      ],
      noInput: true,
      addToHistory: false,
      isNested: false,
    });
    const [sent] = sentMessages(machine);
    expect(sent!.payload.createsPipeline).toBe(true);
    expect(sent!.message.pid).toBe(PID);
    expect(sent!.message.messageType).toBe(MessageType.CREATE_PIPELINE);
    const body = deserialize(new TextDecoder().decode(sent!.message.data)) as PSObject;
    const powershell = body.get('PowerShell') as PSObject;
    const cmds = (powershell.get('Cmds') as PSObject).baseValue as PSObject[];
    expect(cmds.map((cmd) => cmd.get('Cmd'))).toEqual(['Get-Item', 'Select-Object']);
    const args = (cmds[0]!.get('Args') as PSObject).baseValue as PSObject[];
    expect(args.map((arg) => [arg.get('N'), arg.get('V')])).toEqual([['Path', 'C:\\']]);
    const positional = (cmds[1]!.get('Args') as PSObject).baseValue as PSObject[];
    expect(positional.map((arg) => [arg.get('N'), arg.get('V')])).toEqual([[null, 'Name']]);
    const extra = (powershell.get('ExtraCmds') as PSObject).baseValue as PSObject[];
    expect(extra).toHaveLength(2);
    const second = ((extra[1]!.get('Cmds') as PSObject).baseValue as PSObject[])[0]!;
    expect([second.get('Cmd'), second.get('IsScript'), second.get('UseLocalScope')]).toEqual(['1 + 1', true, true]);
    expect(body.get('NoInput')).toBe(true);
  });

  it('turns pipeline messages into events for that pipeline and forgets it once it ends', () => {
    const machine = openedMachine();
    machine.createPipeline(PID, ONE_SCRIPT);
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>output stream</S>', PID));
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<I32>123</I32>', PID));
    machine.receive(
      fromServer(
        MessageType.WARNING_RECORD,
        '<Obj RefId="0"><ToString>warning stream</ToString><MS><S N="InformationalRecord_Message">warning stream</S></MS></Obj>',
        PID,
      ),
    );
    machine.receive(fromServer(MessageType.PIPELINE_STATE, '<Obj RefId="0"><MS><I32 N="PipelineState">4</I32></MS></Obj>', PID));
    const seen = events(machine);
    expect(seen.map((event) => event.type)).toEqual(['pipeline-output', 'pipeline-output', 'informational-record', 'pipeline-state']);
    expect(seen[0]).toMatchObject({ pid: PID, value: 'output stream' });
    expect(seen[1]).toMatchObject({ value: 123 });
    expect(seen[2]).toMatchObject({ stream: 'warning', record: { message: 'warning stream' } });
    expect(() => machine.sendInput(PID, 1)).toThrow(PsrpInvalidStateError);
  });

  it('reassembles each target apart, since PowerShell numbers fragment objects per pool and per pipeline', () => {
    const machine = openedMachine();
    machine.createPipeline(PID, ONE_SCRIPT);
    const fragmentsFor = (messageType: number, body: string, pid: string) =>
      new Fragmenter({ maxFragmentBytes: 64, firstObjectId: 1 }).fragment(
        encodeMessage({ destination: Destination.Client, messageType, rpid: RPID, pid, data: new TextEncoder().encode(body) }),
      );
    const pool = fragmentsFor(MessageType.APPLICATION_PRIVATE_DATA, '<Obj RefId="0"><MS><Nil N="ApplicationPrivateData" /></MS></Obj>', EMPTY_GUID);
    const pipeline = fragmentsFor(MessageType.PIPELINE_OUTPUT, `<S>${'x'.repeat(100)}</S>`, PID);
    for (let index = 0; index < Math.max(pool.length, pipeline.length); index++) {
      if (pool[index]) machine.receive(encodeBase64(pool[index]!), null);
      if (pipeline[index]) machine.receive(encodeBase64(pipeline[index]!), PID);
    }
    expect(events(machine).map((event) => event.type).sort()).toEqual(['application-private-data', 'pipeline-output']);
  });

  it('reports messages for unknown pipelines as other-message instead of dropping them silently', () => {
    const machine = openedMachine();
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>late</S>', PID));
    expect(events(machine)).toEqual([{ type: 'other-message', pid: PID, messageType: MessageType.PIPELINE_OUTPUT, body: 'late' }]);
  });

  it('rejects bodies it cannot read and messages addressed to the server; the stream stays broken', () => {
    const machine = openedMachine();
    expect(() => machine.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, '<Obj RefId="0"><MS>'))).toThrow(PsrpProtocolError);
    // A message was lost with the error: nothing later on that stream is taken as if it followed on.
    expect(() => machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>late</S>', PID), PID)).not.toThrow();
    expect(() => machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>late</S>'))).toThrow(/Cannot read the body of RUNSPACEPOOL_STATE/);
    const toServer = joinChunks(
      serverFragments.fragment(
        encodeMessage({ destination: Destination.Server, messageType: MessageType.PIPELINE_OUTPUT, rpid: RPID, pid: PID, data: new Uint8Array() }),
      ),
    );
    expect(() => openedMachine().receive(encodeBase64(toServer))).toThrow(/addressed to the server/);
  });

  it('refuses text that is not base64 with a typed FragmentError', () => {
    const machine = openedMachine();
    expect(() => machine.receive('AAEC!', null)).toThrow(FragmentError);
  });

  it('refuses to create pipelines before the pool is open', () => {
    const machine = newMachine();
    expect(() =>
      machine.createPipeline(PID, { statements: [[]], noInput: true, addToHistory: false, isNested: false }),
    ).toThrow(PsrpInvalidStateError);
  });
});
