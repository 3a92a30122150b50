/**
 * @psrp/client's invokeOnMany, as `psrp invoke` uses it, on 40 real PowerShell processes with the default
 * throttle of 32: every session opened is counted from the moment its process starts until its close has
 * finished, and never more than 32 exist at once.
 */
import { RunspacePool, invokeOnMany, type FanOutPool } from '@psrp/client';
import { requirePwsh } from 'psrp-testkit';
import { describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../src/command-line.js';
import { toCliTarget, type CliTarget } from '../src/connect-target.js';
import { parseTargetSpec } from '../src/targets.js';

const TARGETS = 40;
const THROTTLE = 32;

describe('fan-out to 40 real pwsh targets', () => {
  it('never has more than 32 sessions open at once, and every target answers under its own name', async () => {
    const pwsh = await requirePwsh();
    // The processes inherit this environment, as they would the CLI's: the testkit's settings (no telemetry...).
    Object.assign(process.env, pwsh.env);
    const options: ConnectionOptions = {
      targets: [],
      hostsFile: null,
      defaults: { transport: 'wsman', port: null, ssl: false },
      user: null,
      auth: null,
      passwordFile: null,
      identityFile: null,
      acceptNewHostKey: false,
      knownHostsFile: null,
      configuration: null,
      allowUnencrypted: false,
    };
    const noSecrets = { password: null, privateKey: null, agent: null };
    const targets = Array.from({ length: TARGETS }, (_, index) =>
      // A small machine starting 32 PowerShells at once can take minutes: the test bounds the time, not the pool.
      toCliTarget(parseTargetSpec(`t${index}=pwsh:${pwsh.executable}`, options.defaults), options, noSecrets, { openTimeoutMs: null }),
    );
    let open = 0;
    let mostOpen = 0;
    const openPool = async (target: CliTarget, signal: AbortSignal): Promise<RunspacePool & FanOutPool> => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      let pool: RunspacePool;
      try {
        pool = await RunspacePool.open(await target.connect(), { ...target.poolOptions, signal });
      } catch (error) {
        open--;
        throw error;
      }
      const close = pool.close.bind(pool);
      pool.close = async (closeSignal?: AbortSignal) => {
        try {
          await close(closeSignal);
        } finally {
          open--;
        }
      };
      return pool;
    };

    const answers = new Map<string, number>();
    const failures: string[] = [];
    for await (const event of invokeOnMany(targets, async (pool) => (await pool.createPowerShell().addScript('$PID').invoke())[0], {
      throttle: THROTTLE,
      openPool,
    })) {
      if (event.kind === 'result') answers.set(event.computerName, Number(event.value));
      if (event.kind === 'failed') failures.push(`${event.computerName} ${event.stage}: ${String(event.error)}`);
    }
    expect(failures).toEqual([]);
    expect(answers.size).toBe(TARGETS);
    expect(new Set(answers.values()).size).toBe(TARGETS);
    expect(mostOpen).toBeLessThanOrEqual(THROTTLE);
    expect(mostOpen).toBeGreaterThan(1);
    expect(open).toBe(0);
  }, 600_000);
});
