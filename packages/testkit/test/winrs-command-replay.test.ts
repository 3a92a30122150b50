/**
 * @psrp/wsman's WinRS API (runCommand, streamCommand: what `winrs -r:host cmd` and pypsrp's execute_cmd do) against
 * the recorded cmd.exe sessions of real Windows servers: test_winrs_*.yml and test_client_execute_cmd*.yml. The
 * replay server checks that every ShellId and CommandId is the one it handed out. The recorded client ended each
 * finished command with Ctrl+C; this API ends it with terminate, as WSManCloseCommand does (the replay does not
 * compare signal codes).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  RESOURCE_URI_CMD,
  WSManAbortError,
  WSManClient,
  WSManFaultError,
  codepageEncoding,
  runCommand,
  stdinChunkBytes,
  streamCommand,
  type WinRSChunk,
} from '@psrp/wsman';
import { ReplayServer, recordingPath } from '../src/index.js';

let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function replay(file: string): Promise<WSManClient> {
  server = await ReplayServer.start(recordingPath(file));
  return new WSManClient({ endpoint: server.url });
}

function expectReplayedWholly(): void {
  expect(server!.mismatches).toEqual([]);
  expect(server!.remaining).toBe(0);
}

function signalCodes(): string[] {
  return server!.received.flatMap((request) => /<rsp:Code>([^<]+)</.exec(request)?.[1] ?? []);
}

describe('runCommand against recorded WinRS sessions', () => {
  it('test_winrs_standard: stdout and exit code of cmd.exe /c echo hi', async () => {
    const client = await replay('test_winrs_standard.yml');
    const result = await runCommand(client, 'cmd.exe', ['/c', 'echo', 'hi']);
    expect(result).toMatchObject({ stdout: 'hi\r\n', stderr: '', exitCode: 0 });
    expect(result.stdoutBytes).toEqual(new TextEncoder().encode('hi\r\n'));
    expectReplayedWholly();
    expect(signalCodes()).toEqual(['http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate']);
    expect(server!.received[1]).toContain('<wsman:Option Name="WINRS_SKIP_CMD_SHELL">False</wsman:Option>');
    expect(server!.received[1]).toContain('<rsp:Command>cmd.exe</rsp:Command><rsp:Arguments>/c</rsp:Arguments><rsp:Arguments>echo</rsp:Arguments>');
  });

  it('codepage sets WINRS_CODEPAGE on the shell and decodes the output with it', async () => {
    const client = await replay('test_winrs_standard.yml');
    const result = await runCommand(client, 'cmd.exe', ['/c', 'echo', 'hi'], { codepage: 65001 });
    expect(result.stdout).toBe('hi\r\n');
    expectReplayedWholly();
    expect(server!.received[0]).toMatch(/<wsman:Option [^>]*Name="WINRS_CODEPAGE">65001<\/wsman:Option>/);
  });

  it('test_winrs_stderr_rc: stderr and a non-zero exit code', async () => {
    const client = await replay('test_winrs_stderr_rc.yml');
    const result = await runCommand(client, 'cmd.exe', ['/c echo out && echo err>&2 && exit 1']);
    expect(result).toMatchObject({ stdout: 'out \r\n', stderr: 'err \r\n', exitCode: 1 });
    expectReplayedWholly();
  });

  it('test_winrs_send: stdin in two Sends, the last with End', async () => {
    const client = await replay('test_winrs_send.yml');
    const result = await runCommand(client, 'powershell.exe', ['-'], { stdin: ['Write-Host "output 1";', 'Write-Host "output 2";'] });
    expect(result).toMatchObject({ stdout: 'output 1\noutput 2\n', exitCode: 0 });
    expectReplayedWholly();
    const sends = server!.received.filter((request) => request.includes('/windows/shell/Send<'));
    expect(sends).toHaveLength(2);
    expect(sends[0]).not.toContain('End="true"');
    expect(sends[1]).toContain('End="true"');
  });

  it('test_winrs_operation_timeout: receives again after w:TimedOut, keeping the output before it', async () => {
    const client = await replay('test_winrs_operation_timeout.yml');
    const result = await runCommand(client, 'powershell.exe', ['Write-Host hi; Start-Sleep 30; Write-Host hi again']);
    expect(result).toMatchObject({ stdout: 'hi\nhi again\n', exitCode: 0 });
    expectReplayedWholly();
  });

  it('test_winrs_environment: variables set on the shell, names and values escaped', async () => {
    const client = await replay('test_winrs_environment.yml');
    const result = await runCommand(client, 'cmd.exe', ['/c', 'set'], {
      environment: { env1: 'var1', '1234': '5678', '_-(){}[]<>*+-/\\?"!@#$^&|;:i,.`~0': '_-(){}[]<>*+-/\\?"!@#$^&|;:i,.`~0' },
    });
    expect(result.stdout).toContain('env1=var1');
    expect(result.stdout).toContain('1234=5678');
    expectReplayedWholly();
  });

  it('test_winrs_extra_opts: a working directory, an idle timeout', async () => {
    const client = await replay('test_winrs_extra_opts.yml');
    const result = await runCommand(client, 'powershell.exe', ['(pwd).Path'], { workingDirectory: 'C:\\Windows', idleTimeoutSeconds: 60 });
    expect(result.stdout).toBe('C:\\Windows\r\n');
    expectReplayedWholly();
    expect(server!.received[0]).toContain('<rsp:WorkingDirectory>C:\\Windows</rsp:WorkingDirectory>');
  });

  it('test_winrs_noprofile: WINRS_NOPROFILE on the shell', async () => {
    const client = await replay('test_winrs_noprofile.yml');
    const result = await runCommand(client, 'cmd.exe', ['/c', 'set'], { noProfile: true });
    expect(result.exitCode).toBe(0);
    expectReplayedWholly();
    expect(server!.received[0]).toMatch(/<wsman:Option [^>]*Name="WINRS_NOPROFILE">TRUE<\/wsman:Option>/);
  });

  it('test_winrs_no_cmd_shell: skipCmdShell runs the executable directly; the fault for a missing one is typed', async () => {
    const client = await replay('test_winrs_no_cmd_shell.yml');
    const shell = await client.createShell({ resourceUri: RESOURCE_URI_CMD, inputStreams: ['stdin'], outputStreams: ['stdout', 'stderr'] });
    const failure = await runCommand(client, 'powershell.exe', ['Write-Host', 'hi'], { shell, skipCmdShell: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WSManFaultError);
    expect(failure).toMatchObject({ code: 'WSMAN_ERR_FAULT', subcode: 'w:InternalError', wsmanFaultCode: 2147942402, machine: 'server2008r2.domain.local' });
    const result = await runCommand(client, 'C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe', ['Write-Host', 'hi'], { shell, skipCmdShell: true });
    expect(result).toMatchObject({ stdout: 'hi\n', exitCode: 0 });
    await shell.delete();
    expectReplayedWholly();
    expect(server!.received[2]).toContain('<wsman:Option Name="WINRS_SKIP_CMD_SHELL">True</wsman:Option>');
  });

  it('test_client_execute_cmd: two commands, each in its own shell (pypsrp Client.execute_cmd)', async () => {
    const client = await replay('test_client_execute_cmd.yml');
    const dir = await runCommand(client, 'dir');
    expect(dir.exitCode).toBe(0);
    expect(dir.stdout).toContain('Directory of');
    const echo = await runCommand(client, 'echo abc');
    expect(echo).toMatchObject({ stdout: 'abc\r\n', stderr: '', exitCode: 0 });
    expectReplayedWholly();
  });

  it('test_client_execute_cmd_environment: the environment reaches the command', async () => {
    const client = await replay('test_client_execute_cmd_environment.yml');
    // The recorded client set these variables on the shell.
    const recorded = /<rsp:Environment>([\s\S]*?)<\/rsp:Environment>/.exec(readFileSync(recordingPath('test_client_execute_cmd_environment.yml'), 'utf8'))![1]!;
    const variables = Object.fromEntries(
      [...recorded.matchAll(/<rsp:Variable Name="([^"]*)">([^<]*)<\/rsp:Variable>/g)].map(([, name, value]) => [unescapeXml(name!), unescapeXml(value!)]),
    );
    const result = await runCommand(client, 'set', [], { environment: variables });
    expect(result.stdout).toContain('string=string value');
    expect(result.exitCode).toBe(0);
    expectReplayedWholly();
  });

  it('streamCommand yields stdout chunks as they arrive, then the exit code', async () => {
    const client = await replay('test_winrs_operation_timeout.yml');
    const chunks: WinRSChunk[] = [];
    for await (const chunk of streamCommand(client, 'powershell.exe', ['Write-Host hi; Start-Sleep 30; Write-Host hi again'])) chunks.push(chunk);
    const decoder = new TextDecoder();
    expect(chunks.filter((chunk) => chunk.type === 'stdout').map((chunk) => decoder.decode((chunk as { data: Uint8Array }).data))).toEqual([
      'hi',
      '\n',
      'hi',
      ' again\n',
    ]);
    expect(chunks.at(-1)).toEqual({ type: 'exit', exitCode: 0 });
    expectReplayedWholly();
  });

  it('an abort stops the command with Ctrl+C, closes it and deletes the shell', async () => {
    const client = await replay('test_winrs_operation_timeout.yml');
    const controller = new AbortController();
    const chunks: WinRSChunk[] = [];
    const failure = await (async () => {
      for await (const chunk of streamCommand(client, 'powershell.exe', ['Write-Host hi; Start-Sleep 30; Write-Host hi again'], { signal: controller.signal })) {
        chunks.push(chunk);
        controller.abort();
      }
    })().catch((error: unknown) => error);
    // The abort lands between Receives: the generator's next Receive is refused at once.
    expect(failure).toBeInstanceOf(WSManAbortError);
    expect(chunks).toHaveLength(2);
    expect(signalCodes()).toEqual([
      'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/ctrl_c',
      'http://schemas.microsoft.com/wbem/wsman/1/windows/shell/signal/terminate',
    ]);
  });

  it('sizes stdin chunks to the envelope and maps code pages to decoders', () => {
    expect(stdinChunkBytes(153600)).toBe(113664);
    expect(stdinChunkBytes(512000)).toBe(382464);
    expect(codepageEncoding(65001)).toBe('utf-8');
    expect(codepageEncoding(1252)).toBe('windows-1252');
    expect(codepageEncoding(437)).toBeUndefined();
  });
});

function unescapeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
