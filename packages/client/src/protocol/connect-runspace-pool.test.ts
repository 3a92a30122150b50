/**
 * Disconnected pools in the protocol core (MS-PSRP 3.1.4.10): connecting to a pool another client created
 * (SESSION_CAPABILITY + CONNECT_RUNSPACEPOOL, answered by RUNSPACEPOOL_INIT_DATA and RUNSPACEPOOL_STATE), the
 * Disconnected state and back, adopting a pipeline the client did not start, and payloads resized after negotiation.
 */
import { Defragmenter, Destination, Fragmenter, decodeMessage, encodeBase64, encodeMessage, joinChunks } from '@psrp/fragment';
import { describe, expect, it } from 'vitest';
import { PsrpInvalidStateError } from '../errors.js';
import { buildConnectRunspacePool, parseRunspacePoolInitData } from './connect-runspace-pool.js';
import { buildNullHostInfo } from './host-info.js';
import { MessageType } from './message-type.js';
import { PSInvocationState } from './pipeline-state.js';
import { EMPTY_GUID, RunspacePoolMachine } from './runspace-pool-machine.js';
import { RunspacePoolState } from './runspace-pool-state.js';

const POOL_ID = 'b6631d8e-65a0-49f2-9053-a1b156c95777';
const PID = '5d3a6c2b-7e1f-4a8b-9c0d-1e2f3a4b5c6d';
const CAPABILITY =
  '<Obj RefId="0"><MS><Version N="protocolversion">2.3</Version><Version N="PSVersion">2.0</Version><Version N="SerializationVersion">1.1.0.1</Version></MS></Obj>';
// RUNSPACEPOOL_INIT_DATA as the recorded Windows server wrote it (test_psrp_disconnect_runspaces.yml).
const INIT_DATA = '<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32><I32 N="MaxRunspaces">1</I32></MS></Obj>';
const fragmenter = new Fragmenter({ maxFragmentBytes: 32_768 });

function fromServer(messageType: number, body: string, pid = EMPTY_GUID): string {
  const message = encodeMessage({ destination: Destination.Client, messageType, rpid: POOL_ID, pid, data: new TextEncoder().encode(`\uFEFF${body}`) });
  return encodeBase64(joinChunks(fragmenter.fragment(message)));
}

function machine(maxPayloadBytes = 32_768): RunspacePoolMachine {
  return new RunspacePoolMachine({
    rpid: POOL_ID,
    protocolVersion: '2.4',
    minRunspaces: 1,
    maxRunspaces: 1,
    hostInfo: buildNullHostInfo(),
    maxPayloadBytes,
    maxReceivedObjectBytes: null,
    maxReceivedDataBytesPerCommand: null,
  });
}

function sent(pool: RunspacePoolMachine): { messageType: number; rpid: string; text: string }[] {
  const defragmenter = new Defragmenter();
  const messages = [];
  for (let payload = pool.dataToSend(); payload; payload = pool.dataToSend()) {
    for (const bytes of defragmenter.push(payload.data)) {
      const message = decodeMessage(bytes);
      messages.push({ messageType: message.messageType, rpid: message.rpid, text: new TextDecoder().decode(message.data) });
    }
  }
  return messages;
}

function connected(): RunspacePoolMachine {
  const pool = machine();
  pool.connect();
  pool.dataToSend();
  pool.receive(fromServer(MessageType.SESSION_CAPABILITY, CAPABILITY));
  pool.receive(fromServer(MessageType.RUNSPACEPOOL_INIT_DATA, INIT_DATA));
  pool.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, '<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>'));
  while (pool.nextEvent());
  return pool;
}

describe('connecting to a disconnected pool', () => {
  it('queues SESSION_CAPABILITY and CONNECT_RUNSPACEPOOL (an empty string: keep the size) under the pool id', () => {
    const pool = machine();
    pool.connect();
    expect(pool.state).toBe(RunspacePoolState.Connecting);
    const messages = sent(pool);
    expect(messages.map((message) => message.messageType)).toEqual([MessageType.SESSION_CAPABILITY, MessageType.CONNECT_RUNSPACEPOOL]);
    expect(messages.every((message) => message.rpid === POOL_ID)).toBe(true);
    expect(messages[1]!.text).toMatch(/^<S\s*\/>$|^<S><\/S>$/);
  });

  it('asks for a new size with MinRunspaces/MaxRunspaces', () => {
    const pool = machine();
    pool.connect({ minRunspaces: 1, maxRunspaces: 5 });
    expect(sent(pool)[1]!.text).toBe('<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32><I32 N="MaxRunspaces">5</I32></MS></Obj>');
    expect(buildConnectRunspacePool()).toBe('');
  });

  it('reads RUNSPACEPOOL_INIT_DATA as an event and opens on RUNSPACEPOOL_STATE Opened', () => {
    const pool = machine();
    pool.connect();
    pool.dataToSend();
    pool.receive(fromServer(MessageType.SESSION_CAPABILITY, CAPABILITY));
    pool.receive(fromServer(MessageType.RUNSPACEPOOL_INIT_DATA, INIT_DATA));
    pool.receive(fromServer(MessageType.RUNSPACEPOOL_STATE, '<Obj RefId="0"><MS><I32 N="RunspaceState">2</I32></MS></Obj>'));
    const events = [];
    for (let event = pool.nextEvent(); event; event = pool.nextEvent()) events.push(event.type);
    expect(events).toEqual(['session-capability', 'pool-init-data', 'pool-state']);
    expect(pool.state).toBe(RunspacePoolState.Opened);
    expect(pool.serverCapability?.protocolVersion).toBe('2.3');
  });

  it('refuses to connect a pool that is already open or opening', () => {
    const pool = machine();
    pool.open();
    expect(() => pool.connect()).toThrow(PsrpInvalidStateError);
  });

  it('parses RUNSPACEPOOL_INIT_DATA strictly', () => {
    expect(() => parseRunspacePoolInitData('nonsense')).toThrow(/RUNSPACEPOOL_INIT_DATA/);
  });
});

describe('disconnecting and reconnecting', () => {
  it('moves Opened -> Disconnected -> (Connecting) -> Opened, and refuses pipelines while disconnected', () => {
    const pool = connected();
    pool.markDisconnected();
    expect(pool.state).toBe(RunspacePoolState.Disconnected);
    expect(() => pool.createPipeline(PID, { statements: [[{ command: 'x', isScript: true, useLocalScope: null, parameters: [] }]], noInput: true, addToHistory: false, isNested: false, hostInfo: buildNullHostInfo() })).toThrow(PsrpInvalidStateError);
    pool.markReconnected();
    expect(pool.state).toBe(RunspacePoolState.Opened);
    pool.markDisconnected();
    pool.markClosed();
    expect(pool.state).toBe(RunspacePoolState.Closed);
  });

  it('adopts a pipeline it did not start and reads its output and end', () => {
    const pool = connected();
    pool.adoptPipeline(PID);
    expect(pool.pipelineState(PID)).toBe(PSInvocationState.Running);
    pool.receive(fromServer(MessageType.PIPELINE_OUTPUT, '<S>meanwhile</S>', PID), PID);
    pool.receive(fromServer(MessageType.PIPELINE_STATE, '<Obj RefId="0"><MS><I32 N="PipelineState">4</I32></MS></Obj>', PID), PID);
    const events = [];
    for (let event = pool.nextEvent(); event; event = pool.nextEvent()) events.push(event);
    expect(events).toMatchObject([
      { type: 'pipeline-output', pid: PID, value: 'meanwhile' },
      { type: 'pipeline-state', pid: PID, state: PSInvocationState.Completed },
    ]);
  });

  it('cuts messages queued after setMaxPayloadBytes to the new size', () => {
    const pool = connected();
    pool.setMaxPayloadBytes(1000);
    pool.adoptPipeline(PID);
    pool.sendInput(PID, ['x'.repeat(5000)]);
    const sizes: number[] = [];
    for (let payload = pool.dataToSend(); payload; payload = pool.dataToSend()) sizes.push(payload.data.length);
    expect(sizes.length).toBeGreaterThan(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
  });
});
