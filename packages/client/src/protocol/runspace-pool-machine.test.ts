/**
 * The protocol core driven with messages as real servers write them (bodies from the recorded Windows traffic and
 * MS-PSRP's examples), with no transport at all.
 */
import { ClixmlError, ClixmlLimitError, ClixmlSerializeError, DEFAULT_MAX_ELEMENTS, PSObject, deserialize } from '@psrp/clixml';
import {
  Defragmenter,
  Destination,
  FragmentError,
  Fragmenter,
  ObjectTooLargeError,
  decodeMessage,
  encodeBase64,
  encodeMessage,
  joinChunks,
} from '@psrp/fragment';
import { describe, expect, it } from 'vitest';
import { PsrpArgumentError, PsrpDecodeError, PsrpError, PsrpInvalidStateError, PsrpLimitError, PsrpNegotiationError, PsrpProtocolError } from '../errors.js';
import { SecureString } from './secure-string.js';
import type { PsrpEvent } from './events.js';
import { buildNullHostInfo } from './host-info.js';
import { MessageType } from './message-type.js';
import { PSInvocationState } from './pipeline-state.js';
import { EMPTY_GUID, RunspacePoolMachine, type RunspacePoolMachineOptions } from './runspace-pool-machine.js';
import { RunspacePoolState } from './runspace-pool-state.js';

const RPID = 'bc1bfbba-8215-4a04-b2df-7a3ac0310e16';
const PID = '4218a578-0f18-4b19-82c3-46b433319126';
const OTHER_PID = '9d4f1c2e-3b5a-4e6f-8a7b-0c1d2e3f4a5b';
const BOM = '\uFEFF';
const SERVER_CAPABILITY =
  '<Obj RefId="0"><MS><Version N="protocolversion">2.3</Version><Version N="PSVersion">2.0</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>';
const OPENED = '<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>';
const pipelineState = (state: number) => `<Obj RefId="0"><MS><I32 N="PipelineState">${state}</I32></MS></Obj>`;

const serverFragments = new Fragmenter({ maxFragmentBytes: 32_768 });

function serverMessage(messageType: number, body: string, pid: string, rpid = RPID): Uint8Array {
  return encodeMessage({ destination: Destination.Client, messageType, rpid, pid, data: new TextEncoder().encode(BOM + body) });
}

/** A message as a server sends it: UTF-8 with a BOM, fragmented, in base64 as the transports carry it. */
function fromServer(messageType: number, body: string, pid = EMPTY_GUID, rpid = RPID): string {
  return encodeBase64(joinChunks(serverFragments.fragment(serverMessage(messageType, body, pid, rpid))));
}

/** A pipeline of one script, no input, run on the pool's host. */
const ONE_SCRIPT = {
  statements: [[{ command: 'x', isScript: true, useLocalScope: null, parameters: [] }]],
  noInput: true,
  addToHistory: false,
  isNested: false,
  hostInfo: buildNullHostInfo(),
} as const;

function newMachine(options: Partial<RunspacePoolMachineOptions> = {}): RunspacePoolMachine {
  return new RunspacePoolMachine({
    rpid: RPID,
    protocolVersion: '2.3',
    minRunspaces: 1,
    maxRunspaces: 2,
    hostInfo: buildNullHostInfo(),
    maxPayloadBytes: 32_768,
    maxReceivedObjectBytes: null,
    maxReceivedDataBytesPerCommand: null,
    ...options,
  });
}

function openedMachine(options: Partial<RunspacePoolMachineOptions> = {}): RunspacePoolMachine {
  const machine = newMachine(options);
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

function events(machine: RunspacePoolMachine): PsrpEvent[] {
  const all = [];
  for (let event = machine.nextEvent(); event; event = machine.nextEvent()) all.push(event);
  return all;
}

/** What `fn` threw (it must throw). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
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
    // As written on the wire (deserialize presents type names with PowerShell's `Deserialized.` prefix).
    expect((init.get('PSThreadOptions') as PSObject).originalTypeNames[0]).toBe('System.Management.Automation.Runspaces.PSThreadOptions');
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
      hostInfo: buildNullHostInfo(),
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
    expect(machine.pipelineState(PID)).toBeNull();
    expect(() => machine.sendInput(PID, [1])).toThrow(PsrpInvalidStateError);
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

  it('drops data for a pipeline id it did not create, unread, and keeps no state for that id', () => {
    const machine = openedMachine();
    // On the pipeline's own target, and on the pool's target naming that pipeline.
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>late</S>', PID), PID);
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>late</S>', PID));
    // Not even read: an unreadable body or broken fragments for an unknown id are not an error.
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>unterminated', PID), PID);
    machine.receive('AAEC!', OTHER_PID);
    expect(events(machine)).toEqual([]);
    expect(machine.pipelineState(PID)).toBeNull();
    expect(machine.state).toBe(RunspacePoolState.Opened);
    expect(() => machine.sendInput(PID, ['x'])).toThrow(PsrpInvalidStateError);

    // Half an object for the unknown id leaves nothing behind: once the client creates a pipeline with that id,
    // an object that reuses the same object id reassembles (kept state would see a duplicate start).
    const message = (body: string) => serverMessage(MessageType.PIPELINE_OUTPUT, body, PID);
    const [firstHalf] = new Fragmenter({ maxFragmentBytes: 64, firstObjectId: 1 }).fragment(message(`<S>${'x'.repeat(100)}</S>`));
    machine.receive(encodeBase64(firstHalf!), PID);
    machine.createPipeline(PID, ONE_SCRIPT);
    for (const fragment of new Fragmenter({ maxFragmentBytes: 64, firstObjectId: 1 }).fragment(message('<S>mine</S>'))) {
      machine.receive(encodeBase64(fragment), PID);
    }
    expect(events(machine)).toEqual([{ type: 'pipeline-output', pid: PID, value: 'mine' }]);
  });

  it('drops data that arrives for a pipeline after it ended or was released', () => {
    const machine = openedMachine();
    machine.createPipeline(PID, ONE_SCRIPT);
    machine.receive(fromServer(MessageType.PIPELINE_STATE, pipelineState(PSInvocationState.Completed), PID), PID);
    expect(events(machine).map((event) => event.type)).toEqual(['pipeline-state']);
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>late</S>', PID), PID);
    machine.createPipeline(OTHER_PID, ONE_SCRIPT);
    machine.releasePipeline(OTHER_PID);
    machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>late</S>', OTHER_PID), OTHER_PID);
    expect(events(machine)).toEqual([]);
    expect([machine.pipelineState(PID), machine.pipelineState(OTHER_PID)]).toEqual([null, null]);
  });

  it('an unreadable pool message throws PsrpDecodeError with the CLIXML error as its cause, and breaks the pool', () => {
    const machine = openedMachine();
    const error = thrownBy(() => machine.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, '<Obj RefId="0"><MS>')));
    expect(error).toBeInstanceOf(PsrpDecodeError);
    expect((error as PsrpDecodeError).message).toMatch(/Cannot read the body of RUNSPACEPOOL_STATE/);
    expect((error as PsrpDecodeError).cause).toBeInstanceOf(ClixmlError);
    expect(machine.state).toBe(RunspacePoolState.Broken);
    expect(() => machine.createPipeline(PID, ONE_SCRIPT)).toThrow(PsrpInvalidStateError);
  });

  it('fragments it cannot reassemble for the pool throw PsrpDecodeError with the FragmentError as its cause', () => {
    const machine = openedMachine();
    const error = thrownBy(() => machine.receive('AAEC!', null));
    expect(error).toBeInstanceOf(PsrpDecodeError);
    expect((error as PsrpDecodeError).cause).toBeInstanceOf(FragmentError);
    expect(machine.state).toBe(RunspacePoolState.Broken);
  });

  it('refuses a message addressed to the server', () => {
    const toServer = joinChunks(
      serverFragments.fragment(
        encodeMessage({ destination: Destination.Server, messageType: MessageType.PIPELINE_OUTPUT, rpid: RPID, pid: PID, data: new Uint8Array() }),
      ),
    );
    const machine = openedMachine();
    expect(() => machine.receive(encodeBase64(toServer))).toThrow(PsrpProtocolError);
    expect(() => openedMachine().receive(encodeBase64(toServer))).toThrow(/addressed to the server/);
    expect(machine.state).toBe(RunspacePoolState.Broken);
  });

  describe('a message that cannot be read fails its pipeline only', () => {
    it('an unreadable body: pipeline-failed with PsrpDecodeError (cause: the CLIXML error); the pool stays Opened', () => {
      const machine = openedMachine();
      machine.createPipeline(PID, ONE_SCRIPT);
      machine.createPipeline(OTHER_PID, ONE_SCRIPT);
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>before</S>', PID), PID);
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>unterminated', PID), PID);
      const [output, failed, ...rest] = events(machine);
      expect(rest).toEqual([]);
      expect(output).toEqual({ type: 'pipeline-output', pid: PID, value: 'before' });
      expect(failed).toMatchObject({ type: 'pipeline-failed', pid: PID });
      const error = (failed as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error;
      expect(error).toBeInstanceOf(PsrpDecodeError);
      expect(error.message).toMatch(/Cannot read the body of PIPELINE_OUTPUT/);
      expect(error.cause).toBeInstanceOf(ClixmlError);

      expect(machine.state).toBe(RunspacePoolState.Opened);
      expect(machine.pipelineState(PID)).toBeNull();
      // Nothing more is read for the failed pipeline; the pool and the other pipeline go on.
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>after</S>', PID), PID);
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>other</S>', OTHER_PID), OTHER_PID);
      machine.receive(fromServer(MessageType.USER_EVENT, '<S>pool</S>'));
      expect(events(machine)).toEqual([
        { type: 'pipeline-output', pid: OTHER_PID, value: 'other' },
        { type: 'user-event', data: 'pool' },
      ]);
      expect(machine.pipelineState(OTHER_PID)).toBe(PSInvocationState.Running);
      // The failed id was released: creating it again is not refused as a duplicate.
      expect(() => machine.createPipeline(PID, ONE_SCRIPT)).not.toThrow();
    });

    it('broken fragments: pipeline-failed with PsrpDecodeError (cause: the FragmentError)', () => {
      const machine = openedMachine();
      machine.createPipeline(PID, ONE_SCRIPT);
      machine.receive('AAEC!', PID);
      const [failed, ...rest] = events(machine);
      expect(rest).toEqual([]);
      const error = (failed as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error;
      expect(error).toBeInstanceOf(PsrpDecodeError);
      expect(error.cause).toBeInstanceOf(FragmentError);
      expect(machine.state).toBe(RunspacePoolState.Opened);
    });

    it('a message type no pipeline takes: pipeline-failed with PsrpProtocolError', () => {
      const machine = openedMachine();
      machine.createPipeline(PID, ONE_SCRIPT);
      machine.receive(fromServer(MessageType.SET_MAX_RUNSPACES, '<Obj RefId="0"><MS /></Obj>', PID), PID);
      const [failed] = events(machine);
      expect(failed).toMatchObject({ type: 'pipeline-failed', pid: PID });
      expect((failed as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error).toBeInstanceOf(PsrpProtocolError);
      expect(machine.state).toBe(RunspacePoolState.Opened);
    });

    it('a pipeline state that cannot follow the current one: pipeline-failed with PsrpProtocolError', () => {
      const machine = openedMachine();
      machine.createPipeline(PID, ONE_SCRIPT);
      machine.receive(fromServer(MessageType.PIPELINE_STATE, pipelineState(PSInvocationState.NotStarted), PID), PID);
      const [failed] = events(machine);
      const error = (failed as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error;
      expect(error).toBeInstanceOf(PsrpProtocolError);
      expect(error.message).toMatch(/NotStarted after Running/);
      expect(machine.state).toBe(RunspacePoolState.Opened);
    });
  });

  describe('limits on what the server sends', () => {
    it('an object over maxReceivedObjectBytes fails its pipeline with PsrpLimitError (the object limit)', () => {
      // Room for the opening messages and small output, not for a 2 000-character string.
      const machine = openedMachine({ maxReceivedObjectBytes: 1000 });
      machine.createPipeline(PID, ONE_SCRIPT);
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>small</S>', PID), PID);
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, `<S>${'x'.repeat(2000)}</S>`, PID), PID);
      const [output, failed, ...rest] = events(machine);
      expect(rest).toEqual([]);
      expect(output).toEqual({ type: 'pipeline-output', pid: PID, value: 'small' });
      expect(failed).toMatchObject({ type: 'pipeline-failed', pid: PID });
      const error = (failed as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error as PsrpLimitError;
      expect(error).toBeInstanceOf(PsrpLimitError);
      expect([error.code, error.limit, error.value]).toEqual(['PSRP_ERR_LIMIT', 'maxReceivedObjectBytes', 1000]);
      expect(error.message).toMatch(/maxReceivedObjectBytes \(1000\)/);
      expect(error.cause).toBeInstanceOf(ObjectTooLargeError);
      expect(machine.state).toBe(RunspacePoolState.Opened);
      expect(machine.pipelineState(PID)).toBeNull();
    });

    it('an object over maxReceivedObjectBytes for the pool throws PsrpLimitError and breaks the pool', () => {
      const machine = openedMachine({ maxReceivedObjectBytes: 1000 });
      const error = thrownBy(() => machine.receive(fromServer(MessageType.USER_EVENT, `<S>${'x'.repeat(2000)}</S>`)));
      expect(error).toBeInstanceOf(PsrpLimitError);
      expect((error as PsrpLimitError).limit).toBe('maxReceivedObjectBytes');
      expect(machine.state).toBe(RunspacePoolState.Broken);
    });

    it('a message holds at most DEFAULT_MAX_ELEMENTS elements at the default object limit: the memory bound of its value', () => {
      // `<S/>`, the shortest element, 2,000,000 of them in 8 MB: well within maxReceivedObjectBytes (200 MiB), which
      // alone would admit 52 million (an empty <Obj/> keeps 292 bytes: 15 GB).
      const machine = openedMachine({ maxReceivedObjectBytes: 200 * 1024 * 1024 });
      machine.createPipeline(PID, ONE_SCRIPT);
      const list = (strings: number) => `<Obj RefId="0"><LST>${'<S/>'.repeat(strings)}</LST></Obj>`;
      // The Obj and the LST count too.
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, list(DEFAULT_MAX_ELEMENTS - 2), PID), PID);
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, list(DEFAULT_MAX_ELEMENTS - 1), PID), PID);
      const [output, failed, ...rest] = events(machine);
      expect(rest).toEqual([]);
      expect(((output as Extract<PsrpEvent, { type: 'pipeline-output' }>).value as PSObject).baseValue).toHaveLength(DEFAULT_MAX_ELEMENTS - 2);
      const error = (failed as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error as PsrpLimitError;
      expect(error).toBeInstanceOf(PsrpLimitError);
      expect([error.limit, error.value]).toEqual(['maxReceivedElements', DEFAULT_MAX_ELEMENTS]);
      expect(error.cause).toBeInstanceOf(ClixmlLimitError);
      expect((error.cause as ClixmlLimitError).limit).toBe('maxElements');
      expect(machine.state).toBe(RunspacePoolState.Opened);
    });

    it('maxReceivedElements raises (or with null lifts) the element cap for a pool whose objects are bigger', () => {
      const list = (strings: number) => `<Obj RefId="0"><LST>${'<S/>'.repeat(strings)}</LST></Obj>`;
      for (const maxReceivedElements of [DEFAULT_MAX_ELEMENTS + 10, null]) {
        const machine = openedMachine({ maxReceivedObjectBytes: 200 * 1024 * 1024, maxReceivedElements });
        machine.createPipeline(PID, ONE_SCRIPT);
        machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, list(DEFAULT_MAX_ELEMENTS + 5), PID), PID);
        const [output, ...rest] = events(machine);
        expect(rest).toEqual([]);
        expect(((output as Extract<PsrpEvent, { type: 'pipeline-output' }>).value as PSObject).baseValue).toHaveLength(DEFAULT_MAX_ELEMENTS + 5);
      }
      const small = openedMachine({ maxReceivedElements: 10 });
      small.createPipeline(PID, ONE_SCRIPT);
      small.receive(fromServer(MessageType.PIPELINE_OUTPUT, list(9), PID), PID);
      const [failed] = events(small);
      expect(((failed as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error as PsrpLimitError).value).toBe(10);
    });

    it('no limit (null) admits a large object', () => {
      const machine = openedMachine({ maxReceivedObjectBytes: null });
      machine.createPipeline(PID, ONE_SCRIPT);
      const large = 'x'.repeat(100_000);
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, `<S>${large}</S>`, PID), PID);
      expect(events(machine)).toEqual([{ type: 'pipeline-output', pid: PID, value: large }]);
    });

    it('more than maxReceivedDataBytesPerCommand in total fails that pipeline with PsrpLimitError, not the others', () => {
      const one = fromServer(MessageType.PIPELINE_OUTPUT, `<S>${'x'.repeat(100)}</S>`, PID);
      const oneBytes = (one.length / 4) * 3;
      // Room for two such messages, not three.
      const machine = openedMachine({ maxReceivedDataBytesPerCommand: oneBytes * 2 + 10 });
      machine.createPipeline(PID, ONE_SCRIPT);
      machine.createPipeline(OTHER_PID, ONE_SCRIPT);
      for (let index = 0; index < 3; index++) {
        machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, `<S>${'x'.repeat(100)}</S>`, PID), PID);
      }
      machine.receive(fromServer(MessageType.PIPELINE_OUTPUT, `<S>${'y'.repeat(100)}</S>`, OTHER_PID), OTHER_PID);
      const seen = events(machine);
      expect(seen.map((event) => `${event.type} ${'pid' in event && event.pid === PID ? 'PID' : 'OTHER'}`)).toEqual([
        'pipeline-output PID',
        'pipeline-output PID',
        'pipeline-failed PID',
        'pipeline-output OTHER',
      ]);
      const error = (seen[2] as Extract<PsrpEvent, { type: 'pipeline-failed' }>).error as PsrpLimitError;
      expect(error).toBeInstanceOf(PsrpLimitError);
      expect([error.limit, error.value]).toEqual(['maxReceivedDataBytesPerCommand', oneBytes * 2 + 10]);
      expect(machine.pipelineState(PID)).toBeNull();
      expect(machine.pipelineState(OTHER_PID)).toBe(PSInvocationState.Running);
      expect(machine.state).toBe(RunspacePoolState.Opened);
    });
  });

  describe('typed states: a call in the wrong state names the action, the state and the states that allow it', () => {
    it('refuses to create pipelines before the pool is open', () => {
      const error = thrownBy(() => newMachine().createPipeline(PID, ONE_SCRIPT));
      expect(error).toBeInstanceOf(PsrpInvalidStateError);
      expect(error).toMatchObject({ action: 'create a pipeline', state: 'BeforeOpen', allowed: ['Opened'] });
      expect((error as Error).message).toBe('Cannot create a pipeline: it is BeforeOpen (allowed when Opened)');
    });

    it('refuses to open twice', () => {
      const machine = newMachine();
      machine.open();
      expect(thrownBy(() => machine.open())).toMatchObject({
        action: 'open the runspace pool',
        state: 'NegotiationSent',
        allowed: ['BeforeOpen'],
      });
    });

    it('refuses pool calls before the pool is open', () => {
      const machine = newMachine();
      machine.open();
      expect(thrownBy(() => machine.setMaxRunspaces(3))).toMatchObject({
        action: 'set the maximum runspaces',
        state: 'NegotiationSent',
        allowed: ['Opened'],
      });
      expect(thrownBy(() => machine.getAvailableRunspaces())).toBeInstanceOf(PsrpInvalidStateError);
    });

    it('refuses a pipeline id already running, and input for a pipeline that is not running', () => {
      const machine = openedMachine();
      machine.createPipeline(PID, ONE_SCRIPT);
      expect(thrownBy(() => machine.createPipeline(PID, ONE_SCRIPT))).toMatchObject({
        action: 'create a pipeline',
        state: 'Running',
        allowed: ['NotStarted'],
      });
      machine.markStopping(PID);
      expect(machine.pipelineState(PID)).toBe(PSInvocationState.Stopping);
      expect(thrownBy(() => machine.sendInput(PID, ['x']))).toMatchObject({ action: 'send input', state: 'Stopping', allowed: ['Running'] });
      expect(thrownBy(() => machine.endInput(OTHER_PID))).toMatchObject({ action: 'end the input', state: 'released', allowed: ['Running'] });
    });

    it('a value CLIXML cannot carry is a PsrpArgumentError (cause: the ClixmlError); nothing is sent, no pipeline is left', () => {
      const machine = openedMachine();
      const withParameter = (value: unknown) => ({
        ...ONE_SCRIPT,
        statements: [[{ command: 'x', isScript: true, useLocalScope: null, parameters: [{ name: 'Value', value: value as never }] }]],
      });
      const unwritable = thrownBy(() => machine.createPipeline(PID, withParameter(() => 1)));
      expect(unwritable).toBeInstanceOf(PsrpArgumentError);
      expect(unwritable).toBeInstanceOf(PsrpError);
      expect((unwritable as PsrpArgumentError).code).toBe('PSRP_ERR_ARGUMENT');
      expect((unwritable as PsrpArgumentError).cause).toBeInstanceOf(ClixmlSerializeError);
      expect((unwritable as Error).message).toMatch(/function has no CLIXML form/);
      let nested: unknown = 'leaf';
      for (let level = 0; level < 200; level++) nested = [nested];
      const tooDeep = thrownBy(() => machine.createPipeline(PID, withParameter(nested)));
      expect(tooDeep).toBeInstanceOf(PsrpArgumentError);
      expect((tooDeep as PsrpArgumentError).cause).toBeInstanceOf(ClixmlLimitError);
      expect(machine.pipelineState(PID)).toBeNull();
      expect(sentMessages(machine)).toEqual([]);
      // The same pipeline id is free for a value that can be written.
      machine.createPipeline(PID, withParameter(2n));
      expect(sentMessages(machine).map(({ message }) => message.messageType)).toEqual([MessageType.CREATE_PIPELINE]);
      machine.sendInput(PID, ['fine']);
      const badInput = thrownBy(() => machine.sendInput(PID, [2n ** 70n]));
      expect(badInput).toBeInstanceOf(PsrpArgumentError);
      expect((badInput as PsrpArgumentError).cause).toBeInstanceOf(ClixmlSerializeError);
    });

    it('refuses everything after the pool broke or closed', () => {
      const broken = openedMachine();
      broken.markBroken();
      expect(broken.state).toBe(RunspacePoolState.Broken);
      expect(thrownBy(() => broken.createPipeline(PID, ONE_SCRIPT))).toMatchObject({ state: 'Broken', allowed: ['Opened'] });
      const closed = openedMachine();
      closed.beginClose();
      expect(closed.state).toBe(RunspacePoolState.Closing);
      closed.markClosed();
      expect(closed.state).toBe(RunspacePoolState.Closed);
      expect(thrownBy(() => closed.setMinRunspaces(1))).toMatchObject({ state: 'Closed', allowed: ['Opened'] });
      expect(thrownBy(() => closed.open())).toMatchObject({ state: 'Closed', allowed: ['BeforeOpen'] });
    });

    it('a pool state the server reports that cannot follow the current one is a protocol error', () => {
      const machine = openedMachine();
      const error = thrownBy(() => machine.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, OPENED.replace('>2<', '>1<'))));
      expect(error).toBeInstanceOf(PsrpProtocolError);
      expect((error as Error).message).toMatch(/Opening after Opened/);
      expect(machine.state).toBe(RunspacePoolState.Broken);
    });

    it('the server answers the client\'s Closing with Closed', () => {
      const machine = openedMachine();
      machine.beginClose();
      machine.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, OPENED.replace('>2<', '>3<')));
      expect(events(machine)).toEqual([{ type: 'pool-state', state: RunspacePoolState.Closed, reason: null }]);
      expect(machine.state).toBe(RunspacePoolState.Closed);
    });
  });

  describe('pool calls', () => {
    const body = (message: { data: Uint8Array }) => deserialize(new TextDecoder().decode(message.data)) as PSObject;

    it('SET_MAX_RUNSPACES, SET_MIN_RUNSPACES, GET_AVAILABLE_RUNSPACES, RESET_RUNSPACE_STATE carry the value and a fresh Int64 ci', () => {
      const machine = openedMachine();
      const ids = [machine.setMaxRunspaces(5), machine.setMinRunspaces(2), machine.getAvailableRunspaces(), machine.resetRunspaceState()];
      expect(ids).toEqual([1, 2, 3, 4]);
      const sent = sentMessages(machine);
      expect(sent.map(({ message }) => message.messageType)).toEqual([
        MessageType.SET_MAX_RUNSPACES,
        MessageType.SET_MIN_RUNSPACES,
        MessageType.GET_AVAILABLE_RUNSPACES,
        MessageType.RESET_RUNSPACE_STATE,
      ]);
      for (const { payload, message } of sent) {
        expect(payload.pipelineId).toBeNull();
        expect([message.destination, message.rpid, message.pid]).toEqual([Destination.Server, RPID, EMPTY_GUID]);
      }
      const [max, min, available, reset] = sent.map(({ message }) => message);
      expect(new TextDecoder().decode(max!.data)).toContain('<I64 N="ci">1</I64>');
      expect([body(max!).get('MaxRunspaces'), body(max!).get('ci')]).toEqual([5, 1n]);
      expect([body(min!).get('MinRunspaces'), body(min!).get('ci')]).toEqual([2, 2n]);
      expect(Object.keys(body(available!).extended)).toEqual(['ci']);
      expect(body(available!).get('ci')).toBe(3n);
      expect(body(reset!).get('ci')).toBe(4n);
    });

    it('RUNSPACE_AVAILABILITY answers by ci: a boolean for SET_MAX/MIN and RESET, a count for GET_AVAILABLE_RUNSPACES', () => {
      const machine = openedMachine();
      machine.receive(
        fromServer(MessageType.RUNSPACE_AVAILABILITY, '<Obj RefId="0"><MS><B N="SetMinMaxRunspacesResponse">true</B><I64 N="ci">1</I64></MS></Obj>'),
      );
      machine.receive(
        fromServer(MessageType.RUNSPACE_AVAILABILITY, '<Obj RefId="0"><MS><B N="SetMinMaxRunspacesResponse">false</B><I64 N="ci">2</I64></MS></Obj>'),
      );
      machine.receive(
        fromServer(MessageType.RUNSPACE_AVAILABILITY, '<Obj RefId="0"><MS><I64 N="SetMinMaxRunspacesResponse">3</I64><I64 N="ci">3</I64></MS></Obj>'),
      );
      expect(events(machine)).toEqual([
        { type: 'runspace-availability', callId: 1, response: true },
        { type: 'runspace-availability', callId: 2, response: false },
        { type: 'runspace-availability', callId: 3, response: 3 },
      ]);
    });

    it('a RUNSPACE_AVAILABILITY without a usable ci is a protocol error', () => {
      const machine = openedMachine();
      expect(() =>
        machine.receive(fromServer(MessageType.RUNSPACE_AVAILABILITY, '<Obj RefId="0"><MS><B N="SetMinMaxRunspacesResponse">true</B></MS></Obj>')),
      ).toThrow(PsrpProtocolError);
    });
  });
});

describe('RunspacePoolMachine: SecureStrings in CREATE_PIPELINE', () => {
  /** A pipeline of one command whose only parameter has `value`. */
  const withParameter = (value: unknown) => ({ ...ONE_SCRIPT, statements: [[{ ...ONE_SCRIPT.statements[0]![0]!, parameters: [{ name: 'p', value }] }]] }) as never;

  it('finds a SecureString in a parameter value, nested or not (a protocol 2.3 server needs the session key for it first)', () => {
    const nestings = [
      new SecureString('s'),
      [1, [new SecureString('s')]],
      new Map([['k', new SecureString('s')]]),
    ];
    for (const value of nestings) {
      const machine = openedMachine();
      expect(thrownBy(() => machine.createPipeline(PID, withParameter(value)))).toBeInstanceOf(PsrpInvalidStateError);
    }
  });

  it('sends parameters without one as they are, with no session key', () => {
    const machine = openedMachine();
    machine.createPipeline(PID, withParameter(new PSObject({ extended: { text: 'plain', list: [1, 'two'] } })));
    expect(sentMessages(machine).map(({ message }) => message.messageType)).toEqual([MessageType.CREATE_PIPELINE]);
  });
});
