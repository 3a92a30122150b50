/**
 * The built `psrp` command against recorded Windows servers (../shared/fixtures/pypsrp-recordings, replayed by the
 * testkit over WSMan, Basic auth over http): output on stdout, every other stream on stderr, the exit codes.
 */
import { execFile } from 'node:child_process';
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
