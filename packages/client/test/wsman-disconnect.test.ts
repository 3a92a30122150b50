/**
 * Disconnected pools over WSMan through the public API (Disconnect-PSSession, Get-PSSession, Connect-PSSession,
 * Receive-PSSession): RunspacePool.disconnect/reconnect, listWSManPools, RunspacePool.connect and connectPipeline,
 * driven against test_psrp_disconnect_runspaces.yml (a real Windows server) and recordings spliced from it where the
 * capture has no running pipeline. The ReplayServer checks every ShellId and CommandId against those it handed out.
 */
import { readFileSync } from 'node:fs';
import { Destination, encodeBase64, encodeFragment, encodeMessage } from '@psrp/fragment';
import { ReplayServer, parseRecording, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  PipelineStoppedError,
  PsrpInvalidStateError,
  RunspacePool,
  WSManTransport,
  listWSManPools,
  type PipelineEvent,
} from '../src/index.js';

let server: ReplayServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

const auth = { kind: 'none' } as const;

function transport(options: Record<string, unknown> = {}): WSManTransport {
  return new WSManTransport({ endpoint: server!.url, auth, ...options });
}

function expectReplayedWholly(): void {
  expect(server!.mismatches).toEqual([]);
  expect(server!.remaining).toBe(0);
}

async function until(condition: () => boolean): Promise<void> {
  for (let round = 0; !condition(); round++) {
    if (round > 2000) throw new Error('condition not met');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

interface Entry {
  request: string;
  response: string | null;
}

function entries(file: string): Entry[] {
  return parseRecording(readFileSync(recordingPath(file), 'utf8'), file).map(({ request, response }) => ({ request, response }));
}

function recording(list: readonly Entry[]): string {
  return stringify({ messages: list.map(({ request, response }) => ({ request, response })) });
}

const disconnectRecording = entries('test_psrp_disconnect_runspaces.yml');
const RECORDED_POOL_A = 'B6631D8E-65A0-49F2-9053-A1B156C95777';

describe('test_psrp_disconnect_runspaces: disconnect, reconnect, list and connect from a new client', () => {
  it('replays the whole recorded session through the public API', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_disconnect_runspaces.yml'));
    const first = await RunspacePool.open(transport());
    await first.disconnect();
    expect(first.state).toBe('Disconnected');
    await expect(first.createPowerShell().addScript('1').invoke()).rejects.toBeInstanceOf(PsrpInvalidStateError);
    await first.reconnect();
    expect(first.state).toBe('Opened');
    await first.disconnect();
    const second = await RunspacePool.open(transport());
    await second.disconnect();
    expect(second.state).toBe('Disconnected');

    // Another client (a new WSMan session) lists the pools: Get-PSSession -ComputerName.
    const pools = await listWSManPools({ endpoint: server.url, auth });
    expect(pools.map((pool) => pool.id)).toEqual([first.id, second.id]);
    expect(pools[0]).toMatchObject({
      configurationName: 'Microsoft.PowerShell',
      resourceUri: 'http://schemas.microsoft.com/powershell/Microsoft.PowerShell',
      state: 'Disconnected',
      owner: 'WIN-NNMU24VVKJ0\\vagrant',
      idleTimeoutMs: 7_200_000,
      outputBufferingMode: 'Block',
      pipelineIds: [],
    });

    // ... and connects to each (Connect-PSSession): SESSION_CAPABILITY + CONNECT_RUNSPACEPOOL in connectXml.
    const firstAgain = await RunspacePool.connect(transport(), pools[0]!.id);
    expect(firstAgain.state).toBe('Opened');
    expect(firstAgain.id).toBe(first.id);
    expect(firstAgain.serverProtocolVersion).toBe('2.3');
    expect([firstAgain.minRunspaces, firstAgain.maxRunspaces]).toEqual([1, 1]);
    const secondAgain = await RunspacePool.connect(transport(), pools[1]!.id);
    expect(secondAgain.state).toBe('Opened');
    await firstAgain.close();
    await secondAgain.close();
    expect(firstAgain.state).toBe('Closed');
    expectReplayedWholly();

    const connect = server.received.find((request) => request.includes('windows/shell/Connect<'))!;
    expect(connect).toContain(`<wsman:Selector Name="ShellId">${first.id.toUpperCase()}</wsman:Selector>`);
    expect(connect).toContain('<wsman:Option MustComply="true" Name="protocolversion">2.4</wsman:Option>');
    expect(connect).toMatch(/<rsp:Connect><connectXml xmlns="http:\/\/schemas.microsoft.com\/powershell">[A-Za-z0-9+/=]+<\/connectXml><\/rsp:Connect>/);
    const disconnect = server.received.find((request) => request.includes('windows/shell/Disconnect<'))!;
    expect(disconnect).toContain('<s:Body><rsp:Disconnect /></s:Body>');
  });

  it('sends the idle timeout and buffering mode of Disconnect-PSSession -IdleTimeoutSec -OutputBufferingMode', async () => {
    server = await ReplayServer.fromText(recording(disconnectRecording.slice(0, 6)));
    const pool = await RunspacePool.open(transport({ outputBufferingMode: 'Drop' }));
    await pool.disconnect({ idleTimeoutMs: 600_000, outputBufferingMode: 'Block' });
    await pool.reconnect({ outputBufferingMode: 'Drop' });
    expectReplayedWholly();
    expect(server.received[4]).toContain('<rsp:Disconnect><rsp:IdleTimeOut>PT600S</rsp:IdleTimeOut><rsp:BufferMode>Block</rsp:BufferMode></rsp:Disconnect>');
    expect(server.received[5]).toContain('<rsp:Reconnect><rsp:BufferMode>Drop</rsp:BufferMode></rsp:Reconnect>');
  });

  it('uses the transport defaults (New-PSSessionOption -IdleTimeout -OutputBufferingMode) when disconnect names none', async () => {
    server = await ReplayServer.fromText(recording(disconnectRecording.slice(0, 5)));
    const pool = await RunspacePool.open(transport({ idleTimeoutMs: 300_000, outputBufferingMode: 'Drop' }));
    await pool.disconnect();
    expectReplayedWholly();
    expect(server.received[0]).toContain('<rsp:IdleTimeOut>PT300S</rsp:IdleTimeOut>');
    expect(server.received[4]).toContain('<rsp:Disconnect><rsp:IdleTimeOut>PT300S</rsp:IdleTimeOut><rsp:BufferMode>Drop</rsp:BufferMode></rsp:Disconnect>');
  });

  it('closes a disconnected pool by deleting the shell (Remove-PSSession)', async () => {
    const [create, receive1, receive2, receive3, disconnect] = disconnectRecording;
    server = await ReplayServer.fromText(recording([create!, receive1!, receive2!, receive3!, disconnect!, disconnectRecording[18]!]));
    const pool = await RunspacePool.open(transport());
    await pool.disconnect();
    await pool.close();
    expect(pool.state).toBe('Closed');
    expectReplayedWholly();
  });

  it('refuses to disconnect or reconnect a closed pool, naming the states', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'));
    const pool = await RunspacePool.open(transport());
    await pool.close();
    await expect(pool.disconnect()).rejects.toBeInstanceOf(PsrpInvalidStateError);
    await expect(pool.reconnect()).rejects.toMatchObject({ code: 'PSRP_ERR_INVALID_STATE', allowed: ['Disconnected'] });
  });
});

/** A long-running pipeline (test_psrp_long_running_cmdlet.yml) disconnected and reconnected while it runs. */
function runningPipelineRecording(): string {
  const long = entries('test_psrp_long_running_cmdlet.yml');
  const shellId = /ShellId="([0-9A-F-]{36})"/.exec(long[0]!.request)![1]!;
  const commandId = /CommandLine CommandId="([0-9A-F-]{36})"/.exec(long[3]!.request)![1]!;
  const onShell = (entry: Entry): Entry => ({
    request: entry.request.split(RECORDED_POOL_A).join(shellId),
    response: entry.response?.split(RECORDED_POOL_A).join(shellId) ?? null,
  });
  const output = long[6]!.response!;
  const streams = [...output.matchAll(/<rsp:Stream [^>]*>[^<]*<\/rsp:Stream>/g)].map((match) => match[0]);
  const state = /<rsp:CommandState [\s\S]*<\/rsp:CommandState>/.exec(output)![0];
  const firstPart = output.replace(streams[1]!, '').replace(state, '');
  const lastPart = output.replace(streams[0]!, '');
  const reconnectCommand = onShell(disconnectRecording[5]!);
  reconnectCommand.request = reconnectCommand.request.replace('<s:Body />', `<s:Body><rsp:Reconnect xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell" CommandId="${commandId}" /></s:Body>`);
  return recording([
    ...long.slice(0, 4),
    { request: long[6]!.request, response: firstPart },
    long[4]!,
    onShell(disconnectRecording[4]!),
    onShell(disconnectRecording[5]!),
    reconnectCommand,
    { request: long[6]!.request, response: lastPart },
    long[7]!,
  ]);
}

/**
 * The Receive out when the test disconnects (recorded index 5) is answered (w:TimedOut) after a while, as a server
 * answers one at its OperationTimeout: answered at once, the client would post the next Receive before the test's
 * disconnect, which the recording does not hold.
 */
const OUTSTANDING_RECEIVE_WAITS = { at: 5, kind: 'delay', ms: 500 } as const;

describe('a pipeline running while its pool is disconnected', () => {
  it('keeps its reader waiting, reconnects the command, and delivers what it produced meanwhile', async () => {
    server = await ReplayServer.fromText(runningPipelineRecording(), { faults: [OUTSTANDING_RECEIVE_WAITS] });
    const pool = await RunspacePool.open(transport());
    const events: PipelineEvent[] = [];
    const reading = (async () => {
      for await (const event of pool.createPowerShell().addScript('Start-Sleep 30; "done"').stream()) {
        events.push(event);
      }
    })();
    // The first part of the output arrives; the next Receive (answered w:TimedOut) is out before we disconnect.
    await until(() => events.length === 1 && server!.received.length === 6);
    await pool.disconnect();
    expect(pool.state).toBe('Disconnected');
    expect(server.received.at(-1)).toContain('windows/shell/Disconnect<');
    await pool.reconnect();
    await reading;
    expect(events.map((event) => event.stream)).toEqual(['output']);
    await pool.close();
    expectReplayedWholly();
    const reconnects = server.received.filter((request) => request.includes('windows/shell/Reconnect<'));
    expect(reconnects).toHaveLength(2);
    expect(reconnects[1]).toMatch(/<rsp:Reconnect CommandId="[0-9A-F-]{36}" \/>/);
    expect(server.tolerated).toHaveLength(1);
  });

  it('ends the reader with PipelineStoppedError when the disconnected pool is closed', async () => {
    const list = parseRecording(runningPipelineRecording()).map(({ request, response }) => ({ request, response }));
    server = await ReplayServer.fromText(recording([...list.slice(0, 7), list.at(-1)!]), { faults: [OUTSTANDING_RECEIVE_WAITS] });
    const pool = await RunspacePool.open(transport());
    const events: PipelineEvent[] = [];
    const reading = (async () => {
      for await (const event of pool.createPowerShell().addScript('Start-Sleep 30; "done"').stream()) events.push(event);
    })();
    await until(() => events.length === 1 && server!.received.length === 6);
    const outcome = reading.then(
      () => null,
      (error: unknown) => error,
    );
    await pool.disconnect();
    await pool.close();
    expect(await outcome).toBeInstanceOf(PipelineStoppedError);
    expectReplayedWholly();
  });
});

/** PSRP messages a server sends for a pipeline, as one base64 stream payload. */
function pipelineMessages(rpid: string, pid: string, firstObjectId: number, bodies: readonly [number, string][]): string {
  const parts = bodies.map(([messageType, text], index) =>
    encodeFragment({
      objectId: firstObjectId + index,
      fragmentId: 0,
      start: true,
      end: true,
      blob: encodeMessage({ destination: Destination.Client, messageType, rpid, pid, data: new TextEncoder().encode(`\uFEFF${text}`) }),
    }),
  );
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return encodeBase64(joined);
}

describe('a pipeline started by another client (Receive-PSSession)', () => {
  it('lists the pool with its pipeline, connects to both and reads what the pipeline produced', async () => {
    const pipelineId = '5D3A6C2B-7E1F-4A8B-9C0D-1E2F3A4B5C6D';
    const enumerateShells = { ...disconnectRecording[11]! };
    // Only pool A, with one command.
    enumerateShells.response = enumerateShells.response!.replace(/<rsp:Shell xmlns:rsp="[^"]+"><rsp:ShellId>01AA3E43[\s\S]*?<\/rsp:Shell>/, '');
    const enumerateCommands = { ...disconnectRecording[12]! };
    enumerateCommands.response = enumerateCommands.response!.replace(
      '<w:EndOfSequence/>',
      `<w:Items><rsp:Command xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><rsp:CommandId>${pipelineId}</rsp:CommandId></rsp:Command></w:Items><w:EndOfSequence/>`,
    );
    const connectPool = disconnectRecording[14]!;
    const receivePool = disconnectRecording[15]!;
    const connectCommand: Entry = {
      request: connectPool.request
        .replace(/<wsman:OptionSet[\s\S]*?<\/wsman:OptionSet>/, '')
        .replace(/<rsp:Connect>[\s\S]*<\/rsp:Connect>/, `<rsp:Connect CommandId="${pipelineId}" />`),
      response: connectPool.response!.replace(/<rsp:ConnectResponse>[\s\S]*<\/rsp:ConnectResponse>/, '<rsp:ConnectResponse />'),
    };
    const stream = pipelineMessages(RECORDED_POOL_A, pipelineId, 10, [
      [0x00041004, '<S>produced while disconnected</S>'],
      [0x00041004, '<I32>42</I32>'],
      [0x00041006, '<Obj RefId="0"><MS><I32 N="PipelineState">4</I32></MS></Obj>'],
    ]);
    const receiveCommand: Entry = {
      request: receivePool.request.replace('<rsp:DesiredStream>', `<rsp:DesiredStream CommandId="${pipelineId}">`),
      response: receivePool.response!.replace(
        /<rsp:ReceiveResponse>[\s\S]*<\/rsp:ReceiveResponse>/,
        `<rsp:ReceiveResponse><rsp:Stream Name="stdout" CommandId="${pipelineId}">${stream}</rsp:Stream>` +
          `<rsp:CommandState CommandId="${pipelineId}" State="http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done"><rsp:ExitCode>0</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse>`,
      ),
    };
    server = await ReplayServer.fromText(
      recording([enumerateShells, enumerateCommands, connectPool, receivePool, connectCommand, receiveCommand, disconnectRecording[18]!]),
    );
    const [listed] = await listWSManPools({ endpoint: server.url, auth });
    expect(listed).toMatchObject({ id: RECORDED_POOL_A.toLowerCase(), pipelineIds: [pipelineId.toLowerCase()] });
    const pool = await RunspacePool.connect(transport(), listed!.id);
    const pipeline = pool.connectPipeline(listed!.pipelineIds[0]!);
    expect(pipeline.invocationState).toBe('Disconnected');
    expect(await pipeline.invoke()).toEqual(['produced while disconnected', 42]);
    expect(pipeline.invocationState).toBe('Completed');
    await pool.close();
    expectReplayedWholly();
    expect(server.tolerated).toEqual([`Signal terminate ${pipelineId}`]);
  });
});
