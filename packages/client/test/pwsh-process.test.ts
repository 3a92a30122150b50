/**
 * The foundation slice against real PowerShell over `pwsh -NoLogo -NoProfile -s`, one server per protocol version
 * (2.3: 7.4/7.5, 2.4: 7.6), installed by the testkit from NuGet into .peers/.
 *
 * Where the registry serves no PowerShell, packages/testkit/blocked-peers.json says so with the reason; then this
 * file asserts that the install attempts really all failed (so the declaration cannot go stale) instead of running
 * the slice. A peer that is neither installed nor declared blocked fails the run.
 */
import { PSDateTime, PSObject } from '@psrp/clixml';
import { blockedReason, installPwsh, type InstalledPwsh } from 'psrp-testkit';
import { describe, expect, it } from 'vitest';
import { RunspacePool } from '../src/index.js';
import { connectProcess } from '../src/process.js';

const reports = await installPwsh();

function openPool(pwsh: InstalledPwsh): Promise<RunspacePool> {
  return RunspacePool.open(connectProcess({ executable: pwsh.executable, env: pwsh.env }));
}

function runSlice(pwsh: InstalledPwsh): void {
  it('opens a pool, negotiates and reports the server protocol', async () => {
    const pool = await openPool(pwsh);
    expect(pool.state).toBe('Opened');
    expect(pool.serverProtocolVersion).toBe(pwsh.protocol);
    await pool.close();
  });

  it('runs Get-Date, 1 + 1, a string and a PSCustomObject and gets JS values back, then pwsh exits 0', async () => {
    const pool = await openPool(pwsh);
    const [output] = await pool.createPowerShell().addCommand('Get-Date').invoke();
    // Get-Date adds a DisplayHint note, so the DateTime arrives inside an <Obj> with its notes.
    const date = output instanceof PSObject ? output.baseValue : output;
    expect(date).toBeInstanceOf(PSDateTime);
    expect(Math.abs((date as PSDateTime).getTime() - Date.now())).toBeLessThan(60_000);
    expect(await pool.createPowerShell().addScript('1 + 1').invoke()).toEqual([2]);
    expect(await pool.createPowerShell().addScript("'hello'").invoke()).toEqual(['hello']);
    const [custom] = await pool.createPowerShell().addScript("[pscustomobject]@{ A = 1; B = 'x' }").invoke();
    expect(custom).toBeInstanceOf(PSObject);
    expect((custom as PSObject).get('A')).toBe(1);
    expect((custom as PSObject).get('B')).toBe('x');
    // close() rejects with PsrpTransportError when pwsh exits non-zero (4000 = a framing violation).
    await pool.close();
  });

  it('returns a command error as an ErrorRecord on the error stream', async () => {
    const pool = await openPool(pwsh);
    const ps = pool.createPowerShell().addCommand('Get-Item').addParameter('Path', '/definitely/not/here');
    expect(await ps.invoke()).toEqual([]);
    expect(ps.streams.error).toHaveLength(1);
    expect(ps.streams.error[0]!.fullyQualifiedErrorId).toMatch(/^PathNotFound/);
    await pool.close();
  });
}

for (const report of reports) {
  const pwsh = report.installed;
  if (pwsh) {
    describe(`real pwsh ${pwsh.version} (protocol ${report.protocol}) over stdio`, () => runSlice(pwsh));
    continue;
  }
  const reason = blockedReason(`pwsh-${report.protocol}`);
  const tried = report.attempts.map((attempt) => `${attempt.version}: ${attempt.answer}`).join('\n');
  if (reason) {
    it(`pwsh for protocol ${report.protocol} is still unobtainable, as blocked-peers.json declares`, () => {
      expect(report.attempts.length).toBeGreaterThan(0);
      expect(report.attempts.filter((attempt) => attempt.ok), tried).toEqual([]);
    });
  } else {
    it(`pwsh for protocol ${report.protocol} is installed`, () => {
      throw new Error(`No PowerShell for protocol ${report.protocol} could be installed and none is declared blocked:\n${tried}`);
    });
  }
}
