/**
 * WSManClient against the ReplayServer: the client's requests must match, by meaning, what pypsrp
 * sent to real Windows servers, and it must read the real responses. Reads the recordings in
 * ../shared/fixtures/pypsrp-recordings (RecordingsMissingError names the path when absent).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  RESOURCE_URI_CMD,
  RESOURCE_URI_CONFIG,
  SIGNAL_TERMINATE,
  WSManClient,
  WSManFaultError,
  NS_WSMAN,
  findDescendant,
  type ReceiveResult,
  type WSManShell,
} from '@psrp/wsman';
import { ReplayServer, recordingPath } from '../src/index.js';

const CMD_STREAMS = { inputStreams: ['stdin'], outputStreams: ['stdout', 'stderr'] };
const CTRL_C = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c';
const NO_SKIP_CMD_SHELL = { WINRS_SKIP_CMD_SHELL: 'False' };
const MAX_RECEIVES = 10;

let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function replay(file: string): Promise<{ server: ReplayServer; client: WSManClient }> {
  server = await ReplayServer.start(recordingPath(file));
  return { server, client: new WSManClient({ endpoint: server.url, auth: { kind: 'basic', username: 'vagrant', password: 'vagrant' }, allowUnencryptedBasic: true }) };
}

interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOutReceives: number;
}

/** Receives until the command is Done, decoding base64 output as a cmd.exe client would. */
async function receiveAll(shell: WSManShell, commandId: string): Promise<CommandOutput> {
  const output: CommandOutput = { stdout: '', stderr: '', exitCode: null, timedOutReceives: 0 };
  for (let attempt = 0; attempt < MAX_RECEIVES; attempt++) {
    const result: ReceiveResult = await shell.receive({ commandId, streams: ['stdout', 'stderr'] });
    if (result.timedOut) output.timedOutReceives++;
    for (const stream of result.streams) {
      const text = Buffer.from(stream.data, 'base64').toString('utf8');
      if (stream.name === 'stdout') output.stdout += text;
      else output.stderr += text;
    }
    if (result.commandState?.state === 'Done') {
      output.exitCode = result.commandState.exitCode;
      return output;
    }
  }
  throw new Error(`command ${commandId} not Done after ${MAX_RECEIVES} receives`);
}

/** Ends the command and the shell as pypsrp did, then checks the whole recording was played. */
async function finish(shell: WSManShell, commandId: string, played: ReplayServer, code = SIGNAL_TERMINATE): Promise<void> {
  await shell.signal({ commandId, code });
  await shell.delete();
  expect(played.mismatches).toEqual([]);
  expect(played.remaining).toBe(0);
}

describe('WSManClient against recorded WinRS traffic', () => {
  it('test_winrs_standard: create, run cmd.exe, receive stdout and exit code, signal, delete', async () => {
    const { server, client } = await replay('test_winrs_standard.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    expect(shell.id).toBe('4283CBDC-3706-415B-88BD-B385F3E51A53');
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'echo', 'hi'], options: NO_SKIP_CMD_SHELL });
    expect(commandId).toBe('CF84C20A-0A35-43FA-AF78-0B4711DA5F30');
    expect(await receiveAll(shell, commandId)).toEqual({ stdout: 'hi\r\n', stderr: '', exitCode: 0, timedOutReceives: 0 });
    await finish(shell, commandId, server, CTRL_C);
  });

  it('test_winrs_stderr_rc: stderr and a non-zero exit code', async () => {
    const { server, client } = await replay('test_winrs_stderr_rc.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c echo out && echo err>&2 && exit 1'] });
    const output = await receiveAll(shell, commandId);
    expect(output).toEqual({ stdout: 'out \r\n', stderr: 'err \r\n', exitCode: 1, timedOutReceives: 0 });
    await finish(shell, commandId, server);
  });

  it('test_winrs_send: input on stdin in two sends, the second with End', async () => {
    const { server, client } = await replay('test_winrs_send.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const commandId = await shell.command({ commandLine: 'powershell.exe', arguments: ['-'] });
    const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
    await shell.send({ commandId, stream: 'stdin', data: base64('Write-Host "output 1";') });
    await shell.send({ commandId, stream: 'stdin', data: base64('Write-Host "output 2";'), end: true });
    const output = await receiveAll(shell, commandId);
    expect(output.stdout).toBe('output 1\noutput 2\n');
    expect(output.exitCode).toBe(0);
    await finish(shell, commandId, server);
  });

  it('test_winrs_operation_timeout: w:TimedOut faults become timedOut results, then output arrives', async () => {
    const { server, client } = await replay('test_winrs_operation_timeout.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const commandId = await shell.command({ commandLine: 'powershell.exe', arguments: ['Write-Host hi; Start-Sleep 30; Write-Host hi again'] });
    const output = await receiveAll(shell, commandId);
    expect(output).toEqual({ stdout: 'hi\nhi again\n', stderr: '', exitCode: 0, timedOutReceives: 2 });
    await finish(shell, commandId, server);
  });

  it('test_winrs_bad_cmd_id: a Receive for an unknown command fails with the server fault', async () => {
    const { server, client } = await replay('test_winrs_bad_cmd_id.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'echo', 'hi'] });
    const failure = await shell.receive({ commandId: '87E77BEB-6761-4C48-9D70-A00266B8459A', streams: ['stdout', 'stderr'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(failure).toMatchObject({
      code: 'WSMAN_ERR_FAULT',
      faultCode: 's:Sender',
      subcode: 'w:InvalidSelectors',
      wsmanFaultCode: 2150858843,
      machine: '192.168.56.15',
      status: 500,
      faultDetail: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors',
    });
    await finish(shell, commandId, server);
  });

  it('test_winrs_fail_poll_process: a Receive fault on a shell without a command', async () => {
    const { server, client } = await replay('test_winrs_fail_poll_process.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const failure = await shell.receive({ streams: ['stdout', 'stderr'] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(failure).toMatchObject({ subcode: 'w:InvalidParameter', wsmanFaultCode: 87, machine: '127.0.0.1' });
    expect((failure as WSManFaultError).wsmanMessage).toBe('The parameter is incorrect.');
    await shell.delete();
    expect(server.mismatches).toEqual([]);
    expect(server.remaining).toBe(0);
  });

  it('test_winrs_environment and test_winrs_extra_opts: shell options reach the server', async () => {
    const environment = await replay('test_winrs_environment.yml');
    const shell = await environment.client.createShell({
      resourceUri: RESOURCE_URI_CMD,
      ...CMD_STREAMS,
      environment: { env1: 'var1', '1234': '5678', '_-(){}[]<>*+-/\\?"!@#$^&|;:i,.`~0': '_-(){}[]<>*+-/\\?"!@#$^&|;:i,.`~0' },
    });
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'set'] });
    expect((await receiveAll(shell, commandId)).stdout).toContain('env1=var1');
    await finish(shell, commandId, environment.server);
    await environment.server.close();

    const extra = await replay('test_winrs_extra_opts.yml');
    const optioned = await extra.client.createShell({
      resourceUri: RESOURCE_URI_CMD,
      ...CMD_STREAMS,
      idleTimeoutSeconds: 60,
      lifetimeSeconds: 60,
      name: 'shell 1',
      workingDirectory: 'C:\\Windows',
    });
    const pwdId = await optioned.command({ commandLine: 'powershell.exe', arguments: ['(pwd).Path'] });
    expect((await receiveAll(optioned, pwdId)).stdout.trim()).toBe('C:\\Windows');
    await finish(optioned, pwdId, extra.server);
  });

  it('test_winrs_noprofile: a MustComply shell option', async () => {
    const { server, client } = await replay('test_winrs_noprofile.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS, options: { WINRS_NOPROFILE: 'TRUE' } });
    const commandId = await shell.command({ commandLine: 'cmd.exe', arguments: ['/c', 'set'] });
    expect((await receiveAll(shell, commandId)).exitCode).toBe(0);
    await finish(shell, commandId, server);
  });

  it('test_winrs_no_cmd_shell: a Command fault, then the same command with WINRS_SKIP_CMD_SHELL', async () => {
    const { server, client } = await replay('test_winrs_no_cmd_shell.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, ...CMD_STREAMS });
    const ps = 'C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe';
    const failure = await shell
      .command({ commandLine: ps, arguments: ['Write-Host', 'hi'], options: { WINRS_SKIP_CMD_SHELL: 'True' } })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WSManFaultError);
    const commandId = await shell.command({ commandLine: ps, arguments: ['Write-Host', 'hi'], options: { WINRS_SKIP_CMD_SHELL: 'True' } });
    expect((await receiveAll(shell, commandId)).stdout).toContain('hi');
    await finish(shell, commandId, server);
  });

  it.each([
    ['test_wsman_update_envelope_size_150.yml', '150'],
    ['test_wsman_update_envelope_size_500.yml', '500'],
    ['test_wsman_update_envelope_size_4096.yml', '4096'],
  ])('%s: Get of the WinRM config reads MaxEnvelopeSizekb', async (file, expected) => {
    const { server, client } = await replay(file);
    const body = await client.get({ resourceUri: RESOURCE_URI_CONFIG });
    const configNamespace = 'http://schemas.microsoft.com/wbem/wsman/1/config';
    expect(findDescendant(body, configNamespace, 'MaxEnvelopeSizekb')?.text).toBe(expected);
    expect(findDescendant(body, NS_WSMAN, 'Nothing')).toBeUndefined();
    expect(server.mismatches).toEqual([]);
    expect(server.remaining).toBe(0);
  });
});
