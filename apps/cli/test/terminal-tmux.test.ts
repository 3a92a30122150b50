/**
 * The CLI in a real terminal (tmux) against real PowerShell 7.6 (`pwsh -s`), as a person uses it: an `enter`
 * session with state, prompts answered (Read-Host, a secret without echo, Get-Credential, a choice), Ctrl+C
 * stopping a running command without leaving, a progress bar on the screen, `exit`; and `invoke` on a terminal
 * with Write-Host's colours and a progress bar; `copy`'s progress bar; the password prompt (no echo) before a WinRM target (a recorded
 * Windows server).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReplayServer, recordingPath, requirePwsh, type InstalledPwsh } from 'psrp-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH } from './support/run-cli.js';
import { TmuxSession, ensureTmux, shellQuote } from './support/tmux.js';

let pwsh: InstalledPwsh;
const sessions: TmuxSession[] = [];

beforeAll(async () => {
  ensureTmux();
  pwsh = await requirePwsh();
});

afterAll(async () => {
  for (const session of sessions) await session.kill();
});

async function start(name: string, args: string): Promise<TmuxSession> {
  const session = await TmuxSession.start(name, `${shellQuote(process.execPath)} ${shellQuote(CLI_PATH)} ${args}`, { ...pwsh.env });
  sessions.push(session);
  return session;
}

describe('psrp in a terminal', () => {
  it('enter: prompt with computer and location, state, prompts answered, Ctrl+C, progress, exit', async () => {
    const home = process.env.HOME ?? '/root';
    const session = await start('enter', `enter --pwsh ${shellQuote(pwsh.executable)}`);
    await session.waitFor(new RegExp(`\\[localhost\\]: PS ${home}> ?$`, 'm'), 60_000);

    // State persists between commands, and the location shows in the prompt.
    await session.type('$answer = 41; Set-Location /tmp');
    await session.waitFor(/\[localhost\]: PS \/tmp> ?$/m);
    await session.type('$answer + 1');
    await session.waitFor(/^42$/m);

    // Read-Host, then a secret: its keys never reach the screen.
    await session.type('$name = Read-Host "Your name"; "hello $name"');
    await session.waitFor(/Your name: ?$/m);
    await session.type('Ann');
    await session.waitFor(/^hello Ann$/m);
    await session.type('$secret = Read-Host -AsSecureString "Secret"; "length " + [System.Net.NetworkCredential]::new("", $secret).Password.Length');
    await session.waitFor(/Secret: ?$/m);
    await session.type('hunter2');
    let screen = await session.waitFor(/^length 7$/m);
    expect(screen).not.toContain('hunter2');

    // Get-Credential with a user name asks only the password; a choice takes its hotkey.
    await session.type('$c = Get-Credential -UserName bob -Message "Sign in"; $c.UserName + ":" + $c.GetNetworkCredential().Password.Length');
    await session.waitFor(/Password for user bob: ?$/m);
    await session.type('pw12345');
    screen = await session.waitFor(/^bob:7$/m);
    expect(screen).not.toContain('pw12345');
    await session.type('"chose " + $host.UI.PromptForChoice("Deploy", "Go on?", [System.Management.Automation.Host.ChoiceDescription[]]@("&Yes", "&No"), 1)');
    await session.waitFor(/\[Y\] Yes {2}\[N\] No {2}\[\?\] Help \(default is "N"\): ?$/m);
    await session.type('y');
    await session.waitFor(/^chose 0$/m);

    // A long command draws a progress bar; Ctrl+C stops it, and the session (and its state) goes on.
    await session.type('$i = 0; while ($true) { $i++; Write-Progress -Activity Crunching -Status "step $i" -PercentComplete ($i % 100); Start-Sleep -Milliseconds 50 }');
    await session.waitFor(/Crunching \[=*>? *\] +\d+% step \d+/);
    await session.keys('C-c');
    await session.waitFor(/\[localhost\]: PS \/tmp> ?$/m);
    await session.type('"still here after $i steps"');
    screen = await session.waitFor(/^still here after \d+ steps$/m);
    expect(screen).not.toMatch(/Crunching \[/);

    // A terminating error is shown, and the session stays.
    await session.type('throw "boom"');
    await session.waitFor(/^boom$/m);

    await session.type('exit');
    await session.waitFor(/^\[exited 0\]$/m);
  });

  it('invoke on a terminal: Write-Host colours, a progress bar while it runs, then the output', async () => {
    const script = 'Write-Host "in red" -ForegroundColor Red; foreach ($i in 1..40) { Write-Progress -Activity Counting -Status "$i of 40" -PercentComplete ($i * 2.5); Start-Sleep -Milliseconds 100 }; "done"';
    const session = await start('invoke', `invoke --pwsh ${shellQuote(pwsh.executable)} ${shellQuote(script)}`);
    await session.waitFor(/Counting \[=*>? *\] +\d+% \d+ of 40/, 60_000);
    const screen = await session.waitFor(/^\[exited 0\]$/m, 60_000, { escapes: true });
    expect(screen).toMatch(/\u001b\[91m(\u001b\[[0-9;]*m)*in red/);
    expect(screen).toMatch(/^(\u001b\[[0-9;]*m)*done$/m);
    // The bar is gone once the command ends.
    expect(screen).not.toMatch(/Counting \[/);
  });

  it('asks for the password on the terminal without echo when none is given', async () => {
    const server = await ReplayServer.start(recordingPath('test_psrp_no_profile.yml'));
    try {
      const session = await start('password', `invoke -H ${shellQuote(server.url)} -u vagrant --allow-unencrypted '$env:USERPROFILE'`);
      await session.waitFor(/Password for vagrant@127\.0\.0\.1: ?$/m);
      await session.type('s3cr3t-typed');
      const screen = await session.waitFor(/^\[exited 0\]$/m);
      expect(screen).toContain('C:\\WINDOWS\\SYSTEM32\\CONFIG\\SYSTEMPROFILE');
      expect(screen).not.toContain('s3cr3t-typed');
      expect(server.mismatches).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('copy on a terminal: a progress bar with the bytes sent, then the verified result', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'psrp-tmux-copy-'));
    try {
      const source = join(directory, 'eight.bin');
      await writeFile(source, randomBytes(8 * 1024 * 1024));
      const destination = join(directory, 'copied.bin');
      const session = await start('copy', `copy --pwsh ${shellQuote(pwsh.executable)} ${shellQuote(source)} ${shellQuote(destination)}`);
      await session.waitFor(/Copying eight\.bin to localhost:\S+ \[=*>? *\] +\d+% [\d.]+ (KiB|MiB) of 8\.0 MiB/, 60_000);
      const screen = await session.waitFor(/^\[exited 0\]$/m, 60_000);
      expect(screen).toContain(`${destination}: 8388608 bytes, SHA256 `);
      expect(screen).not.toMatch(/Copying eight/);
      expect((await stat(destination)).size).toBe(8 * 1024 * 1024);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
