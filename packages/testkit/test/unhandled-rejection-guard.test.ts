/**
 * The shared setup of every suite (test-support/unhandled-rejections.ts, through vitest.shared.ts) fails the test
 * during which a rejection went unhandled, and vitest's own handling still fails the run: proved on a fixture suite
 * that leaks one on purpose, run in a child vitest.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('../../../test-support/unhandled-rejections.fixture/', import.meta.url));
const vitestCli = join(createRequire(import.meta.url).resolve('vitest/package.json'), '..', 'vitest.mjs');

interface JsonReport {
  testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

it('fails the test that leaked a rejection, and the run', () => {
  const out = mkdtempSync(join(tmpdir(), 'psrp-unhandled-'));
  try {
    const report = join(out, 'report.json');
    const run = spawnSync(process.execPath, [vitestCli, 'run', '--root', fixture, '--reporter=json', `--outputFile=${report}`], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CI: 'true' },
    });
    expect(run.status, run.stderr).toBe(1);
    const results = (JSON.parse(readFileSync(report, 'utf8')) as JsonReport).testResults.flatMap((file) => file.assertionResults);
    const byTitle = Object.fromEntries(results.map((result) => [result.title, result]));
    expect(byTitle['leaks a rejection']?.status).toBe('failed');
    expect(byTitle['leaks a rejection']?.failureMessages.join('\n')).toMatch(/1 unhandled promise rejection\(s\) during this test: RangeError: left unhandled on purpose/);
    expect(byTitle['handles its rejection']?.status).toBe('passed');
    expect(byTitle['leaves nothing unhandled']?.status).toBe('passed');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
