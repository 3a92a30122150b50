/**
 * The floor under any client's CPU per object when a server sends objects one at a time: a bare Node reader (a
 * `for await` over a child's stdout, nothing done with the text) and the CPU it spends per line when the lines come
 * one per gap, as pwsh writes its `<Data>` lines. stream2m's late objects come about 190 µs apart (the server slows
 * down), its early ones about 35 µs apart; compare the figures here with stream2m's client CPU per object.
 * Writes read-floor.json beside the client results.
 *
 *   node bench/client/read-floor.mjs [--lines=20000]
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const lines = Number(process.argv.find((arg) => arg.startsWith('--lines='))?.split('=')[1] ?? 20_000);
const GAPS_US = [35, 190, 1800];
const ROUNDS = 3;

/** A child that writes `lines` out-of-proc-sized lines, each after spinning `gapUs`; the parent only reads them. */
async function readAtGap(gapUs) {
  const writer = `
    const line = "<Data Stream='Default' PSGuid='4218a578-0f18-4b19-82c3-46b433319126'>" + 'A'.repeat(120) + '</Data>\\n';
    const gap = ${gapUs * 1000}n;
    for (let i = 0; i < ${lines}; i++) {
      require('fs').writeSync(1, line);
      const start = process.hrtime.bigint();
      while (process.hrtime.bigint() - start < gap);
    }`;
  const child = spawn(process.execPath, ['-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const before = process.cpuUsage();
  let reads = 0;
  for await (const text of child.stdout) reads += text.length > 0 ? 1 : 0;
  const used = process.cpuUsage(before);
  return { reads, userUsPerLine: used.user / lines, sysUsPerLine: used.system / lines };
}

const results = {};
for (const gapUs of GAPS_US) {
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) runs.push(await readAtGap(gapUs));
  runs.sort((a, b) => a.userUsPerLine + a.sysUsPerLine - (b.userUsPerLine + b.sysUsPerLine));
  const median = runs[Math.floor(ROUNDS / 2)];
  const round1 = (value) => Math.round(value * 10) / 10;
  results[`${gapUs} µs`] = { readsPerLine: round1(median.reads / lines), userUsPerLine: round1(median.userUsPerLine), sysUsPerLine: round1(median.sysUsPerLine), cpuUsPerLine: round1(median.userUsPerLine + median.sysUsPerLine) };
  console.log(`gap ${String(gapUs).padStart(5)} µs: ${results[`${gapUs} µs`].cpuUsPerLine} µs CPU per line (user ${results[`${gapUs} µs`].userUsPerLine}, sys ${results[`${gapUs} µs`].sysUsPerLine}), ${results[`${gapUs} µs`].readsPerLine} reads per line`);
}

const output = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, platform: `${platform()} ${release()}`, node: process.version, loadAverage: loadavg().map((each) => Math.round(each * 100) / 100) },
  note: 'CPU of a bare Node reader per line (median of 3 runs), the child writing one line per gap; the floor under a client reading objects that arrive one at a time.',
  lines,
  results,
};
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'read-floor.json'), `${JSON.stringify(output, null, 2)}\n`);
