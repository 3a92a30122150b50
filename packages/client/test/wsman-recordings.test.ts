/**
 * Each recorded PSRP scenario of ../shared/fixtures/pypsrp-recordings driven through the public API over WSMan, with
 * its results checked against what the real Windows server answered: outputs, error and informational streams,
 * history, pool calls, command metadata, host calls (the PSHost interface), Receive timeouts and a stalled server.
 * The replay server checks every request's meaning and every ShellId/CommandId value; scenarios the other suites
 * cover (test_psrp_open_runspace, stream_output_invocation, error_failed, run_protocol_version_2.3) are not repeated.
 *
 * The replay matches requests by the PSRP message types they carry, not by their script text, so the scripts below
 * are the recorded ones where they are short and a stand-in where they are long.
 */
import { PSObject } from '@psrp/clixml';
import { ReplayServer, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { WSManFaultError, WSManHttpError } from '@psrp/wsman';
import { PsrpTimeoutError, PsrpTransportError, RunspacePool, SecureString, WSManTransport, type PSHost, type RunspacePoolOptions } from '../src/index.js';

let server: ReplayServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

let transport: WSManTransport | null = null;

async function openReplay(file: string, options: RunspacePoolOptions = {}, transportOptions: Record<string, unknown> = {}): Promise<RunspacePool> {
  server = await ReplayServer.start(recordingPath(file));
  transport = new WSManTransport({ endpoint: server.url, auth: { kind: 'none' }, ...transportOptions });
  return RunspacePool.open(transport, options);
}

async function closeAndCheck(pool: RunspacePool): Promise<void> {
  await pool.close();
  expect(server!.mismatches).toEqual([]);
  expect(server!.remaining).toBe(0);
}

function typeName(value: unknown): string | undefined {
  return value instanceof PSObject ? value.typeNames[0] : undefined;
}

describe('recorded PSRP scenarios through the public API', () => {
  it('test_psrp_clear_commands: output and the progress record the server wrote', async () => {
    const pool = await openReplay('test_psrp_clear_commands.yml');
    const ps = pool.createPowerShell().addScript('echo new');
    expect(await ps.invoke()).toEqual(['new']);
    expect(ps.streams.progress.map((record) => record.activity)).toEqual(['Preparing modules for first use.']);
    expect(ps.invocationState).toBe('Completed');
    await closeAndCheck(pool);
  });

  it('test_psrp_with_input: input objects sent with the end of input, echoed back deserialized', async () => {
    const pool = await openReplay('test_psrp_with_input.yml');
    const ps = pool.createPowerShell().addScript('begin { Write-Debug "Start Block" } process { $input } end { Write-Debug "End Block" }');
    const output = await ps.invoke({ input: ['1', 2, new Map([['a', 'b']]), ['a', 'b']] });
    expect(output.slice(0, 2)).toEqual(['1', 2]);
    expect(typeName(output[2])).toBe('Deserialized.System.Collections.Hashtable');
    expect(((output[2] as PSObject).baseValue as Map<unknown, unknown>).get('a')).toBe('b');
    expect(typeName(output[3])).toBe('Deserialized.System.Object[]');
    expect((output[3] as PSObject).baseValue).toEqual(['a', 'b']);
    expect(ps.streams.debug.map(String)).toEqual(['Start Block', 'End Block']);
    await closeAndCheck(pool);
    const send = server!.received.find((request) => request.includes('/windows/shell/Send<'))!;
    expect(send).toMatch(/<rsp:Stream Name="stdin" CommandId="[0-9A-F-]{36}">/);
  });

  it('test_psrp_stream_no_output_invocation: every stream of a pipeline that also writes output', async () => {
    const pool = await openReplay('test_psrp_stream_no_output_invocation.yml');
    const ps = pool.createPowerShell().addScript("Write-Output 'output stream'");
    expect(await ps.invoke()).toEqual(['output stream']);
    expect(ps.streams.debug.map(String)).toEqual(['debug stream']);
    expect(ps.streams.verbose.map(String)).toEqual(['verbose stream']);
    expect(ps.streams.error.map((record) => record.message)).toEqual(['error stream']);
    expect(ps.streams.warning.map(String)).toEqual(['warning stream']);
    expect(ps.streams.information.map(String)).toEqual(['information stream']);
    expect(ps.hadErrors).toBe(true);
    await closeAndCheck(pool);
  });

  it('test_psrp_with_history: AddToHistory, then Get-History returns the first invocation', async () => {
    const pool = await openReplay('test_psrp_with_history.yml');
    expect(await pool.createPowerShell().addScript('Write-Output 1; Write-Output 2').invoke({ addToHistory: true })).toEqual([1, 2]);
    const [history] = await pool.createPowerShell().addCommand('Get-History').invoke();
    expect(typeName(history)).toBe('Deserialized.Microsoft.PowerShell.Commands.HistoryInfo');
    expect(String(history)).toBe('Write-Output 1; Write-Output 2');
    await closeAndCheck(pool);
    const creates = server!.received.filter((request) => request.includes('/windows/shell/Command<'));
    expect(creates).toHaveLength(2);
  });

  it('test_psrp_with_no_history: the same without AddToHistory leaves Get-History empty', async () => {
    const pool = await openReplay('test_psrp_with_no_history.yml');
    expect(await pool.createPowerShell().addScript('Write-Output 1; Write-Output 2').invoke()).toEqual([1, 2]);
    expect(await pool.createPowerShell().addCommand('Get-History').invoke()).toEqual([]);
    await closeAndCheck(pool);
  });

  it('test_psrp_application_args: ApplicationArguments reach $PSSenderInfo', async () => {
    const pool = await openReplay('test_psrp_application_args.yml', { applicationArguments: new Map<string, unknown>([['arg1', 'value 1'], ['arg2', 2]]) as never });
    const [args] = await pool.createPowerShell().addScript('$PSSenderInfo.ApplicationArguments').invoke();
    expect(typeName(args)).toBe('System.Management.Automation.PSPrimitiveDictionary');
    expect((args as PSObject).baseValue).toBeInstanceOf(Map);
    await closeAndCheck(pool);
  });

  it('test_psrp_no_profile: NoMachineProfile (WINRS_NOPROFILE) leaves the system profile', async () => {
    const pool = await openReplay('test_psrp_no_profile.yml', {}, { noMachineProfile: true });
    expect(await pool.createPowerShell().addScript('$env:USERPROFILE.ToUpperInvariant()').invoke()).toEqual(['C:\\WINDOWS\\SYSTEM32\\CONFIG\\SYSTEMPROFILE']);
    await closeAndCheck(pool);
    expect(server!.received[0]).toContain('Name="WINRS_NOPROFILE">TRUE<');
  });

  it('test_psrp_pshost_methods: host calls reach the PSHost (SetShouldExit) and the output arrives', async () => {
    const exits: number[] = [];
    const host: PSHost = { setShouldExit: (code) => void exits.push(code) };
    const pool = await openReplay('test_psrp_pshost_methods.yml', { host });
    const [culture] = await pool.createPowerShell().addScript('$host.CurrentCulture; $host.SetShouldExit(1)').invoke();
    // Windows PowerShell 5.1 wrote these type names without the Deserialized. prefix; they arrive as sent.
    expect(typeName(culture)).toBe('System.Globalization.CultureInfo');
    expect(String(culture)).toBe('en-US');
    expect(exits).toEqual([1]);
    await closeAndCheck(pool);
  });

  it('test_psrp_pshost_methods: a pipeline host overrides the pool host', async () => {
    const poolExits: number[] = [];
    const pipelineExits: number[] = [];
    const pool = await openReplay('test_psrp_pshost_methods.yml', { host: { setShouldExit: (code) => void poolExits.push(code) } });
    await pool.createPowerShell().addScript('$host.SetShouldExit(1)').invoke({ host: { setShouldExit: (code) => void pipelineExits.push(code) } });
    expect(pipelineExits).toEqual([1]);
    expect(poolExits).toEqual([]);
    await closeAndCheck(pool);
  });

  it('test_psrp_set_runspaces: pool calls and their answers, numbered as this client numbers them', async () => {
    const pool = await openReplay('test_psrp_set_runspaces.yml');
    expect(await pool.getAvailableRunspaces()).toBe(1);
    expect(await pool.setMaxRunspaces(5)).toBe(true);
    expect(await pool.getAvailableRunspaces()).toBe(5);
    expect(await pool.setMinRunspaces(2)).toBe(true);
    // The recorded client asked for invalid sizes (-1), which this client refuses to send; the server's refusal is
    // what the test reads.
    expect(await pool.setMinRunspaces(10)).toBe(false);
    expect(await pool.setMaxRunspaces(1)).toBe(false);
    await closeAndCheck(pool);
  });

  it('test_psrp_reset_runspace_state_fail: the server refusing a reset answers false', async () => {
    const pool = await openReplay('test_psrp_reset_runspace_state_fail.yml');
    expect(await pool.resetRunspaceState()).toBe(false);
    await closeAndCheck(pool);
  });

  it('test_psrp_get_command_metadata: three queries, the count left out of each answer', async () => {
    const pool = await openReplay('test_psrp_get_command_metadata.yml');
    const first = await pool.getCommandMetadata({ names: ['new-pssession*'], commandTypes: ['Alias', 'Function', 'Filter', 'Cmdlet', 'ExternalScript', 'Application', 'Script', 'Configuration'] });
    expect(first).toHaveLength(3);
    expect(first.every((item) => typeName(item) === 'Deserialized.Selected.System.Management.Automation.CmdletInfo')).toBe(true);
    const second = await pool.getCommandMetadata({ names: ['new-*'], commandTypes: ['Function'] });
    expect(second).toHaveLength(2);
    const third = await pool.getCommandMetadata({ names: ['Get-*'], namespaces: ['Microsoft.WSMan.Management'] });
    expect(third.length).toBeGreaterThan(0);
    await closeAndCheck(pool);
  });

  it('test_psrp_long_running_cmdlet: Receives answered w:TimedOut are sent again until the output comes', async () => {
    const pool = await openReplay('test_psrp_long_running_cmdlet.yml');
    expect(await pool.createPowerShell().addCommand('Start-Sleep').addParameter('Seconds', 40).addStatement().addScript("'hi'").invoke()).toEqual(['hi']);
    await closeAndCheck(pool);
    const receives = server!.received.filter((request) => request.includes('DesiredStream CommandId'));
    expect(receives).toHaveLength(3);
  });

  it('test_psrp_key_exchange_timeout: a server that never answers the key exchange ends in PsrpTimeoutError, not a hang', async () => {
    const pool = await openReplay('test_psrp_key_exchange_timeout.yml', { openTimeoutMs: 300 });
    const failure = await pool
      .createPowerShell()
      .addCommand('Write-Output')
      .addArgument(new SecureString('secret'))
      .invoke()
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpTimeoutError);
    expect((failure as PsrpTimeoutError).code).toBe('PSRP_ERR_TIMEOUT');
    // The Receive the server holds is dropped when the pool closes: close does not wait for it.
    const started = Date.now();
    await closeAndCheck(pool);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('test_psrp_is_alive_state_disconnected: the shell state the server reports (another client disconnected it)', async () => {
    const pool = await openReplay('test_psrp_is_alive_state_disconnected.yml', {}, { idleTimeoutMs: 60_000 });
    expect((await transport!.shellInfo()).state).toBe('Connected');
    const info = await transport!.shellInfo();
    expect(info).toMatchObject({ state: 'Disconnected', shellId: pool.id.toUpperCase(), idleTimeoutSeconds: 60 });
    expect(server!.mismatches).toEqual([]);
    expect(server!.remaining).toBe(0);
  });

  it('test_psrp_is_alive_invalid_selectors: a shell that is gone answers w:InvalidSelectors, as a typed error', async () => {
    await openReplay('test_psrp_is_alive_invalid_selectors.yml', {}, { idleTimeoutMs: 60_000 });
    expect((await transport!.shellInfo()).state).toBe('Connected');
    const failure = await transport!.shellInfo().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as Error).cause).toBeInstanceOf(WSManFaultError);
    expect((failure as Error).cause).toMatchObject({ subcode: 'w:InvalidSelectors', wsmanFaultCode: 2150858843 });
    expect(server!.mismatches).toEqual([]);
  });

  it('test_psrp_is_alive_http_error: an HTTP error on the Get is a typed error', async () => {
    await openReplay('test_psrp_is_alive_http_error.yml', {}, { idleTimeoutMs: 60_000 });
    await transport!.shellInfo();
    const failure = await transport!.shellInfo().catch((error: unknown) => error);
    expect((failure as Error).cause).toBeInstanceOf(WSManHttpError);
    expect((failure as Error).cause).toMatchObject({ status: 500 });
  });

  it('test_psrp_is_alive_other_wsman_error: another WSMan fault, then the pool still closes', async () => {
    const pool = await openReplay('test_psrp_is_alive_other_wsman_error.yml', {}, { idleTimeoutMs: 60_000 });
    const failure = await transport!.shellInfo().catch((error: unknown) => error);
    expect((failure as Error).cause).toMatchObject({ subcode: 'a:InvalidMessageInformationHeader', wsmanFaultCode: 2150858767 });
    expect(pool.state).toBe('Opened');
    await closeAndCheck(pool);
  });
});
