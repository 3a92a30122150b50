/**
 * The built `psrp` command against a recorded Windows server (../shared/fixtures/pypsrp-recordings, replayed by
 * the testkit): output on stdout, every other stream on stderr, exit code 1 when the error stream was written.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ReplayServer, recordingPath } from 'psrp-testkit';
import { afterEach, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);
let server: ReplayServer | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

describe('psrp run --wsman', () => {
  it('prints output and prefixed stream records, and exits 1 after an error record', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_stream_output_invocation.yml'));
    const result = await run(process.execPath, [cli, 'run', '--wsman', server.url, '--user', 'vagrant', 'Write-Output x'], {
      env: { ...process.env, PSRP_PASSWORD: 'secret' },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in result ? result.code : 0).toBe(1);
    expect(result.stdout).toBe('output stream\n');
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'PROGRESS: Preparing modules for first use. -1%',
      'DEBUG: debug stream',
      'VERBOSE: verbose stream',
      'ERROR: error stream',
      'WARNING: warning stream',
      'INFORMATION: information stream',
    ]);
    expect(server.mismatches).toEqual([]);
  });

  it('prints output as JSON lines with --json and exits 0 without errors', async () => {
    server = await ReplayServer.start(recordingPath('test_psrp_no_profile.yml'));
    const result = await run(process.execPath, [cli, 'run', '--wsman', server.url, '--json', '$env:USERPROFILE']);
    expect(result.stdout).toBe('"C:\\\\WINDOWS\\\\SYSTEM32\\\\CONFIG\\\\SYSTEMPROFILE"\n');
    expect(result.stderr).toBe('');
    expect(server.mismatches).toEqual([]);
  });

  it('exits 2 with the usage on a bad command line', async () => {
    const result = await run(process.execPath, [cli, 'run', 'x']).catch((error: { code: number; stderr: string }) => error);
    expect('code' in result ? result.code : 0).toBe(2);
    expect(result.stderr).toMatch(/exactly one target[\s\S]*Usage:/);
  });
});
