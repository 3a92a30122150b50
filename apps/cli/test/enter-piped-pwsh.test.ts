/**
 * `psrp enter` fed by a pipe or typed ahead (lines that come before the prompt asks for them) on real pwsh 7.6:
 * every line runs, in order, in one runspace, a host question takes the next line as its answer, and the end of
 * input ends the session with exit 0. Lines that came while the pool was opening used to be dropped.
 */
import { requirePwsh, type InstalledPwsh } from 'psrp-testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';

let pwsh: InstalledPwsh;

beforeAll(async () => {
  pwsh = await requirePwsh();
});

describe('psrp enter with its input piped', () => {
  it('runs every line in order with state kept, answers Read-Host from the next line, and exits 0 at the end of input', async () => {
    const input = ['$x = 5', '$x * 2', 'Read-Host "name"', 'bob', '"done: $x"', ''].join('\n');
    const result = await runCli(['enter', '--pwsh', pwsh.executable], { env: { ...pwsh.env, NO_COLOR: '1' }, input });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('[localhost]: PS ')).map((line) => line.replace(/^\[localhost\]: PS [^>]*> /, ''))).toEqual([
      '$x = 5',
      '$x * 2',
      'Read-Host "name"',
      '"done: $x"',
    ]);
    expect(lines).toContain('10');
    expect(lines).toContain('name: bob');
    expect(lines).toContain('bob');
    expect(lines).toContain('done: 5');
  });
});
