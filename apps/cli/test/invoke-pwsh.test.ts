/**
 * `psrp invoke` run as a person runs it (a child process, pipes for its streams) against real PowerShell 7.6
 * started as `pwsh -s`: the views, the formats for programs (CLIXML read back by Import-Clixml), scripts from a
 * file and from stdin, a terminating error, targets that are down, Ctrl+C, and the exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requirePwsh, type InstalledPwsh } from 'psrp-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

let pwsh: InstalledPwsh;
let scratch: string;
let env: Record<string, string>;

beforeAll(async () => {
  pwsh = await requirePwsh();
  env = { ...pwsh.env, NO_COLOR: '1' };
  scratch = await mkdtemp(join(tmpdir(), 'psrp-cli-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('psrp invoke on real pwsh', () => {
  it('shows objects as a table or a list, text as lines, records on stderr, and exits 0', async () => {
    const script = [
      "[pscustomobject]@{ Name = 'alpha'; Size = 5 }",
      "[pscustomobject]@{ Name = 'b'; Size = 12345 }",
      "'plain text'",
      '[pscustomobject]@{ A = 1; B = 2; C = 3; D = 4; E = 5 }',
      'Get-Process -Id $PID',
      "Write-Warning 'careful'",
      "Write-Host 'from write-host'",
      "Write-Verbose 'chatty' -Verbose",
    ].join('; ');
    const result = await runCli(['invoke', '--pwsh', pwsh.executable, script], { env });
    expect(result.stderr).toBe('WARNING: careful\nfrom write-host\nVERBOSE: chatty\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('\nName   Size\n----   ----\nalpha     5\nb     12345\n\nplain text\n');
    expect(result.stdout).toContain('\nA : 1\nB : 2\nC : 3\nD : 4\nE : 5\n');
    // The process's columns are its type's DefaultDisplayPropertySet, asked of the server.
    expect(result.stdout).toMatch(/\nId +: \d+\nHandles +: \d+\nCPU +: [\d.]+\nSI +: \d+\nName +: pwsh\n/);
  });

  it("prints a terminating error's message (throw 'boom' reads boom) after the output, and exits 1", async () => {
    const result = await runCli(['invoke', '--pwsh', pwsh.executable, "'before'; throw 'boom'"], { env });
    expect(result.stdout).toBe('before\n');
    expect(result.stderr).toBe('boom\n');
    expect(result.code).toBe(1);
  });

  it('runs a script file with arguments, and a script from stdin, with JSON output', async () => {
    const file = join(scratch, 'add.ps1');
    await writeFile(file, '\uFEFFparam($A, $B)\n[pscustomobject]@{ Sum = [int]$A + [int]$B; Host = "here" }\n');
    const fromFile = await runCli(['invoke', '--pwsh', pwsh.executable, '--json', '--file', file, '-a', '2', '-a', '40'], { env });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toEqual([
      {
        PSComputerName: 'localhost',
        PSTypeNames: ['Deserialized.System.Management.Automation.PSCustomObject', 'Deserialized.System.Object'],
        Sum: 42,
        Host: 'here',
      },
    ]);
    const fromStdin = await runCli(['invoke', '--pwsh', pwsh.executable, '--ndjson', '--hide-computer-name'], { env, input: '1 + 1\n"two"\n' });
    expect(fromStdin.stdout).toBe('2\n"two"\n');
    expect(fromStdin.code).toBe(0);
  });

  it('writes CLIXML that Import-Clixml reads back, type names and PSComputerName included', async () => {
    const result = await runCli(['invoke', '-H', `box=pwsh:${pwsh.executable}`, '--clixml', "Get-Item / ; 'text'; 7"], { env });
    expect(result.code).toBe(0);
    const file = join(scratch, 'out.clixml');
    await writeFile(file, result.stdout);
    const { stdout } = await promisify(execFile)(
      pwsh.executable,
      ['-NoLogo', '-NoProfile', '-Command', `Import-Clixml ${file} | ForEach-Object { '{0}|{1}|{2}' -f $_.PSObject.TypeNames[0], $_.PSComputerName, $_ }`],
      { env: { ...process.env, ...pwsh.env } },
    );
    expect(stdout.trim().split('\n')).toEqual(['Deserialized.System.IO.DirectoryInfo|box|/', 'System.String|box|text', 'System.Int32|box|7']);
  });

  it('prints one clear line for a pwsh path that does not exist, no stack trace, and exits 3', async () => {
    const result = await runCli(['invoke', '--pwsh', '/nonexistent/pwsh', '1'], { env });
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('could not connect: Cannot start PowerShell (/nonexistent/pwsh): spawn /nonexistent/pwsh ENOENT [PSRP_ERR_TRANSPORT]\n');
  });

  it('runs on many targets with some down: output tagged, the others unaffected, a summary, exit 3', async () => {
    const hostsFile = join(scratch, 'hosts.txt');
    await writeFile(hostsFile, `# two more\nup2=pwsh:${pwsh.executable}\n\ndown2=pwsh:/missing/too   # never installed\n`);
    const targets = [`up1=pwsh:${pwsh.executable}`, 'down1=pwsh:/nonexistent/pwsh'];
    const result = await runCli(['invoke', '-H', targets.join(','), '--hosts-file', hostsFile, '--ndjson', "$PID; Write-Warning 'w'; Write-Error 'e'"], {
      env,
    });
    expect(result.code).toBe(3);
    const items = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { PSComputerName: string; Value: number });
    expect(items.map((item) => item.PSComputerName).sort()).toEqual(['up1', 'up2']);
    expect(items.every((item) => typeof item.Value === 'number')).toBe(true);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '[up1] WARNING: w',
        '[up2] WARNING: w',
        '[up1] Write-Error: e',
        '[up2] Write-Error: e',
        expect.stringMatching(/^\[down1\] could not connect: Cannot start PowerShell \(\/nonexistent\/pwsh\)/),
        'psrp: 4 targets: 0 succeeded, 2 with script errors, 2 unreachable',
        expect.stringMatching(/^ {2}down2: could not connect: Cannot start PowerShell \(\/missing\/too\)/),
        '  up1: wrote to the error stream',
      ]),
    );
  });

  it('stops on Ctrl+C: the pipeline is stopped, the sessions closed, and it exits 130', async () => {
    let sent = false;
    const started = Date.now();
    const result = await runCli(['invoke', '--pwsh', pwsh.executable, "'started'; while ($true) { Start-Sleep -Milliseconds 100 }"], {
      env,
      onStart: (child, output) => {
        const timer = setInterval(() => {
          if (!sent && output.stdout().includes('started')) {
            sent = true;
            child.kill('SIGINT');
            clearInterval(timer);
          }
        }, 50);
        child.once('close', () => clearInterval(timer));
      },
    });
    expect(sent).toBe(true);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('psrp: 1 target: 0 succeeded, 1 interrupted or not started');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
