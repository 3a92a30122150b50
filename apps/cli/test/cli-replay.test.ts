/**
 * The built `psrp` command against recorded Windows servers (../shared/fixtures/pypsrp-recordings, replayed by the
 * testkit over WSMan, Basic auth over http): output on stdout, every other stream on stderr, the exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ReplayServer, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const execFileAsync = promisify(execFile);
let server: ReplayServer | null = null;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function psrp(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('psrp invoke over WSMan (recorded Windows servers)', () => {
  it('prints output on stdout and styled-less records on stderr, and exits 1 after an error record', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_stream_output_invocation.yml'));
    const result = await psrp(['invoke', '-H', server.url, '-u', 'vagrant', '--allow-unencrypted', '--ndjson', '--hide-computer-name', 'Write-Output x'], {
      PSRP_PASSWORD: 'secret',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('"output stream"\n');
    // Off a terminal: no colours, no progress bars.
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'DEBUG: debug stream',
      'VERBOSE: verbose stream',
      'Write-Error: error stream',
      'WARNING: warning stream',
      'information stream',
    ]);
    expect(server.mismatches).toEqual([]);
  });

  it('prints JSON with the computer name and exits 0 without errors', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_no_profile.yml'));
    const result = await psrp(['invoke', '-H', `win=${server.url}`, '--json', '$env:USERPROFILE']);
    expect(JSON.parse(result.stdout)).toEqual([{ PSComputerName: 'win', Value: 'C:\\WINDOWS\\SYSTEM32\\CONFIG\\SYSTEMPROFILE' }]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(server.mismatches).toEqual([]);
  });
});

describe('psrp credentials', () => {
  it('reads the password from --password-file and never prints it, not even in a failure', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psrp-secret-'));
    const file = join(directory, 'password');
    await writeFile(file, 'Pa55-w0rd-unique\nsecond line ignored\n');
    try {
      server = await ReplayServer.start(recordingPath('test_psrp_no_profile.yml'));
      const ok = await psrp(['invoke', '-H', server.url, '-u', 'vagrant', '--password-file', file, '--allow-unencrypted', '--ndjson', '$env:USERPROFILE']);
      expect(ok.code).toBe(0);
      const refused = await psrp(['invoke', '-H', 'http://127.0.0.1:9/wsman', '-u', 'vagrant', '--password-file', file, '--allow-unencrypted', '1']);
      expect(refused.code).toBe(3);
      for (const output of [ok.stdout, ok.stderr, refused.stdout, refused.stderr]) expect(output).not.toContain('Pa55-w0rd-unique');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('refuses --password on the command line, and asks for PSRP_PASSWORD when there is no terminal to prompt on', async () => {
    const given = await psrp(['invoke', '-H', 'web1', '-u', 'me', '--password', 'hunter2', '1']);
    expect(given.code).toBe(2);
    expect(given.stderr).not.toContain('hunter2');
    const missing = await psrp(['invoke', '-H', 'web1', '-u', 'me', '1'], { PSRP_PASSWORD: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/A password is needed: set PSRP_PASSWORD, use --password-file FILE, or run in a terminal/);
  });
});

describe('psrp help, version and usage errors', () => {
  it.each([[['--help']], [['help']], [['help', 'enter']], [['invoke', '--help']], [['enter', '-h']], [['copy', '--help']], [['fetch', '--help']]])(
    '%j prints the usage and exits 0',
    async (args) => {
      const result = await psrp(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^(psrp: PowerShell remoting|Usage: psrp )/);
      expect(result.stderr).toBe('');
    },
  );

  it('prints the version', async () => {
    const result = await psrp(['--version']);
    expect(result).toEqual({ code: 0, stdout: 'psrp 0.0.0\n', stderr: '' });
  });

  it('exits 2 with one line saying what is wrong and where the help is', async () => {
    const result = await psrp(['invoke', '--throttle', 'many', '-H', 'a', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("psrp: --throttle takes a whole number of at least 1, not 'many'\n(psrp invoke --help shows the options)\n");
  });
});
