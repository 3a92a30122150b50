#!/usr/bin/env node
/**
 * The long fuzz runs (not part of npm test): the decoders of fragments, SOAP, out-of-proc lines and
 * authentication tokens and CLIXML, over the same cases as the seeded slices npm test runs, by the million.
 *
 *   node scripts/fuzz.mjs --decoder=soap [--inputs=10000000] [--seed=0x5eed] [--out=bench/results/fuzz.json]
 *
 * The cases (scripts/fuzz/cases.ts, importing each package's test/…-fuzz-cases.ts and src/) are bundled with esbuild
 * first, into .tmp/ of the checkout (so that the test support finds ../shared, whose recordings the CLIXML cases
 * mutate). A finding stops the run with the input's index and seed, exit code 1. The result (counts, seed, time, the
 * machine) is merged into the JSON file under the decoder's name.
 */
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const options = Object.fromEntries(process.argv.slice(2).map((argument) => argument.replace(/^--/, '').split('=')));
const decoder = options.decoder;
const inputs = Number(options.inputs ?? 10_000_000);
const seed = Number(options.seed ?? 0x5eed_12);
const out = resolve(root, options.out ?? 'bench/results/fuzz.json');

mkdirSync(join(root, '.tmp'), { recursive: true });
const folder = mkdtempSync(join(root, '.tmp', 'psrp-fuzz-'));
try {
  const bundle = join(folder, 'cases.mjs');
  await build({ entryPoints: [join(root, 'scripts/fuzz/cases.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'warning',
    // CommonJS dependencies bundled into ESM (yaml, which reads the recordings) call require for Node's modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
  const { runs } = await import(pathToFileURL(bundle).href);
  if (!(decoder in runs)) throw new Error(`--decoder must be one of ${Object.keys(runs).join(', ')}`);
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const tally = runs[decoder].run(seed, inputs, (done) => {
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`${decoder}: ${done} inputs, ${seconds.toFixed(0)} s\n`);
    // A checkpoint, so that a run stopped early still says how far it went without a finding.
    writeFileSync(`${out}.${decoder}.progress`, `${JSON.stringify({ decoder, seed, inputsWithoutFinding: done, seconds: Math.round(seconds) })}\n`);
  });
  rmSync(`${out}.${decoder}.progress`, { force: true });
  const seconds = (performance.now() - started) / 1000;
  const result = {
    decoder,
    unit: runs[decoder].unit,
    seed,
    inputs: tally.inputs,
    tally,
    findings: 0,
    seconds: Math.round(seconds),
    inputsPerSecond: Math.round(tally.inputs / seconds),
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), freeGiB: Math.round(freemem() / 2 ** 30), kernel: release(), node: process.version, loadBefore, loadAfter: loadavg()[0] },
  };
  // One entry per decoder: its runs, and their totals.
  let all = {};
  try {
    all = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    // a first run
  }
  const runsOf = [...(all[decoder]?.runs ?? []), result];
  all[decoder] = {
    runs: runsOf,
    inputs: runsOf.reduce((sum, run) => sum + run.inputs, 0),
    findings: runsOf.reduce((sum, run) => sum + run.findings, 0),
    seeds: runsOf.map((run) => `0x${run.seed.toString(16).toUpperCase()}`),
  };
  writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
  console.log(JSON.stringify(result));
} finally {
  rmSync(folder, { recursive: true, force: true });
}
