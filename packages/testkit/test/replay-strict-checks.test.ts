/**
 * The ReplayServer's stricter conformance: ShellId and CommandId values (selectors, CommandId attributes, Enumerate
 * filter selectors) must be those the server handed out, the pool-call ids are mapped, a PowerShell command may be
 * closed with the terminate signal the recordings lack, and faults injected by a test become the HTTP behaviour
 * they name, each surfacing as its typed WSMan error.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RESOURCE_URI_CMD,
  RESOURCE_URI_CONFIG,
  SIGNAL_TERMINATE,
  WSManClient,
  WSManFaultError,
  WSManHttpError,
  WSManParseError,
  WSManShell,
  WSManTimeoutError,
  WSManTransportError,
  enumerateShells,
} from '@psrp/wsman';
import {
  ACCESS_DENIED_FAULT,
  QUOTA_FAULT,
  ReplayServer,
  SHELL_NOT_FOUND_FAULT,
  TIMED_OUT_FAULT,
  parseRecording,
  recordingPath,
  type InjectedReplayFault,
} from '../src/index.js';

const CMD_STREAMS = { inputStreams: ['stdin'], outputStreams: ['stdout', 'stderr'] };
const NOT_HANDED_OUT = 'DEADBEEF-0000-4000-8000-000000000001';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

describe('ShellId and CommandId values', () => {
  it('refuses a ShellId selector the server never handed out, naming the one it did', async () => {
    server = await ReplayServer.start(recordingPath('test_winrs_standard.yml'));
    const client = new WSManClient({ endpoint: server.url });
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const impostor = new WSManShell(client, NOT_HANDED_OUT, RESOURCE_URI_CMD);
    const failure = await failureOf(impostor.command({ commandLine: 'cmd.exe', arguments: ['/c', 'echo', 'hi'] }));
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(server.mismatches).toEqual([`request 1 (recorded Command): ShellId selector ${NOT_HANDED_OUT} where the server handed out ${shell.id}`]);
    // The exchange stays for the right request.
    await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'echo', 'hi'] });
    expect(server.remaining).toBe(3);
  });

  it('refuses a CommandId the server did not hand out for this command', async () => {
    server = await ReplayServer.start(recordingPath('test_winrs_standard.yml'));
    const client = new WSManClient({ endpoint: server.url });
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'echo', 'hi'] });
    await failureOf(shell.receive({ commandId: NOT_HANDED_OUT, streams: ['stdout', 'stderr'] }));
    expect(server.mismatches).toEqual([`request 2 (recorded Receive): CommandId ${NOT_HANDED_OUT} where the server handed out ${commandId}`]);
  });

  it('accepts any unknown id where the recording itself named an unknown one (test_winrs_bad_cmd_id), not a handed-out one', async () => {
    server = await ReplayServer.start(recordingPath('test_winrs_bad_cmd_id.yml'));
    const client = new WSManClient({ endpoint: server.url });
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'echo', 'hi'] });
    await failureOf(shell.receive({ commandId, streams: ['stdout', 'stderr'] }));
    expect(server.mismatches).toEqual([`request 2 (recorded Receive): CommandId ${commandId} where the recording names an id the server never handed out`]);
    const failure = await failureOf(shell.receive({ commandId: NOT_HANDED_OUT, streams: ['stdout', 'stderr'] }));
    expect(failure).toMatchObject({ subcode: 'w:InvalidSelectors', machine: '192.168.56.15' });
    await shell.signal({ commandId, code: SIGNAL_TERMINATE });
    await shell.delete();
    expect(server.mismatches).toHaveLength(1);
    expect(server.remaining).toBe(0);
  });

  it('checks the ShellId of an Enumerate filter against the shells the server listed', async () => {
    const recorded = parseRecording(readFileSync(recordingPath('test_psrp_disconnect_runspaces.yml'), 'utf8'));
    const { stringify } = await import('yaml');
    server = await ReplayServer.fromText(stringify({ messages: recorded.slice(11, 13).map(({ request, response }) => ({ request, response })) }));
    const client = new WSManClient({ endpoint: server.url });
    const shells = await enumerateShells(client, { resourceUriPrefix: 'http://schemas.microsoft.com/powershell/' });
    expect(shells.map((shell) => shell.shellId)).toEqual(['B6631D8E-65A0-49F2-9053-A1B156C95777', '01AA3E43-9E21-424B-A7FC-BC16AA34F4CE']);
    await failureOf(new WSManShell(client, shells[1]!.shellId, shells[1]!.resourceUri).enumerateCommands());
    expect(server.mismatches[0]).toBe(
      'request 1 (recorded Enumerate): ShellId filter selector 01AA3E43-9E21-424B-A7FC-BC16AA34F4CE where the server handed out B6631D8E-65A0-49F2-9053-A1B156C95777',
    );
    expect(await new WSManShell(client, shells[0]!.shellId, shells[0]!.resourceUri).enumerateCommands()).toEqual([]);
    expect(shells[0]).toMatchObject({ state: 'Disconnected', idleTimeoutSeconds: 7200, maxIdleTimeoutSeconds: 2147483.647, bufferMode: 'Block', processId: 2792 });
  });
});

/** The recorded Get of the WinRM config (one exchange) with these faults. */
async function configServer(faults: InjectedReplayFault[], options: { hangLimitMs?: number } = {}): Promise<WSManClient> {
  server = await ReplayServer.start(recordingPath('test_wsman_update_envelope_size_150.yml'), { faults, ...options });
  return new WSManClient({ endpoint: server.url, operationTimeoutSeconds: 1, requestTimeoutSeconds: 0.5 });
}

describe('faults a test injects', () => {
  it('reset: the connection drops before an answer (WSManTransportError)', async () => {
    const client = await configServer([{ at: 0, kind: 'reset' }]);
    expect(await failureOf(client.get({ resourceUri: RESOURCE_URI_CONFIG }))).toBeInstanceOf(WSManTransportError);
    expect(server!.faultsPlayed).toEqual(['request 0 (recorded Get): reset']);
    expect(server!.remaining).toBe(0);
  });

  it('reset-mid-body: the answer stops halfway (WSManTransportError), and replayAfter keeps the exchange for a retry', async () => {
    const client = await configServer([{ at: 0, kind: 'reset-mid-body', replayAfter: true }]);
    expect(await failureOf(client.get({ resourceUri: RESOURCE_URI_CONFIG }))).toBeInstanceOf(WSManTransportError);
    expect(server!.remaining).toBe(1);
    const body = await client.get({ resourceUri: RESOURCE_URI_CONFIG });
    expect(body.children.length).toBeGreaterThan(0);
    expect(server!.remaining).toBe(0);
  });

  it('http-status: an error page that is not SOAP (WSManHttpError with the status)', async () => {
    const client = await configServer([{ at: 0, kind: 'http-status', status: 503, body: 'Service Unavailable' }]);
    const failure = await failureOf(client.get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManHttpError);
    expect(failure).toMatchObject({ status: 503, code: 'WSMAN_ERR_HTTP' });
  });

  it('garbage: a 200 whose body is not XML (WSManParseError)', async () => {
    const client = await configServer([{ at: 0, kind: 'garbage' }]);
    const failure = await failureOf(client.get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManParseError);
    expect(failure).toMatchObject({ code: 'WSMAN_ERR_PARSE' });
  });

  it('stall: no answer ends in WSManTimeoutError after the request timeout', async () => {
    const client = await configServer([{ at: 0, kind: 'stall' }], { hangLimitMs: 10_000 });
    const started = Date.now();
    const failure = await failureOf(client.get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each([
    ['w:TimedOut', TIMED_OUT_FAULT, 0x80338029],
    ['an expired or deleted shell (w:InvalidSelectors)', SHELL_NOT_FOUND_FAULT, 0x80338043],
    ['a quota (w:QuotaLimit)', QUOTA_FAULT, 0x803381a6],
    ['access denied (w:AccessDenied)', ACCESS_DENIED_FAULT, 5],
  ])('wsman-fault: %s arrives as WSManFaultError with its fields', async (_name, fault, wsmanFaultCode) => {
    const client = await configServer([{ at: 0, kind: 'wsman-fault', fault }]);
    const failure = await failureOf(client.get({ resourceUri: RESOURCE_URI_CONFIG }));
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(failure).toMatchObject({ status: 500, subcode: fault.subcode, faultCode: fault.code, wsmanFaultCode, machine: 'replay.example' });
  });
});
