/**
 * The WSMan transport as PowerShell's WinRM client drives it, against real Windows servers' recorded answers
 * (../shared/fixtures/pypsrp-recordings, replayed by the testkit's ReplayServer, which checks ShellId and CommandId
 * values against the ids it handed out): the ShellId and CommandId the server answered are used, commands are closed
 * with the terminate signal, fragments are sized from MaxEnvelopeSize and the negotiated version, the resource URI
 * comes from the configuration name, the protocolversion option follows the pool, and IdleTimeOut is sent.
 *
 * The client offers protocol 2.4; the recorded servers answer 2.3 (the replay matches requests by the PSRP message
 * types they carry, so the creationXml's newer version does not matter).
 */
import { readFileSync } from 'node:fs';
import { ReplayServer, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_ENVELOPE_SIZE_V3,
  PsrpArgumentError,
  RunspacePool,
  WSManTransport,
  payloadBytesForEnvelope,
  powerShellResourceUri,
  type WSManTransportOptions,
} from '../src/index.js';

let server: ReplayServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

function transportFor(replay: ReplayServer, options: Partial<WSManTransportOptions> = {}): WSManTransport {
  return new WSManTransport({ endpoint: replay.url, auth: { kind: 'none' }, ...options });
}

function expectReplayedWholly(): void {
  expect(server!.mismatches).toEqual([]);
  expect(server!.remaining).toBe(0);
}

/** The recording's text with every occurrence of `from` in the chosen places replaced by `to`. */
function recordingText(file: string): string {
  return readFileSync(recordingPath(file), 'utf8');
}

const NEW_ID = 'C0FFEE00-1234-4ABC-8DEF-0123456789AB';

describe('WSMan transport: ids the server hands out', () => {
  it('proposes the pool id as ShellId in the Create, with creationXml and the protocolversion the pool announces', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'));
    const transport = transportFor(server);
    const pool = await RunspacePool.open(transport);
    const create = server.received[0]!;
    expect(create).toContain(`<rsp:Shell ShellId="${pool.id.toUpperCase()}">`);
    expect(create).toMatch(/<creationXml xmlns="http:\/\/schemas.microsoft.com\/powershell">[A-Za-z0-9+/=]+<\/creationXml>/);
    // The pool offers 2.4 (the server answers 2.3): the option says what the pool announced, as PowerShell's does.
    expect(create).toContain('<wsman:Option MustComply="true" Name="protocolversion">2.4</wsman:Option>');
    expect(transport.shellId).toBe(pool.id.toUpperCase());
    await pool.close();
    expectReplayedWholly();
  });

  it('uses the ShellId the server answered with when it differs from the proposal', async () => {
    // The recorded server answers with another id; every later recorded request names that one.
    const text = recordingText('test_psrp_open_runspace.yml');
    const proposed = /ShellId="([0-9A-F-]{36})"/.exec(text)![1]!;
    const [head, ...rest] = text.split('- request:');
    const entries = rest.map((entry, index) => {
      if (index === 0) {
        const [request, response] = entry.split('response:');
        return `${request}response:${response!.split(proposed).join(NEW_ID)}`;
      }
      return entry.split(proposed).join(NEW_ID);
    });
    server = await ReplayServer.fromText([head, ...entries].join('- request:'));
    const transport = transportFor(server);
    const pool = await RunspacePool.open(transport);
    expect(transport.shellId).toBe(NEW_ID);
    expect(pool.id.toUpperCase()).not.toBe(NEW_ID);
    await pool.close();
    expectReplayedWholly();
    expect(server.received.at(-1)).toContain(`<wsman:Selector Name="ShellId">${NEW_ID}</wsman:Selector>`);
  });

  it('uses the CommandId the server answered for Receive and the closing Signal (MS-PSRP 3.1.5.3.4)', async () => {
    const text = recordingText('test_psrp_stream_output_invocation.yml');
    const proposed = /CommandLine CommandId="([0-9A-F-]{36})"/.exec(text)![1]!;
    // Everywhere but the Command request's own proposal, the recorded server named NEW_ID.
    const swapped = text
      .split(proposed)
      .join(NEW_ID)
      .replace(`CommandLine CommandId="${NEW_ID}"`, `CommandLine CommandId="${proposed}"`);
    server = await ReplayServer.fromText(swapped);
    const transport = transportFor(server);
    const pool = await RunspacePool.open(transport);
    const ps = pool.createPowerShell().addScript("Write-Output 'output stream'");
    expect(await ps.invoke()).toEqual(['output stream']);
    await pool.close();
    expectReplayedWholly();
    const command = server.received.find((request) => request.includes('/windows/shell/Command<'))!;
    expect(command).toMatch(/<rsp:CommandLine CommandId="[0-9A-F-]{36}">/);
    expect(command).not.toContain(NEW_ID);
    // The pipeline was closed as WSManCloseCommand closes it: Signal terminate with the server's CommandId.
    expect(server.tolerated).toEqual([`Signal terminate ${NEW_ID}`]);
    const receives = server.received.filter((request) => request.includes('DesiredStream CommandId'));
    expect(receives.length).toBeGreaterThan(0);
    for (const receive of receives) expect(receive).toContain(`DesiredStream CommandId="${NEW_ID}"`);
  });

  it('closes every finished pipeline with Signal terminate before deleting the shell', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_reset_runspace_state.yml'));
    const pool = await RunspacePool.open(transportFor(server));
    await pool.createPowerShell().addScript('$a = 1').invoke();
    expect(await pool.resetRunspaceState()).toBe(true);
    await pool.createPowerShell().addScript('$a').invoke();
    await pool.close();
    expectReplayedWholly();
    expect(server.tolerated).toHaveLength(2);
    const signals = server.received.filter((request) => request.includes('/signal/terminate'));
    expect(signals).toHaveLength(2);
    const deleteAt = server.received.findIndex((request) => request.includes('transfer/Delete<'));
    expect(server.received.indexOf(signals[1]!)).toBeLessThan(deleteAt);
  });

  it('refuses a terminate for a CommandId the server never handed out', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'));
    const response = await fetch(server.url, {
      method: 'POST',
      body:
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
        'xmlns:wsman="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><s:Header>' +
        '<wsa:Action>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Signal</wsa:Action>' +
        '<wsman:ResourceURI>http://schemas.microsoft.com/powershell/Microsoft.PowerShell</wsman:ResourceURI>' +
        `<wsman:SelectorSet><wsman:Selector Name="ShellId">${NEW_ID}</wsman:Selector></wsman:SelectorSet></s:Header>` +
        `<s:Body><rsp:Signal CommandId="${NEW_ID}"><rsp:Code>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate</rsp:Code></rsp:Signal></s:Body></s:Envelope>`,
    });
    expect(response.status).toBe(500);
    expect(server.mismatches).toEqual([`request 0 (Signal terminate): CommandId ${NEW_ID} was never handed out`]);
  });
});

describe('WSMan transport: sizes, options and endpoints', () => {
  it('starts with 150 KB envelopes and moves to 500 KB once a 2.2+ server answered, as PowerShell does', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_run_protocol_version_2.2.yml'));
    const transport = transportFor(server);
    expect(transport.maxEnvelopeSize).toBe(153600);
    expect(transport.maxPayloadBytes).toBe(payloadBytesForEnvelope(153600));
    const pool = await RunspacePool.open(transport);
    expect(pool.serverProtocolVersion).toBe('2.2');
    expect(transport.maxEnvelopeSize).toBe(MAX_ENVELOPE_SIZE_V3);
    expect(transport.maxPayloadBytes).toBe(payloadBytesForEnvelope(512000));
    const output = await pool.createPowerShell().addScript('begin { Write-Error error 2>&1 } process { $_ } end {}').invoke({ input: ['message 1', 2, ['3', 3]] });
    expect(output.slice(1, 3)).toEqual(['message 1', 2]);
    await pool.close();
    expectReplayedWholly();
    expect(server.received[0]).toContain('<wsman:MaxEnvelopeSize s:mustUnderstand="true">153600</wsman:MaxEnvelopeSize>');
    expect(server.received.at(-1)).toContain('<wsman:MaxEnvelopeSize s:mustUnderstand="true">512000</wsman:MaxEnvelopeSize>');
  });

  it('keeps a MaxEnvelopeSize the caller chose, and cuts fragments to fit it', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'));
    const transport = transportFor(server, { maxEnvelopeSize: 40960 });
    const pool = await RunspacePool.open(transport);
    expect(transport.maxEnvelopeSize).toBe(40960);
    expect(transport.maxPayloadBytes).toBe(payloadBytesForEnvelope(40960));
    await pool.close();
    expectReplayedWholly();
    for (const request of server.received) expect(request).toContain('<wsman:MaxEnvelopeSize s:mustUnderstand="true">40960</wsman:MaxEnvelopeSize>');
  });

  it('sends IdleTimeOut, the session name, NoMachineProfile and a chosen protocolversion in the Create', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'));
    const pool = await RunspacePool.open(
      transportFor(server, { idleTimeoutMs: 120_000, sessionName: 'nightly', noMachineProfile: true, protocolVersion: '2.3' }),
    );
    await pool.close();
    expectReplayedWholly();
    const create = server.received[0]!;
    expect(create).toContain('<rsp:IdleTimeOut>PT120S</rsp:IdleTimeOut>');
    expect(create).toContain('<rsp:Name>nightly</rsp:Name>');
    expect(create).toContain('<wsman:Option MustComply="true" Name="WINRS_NOPROFILE">TRUE</wsman:Option>');
    expect(create).toContain('<wsman:Option MustComply="true" Name="protocolversion">2.3</wsman:Option>');
  });

  it('refuses an idle timeout under a minute, as PowerShell does', () => {
    expect(() => new WSManTransport({ endpoint: 'http://h:5985/wsman', auth: { kind: 'none' }, idleTimeoutMs: 59_999 })).toThrow(PsrpArgumentError);
  });

  it('builds the resource URI from the configuration name (JEA and PowerShell 7 endpoints) or takes it whole', () => {
    expect(powerShellResourceUri({})).toBe('http://schemas.microsoft.com/powershell/Microsoft.PowerShell');
    expect(powerShellResourceUri({ configurationName: 'PowerShell.7' })).toBe('http://schemas.microsoft.com/powershell/PowerShell.7');
    expect(powerShellResourceUri({ configurationName: 'JEA.Maintenance' })).toBe('http://schemas.microsoft.com/powershell/JEA.Maintenance');
    expect(powerShellResourceUri({ resourceUri: 'http://example.com/custom' })).toBe('http://example.com/custom');
    const transport = new WSManTransport({ endpoint: 'http://h:5985/wsman', auth: { kind: 'none' }, configurationName: 'JEA.Maintenance' });
    expect(transport.resourceUri).toBe('http://schemas.microsoft.com/powershell/JEA.Maintenance');
  });

  it('addresses a JEA endpoint by its resource URI in every request', async () => {
    // The recording was made against Microsoft.PowerShell: a client on another endpoint is refused at its first request.
    server = await ReplayServer.start(recordingPath('test_psrp_open_runspace.yml'));
    const failure = await RunspacePool.open(transportFor(server, { configurationName: 'JEA.Maintenance' })).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'PSRP_ERR_TRANSPORT' });
    expect(server.mismatches[0]).toContain('ResourceURI http://schemas.microsoft.com/powershell/JEA.Maintenance where the recording has');
  });
});
