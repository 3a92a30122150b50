/**
 * Real PowerShell 7.6.10 (protocol 2.4) over `pwsh -NoLogo -NoProfile -s`, built by the testkit from NuGet into
 * .peers/: the scenario suite, then what only a local process can show (the process killed, a missing executable).
 * Protocol 2.3 servers (7.4/7.5) are not served here: packages/testkit/blocked-peers.json says so, and the last test
 * asserts that they are still unobtainable, so that the declaration cannot go stale.
 */
import { blockedReason, installPwsh, requirePwsh, type InstalledPwsh } from 'psrp-testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { SETTLE_BOUND_MS } from './settle-bound.js';
import { PsrpConnectionClosedError, PsrpTransportError, RunspacePool, type RunspacePoolOptions } from '../src/index.js';
import { ProcessConnection, connectProcess } from '../src/process.js';
import { OutOfProcTransport } from '../src/index.js';
import { runScenarioSuite } from './scenarios.case.js';

const pwsh: InstalledPwsh = await requirePwsh('2.4');

function openPool(options?: RunspacePoolOptions): Promise<RunspacePool> {
  return RunspacePool.open(connectProcess({ executable: pwsh.executable, env: pwsh.env }), options);
}

runScenarioSuite(`pwsh ${pwsh.version} over stdio`, openPool);

describe(`pwsh ${pwsh.version} over stdio: the process`, () => {
  it('rejects within a second with a typed error when pwsh is killed mid-output, and the pool says Broken', async () => {
    const connection = new ProcessConnection({ executable: pwsh.executable, env: pwsh.env });
    const pool = await RunspacePool.open(new OutOfProcTransport(connection));
    const seen: unknown[] = [];
    const reading = (async () => {
      for await (const event of pool.createPowerShell().addScript('foreach ($i in 1..1000000) { $i }').stream()) seen.push(event);
    })();
    reading.catch(() => undefined);
    while (seen.length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
    const killedAt = Date.now();
    process.kill(connection.pid!, 'SIGKILL');
    const failure = await reading.catch((error: unknown) => error);
    expect(Date.now() - killedAt).toBeLessThan(SETTLE_BOUND_MS);
    expect(failure).toBeInstanceOf(PsrpConnectionClosedError);
    expect((failure as Error).message).toMatch(/PowerShell process ended .*SIGKILL/);
    expect(pool.state).toBe('Broken');
    await pool.close();
  });

  it('gives one clear error for a missing executable, with no unhandled rejection', async () => {
    const failure = await RunspacePool.open(connectProcess({ executable: '/nonexistent/pwsh' })).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PsrpTransportError);
    expect((failure as Error).message).toMatch(/Cannot start PowerShell \(\/nonexistent\/pwsh\).*ENOENT/);
  });

  it('closes with success although pwsh exits 160 at the end of its input', async () => {
    const pool = await RunspacePool.open(connectProcess({ executable: pwsh.executable, env: pwsh.env }));
    await expect(pool.close()).resolves.toBeUndefined();
    expect(pool.state).toBe('Closed');
  });
});

describe('PowerShell servers of protocol 2.3 (7.4/7.5)', () => {
  let attempts: string;
  let installed: boolean;
  beforeAll(async () => {
    const report = (await installPwsh()).find((each) => each.protocol === '2.3')!;
    installed = report.installed !== null;
    attempts = report.attempts.map((attempt) => `${attempt.version}: ${attempt.answer}`).join('\n');
  });

  it('are still unobtainable here, as blocked-peers.json declares', () => {
    expect(blockedReason('pwsh-2.3')).toMatch(/NU1102/);
    expect(installed, `a 2.3 server can now be built: drop the block and run the suite on it\n${attempts}`).toBe(false);
    expect(attempts).toMatch(/NU1102/);
  });
});
