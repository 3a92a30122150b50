/** Prints bench/results/fragment.json as the Markdown tables of packages/fragment/README.md. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const report = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'fragment.json'), 'utf8'));
const { machine } = report;
console.log(`Measured ${report.generatedAt.slice(0, 10)} on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; load average ${machine.loadAverageBefore?.[0] ?? '?'} before, ${machine.loadAverageAfter?.[0] ?? '?'} after (the machine is shared).\n`);

const SPEEDS = [
  ['copy: set into a preallocated buffer', 'set (limit)'],
  ['copy: slice (allocates)', 'slice'],
  ['fragment into a preallocated buffer: ts', 'fragmentInto ts'],
  ['fragment into a preallocated buffer: wasm', 'fragmentInto wasm'],
  ['fragment (allocates): ts', 'fragment() ts'],
  ['fragment (allocates): wasm', 'fragment() wasm'],
  ['defragment chunked: ts', 'defrag chunked ts'],
  ['defragment joined (allocates): ts', 'defrag joined ts'],
  ['defragment joined (allocates): wasm', 'defrag wasm'],
  ['base64 decode: Buffer.from', 'Buffer.from (limit)'],
  ['base64 decode: Buffer.from (kept)', 'Buffer.from kept'],
  ['base64 decode: Uint8Array.fromBase64 (kept)', 'fromBase64 kept'],
  ['receive chunked: plain atob + TS', 'receive atob (plain)'],
];

if (process.argv.includes('--summary')) {
  // The README's two tables: the targets as ratios, and the speeds behind them.
  const BIG = ['1 MiB', '64 MiB'];
  const pair = (runtime, ratio) => BIG.map((size) => runtime.sizes[size]?.ratios[ratio] ?? '–').join(' / ');
  console.log('| runtime (auto) | fragmentInto / set | fragment() / slice | defragment chunked / set | defragment joined / slice | receive chunked / Buffer.from | receive joined / Buffer.from | receive chunked / plain atob | receive joined / plain atob |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, runtime] of Object.entries(report.runtimes)) {
    if (runtime.skipped) continue;
    const cells = [
      'fragment into preallocated / set: ts',
      'fragment (allocates) / slice: ts',
      'defragment chunked / set: ts',
      'defragment joined / slice: ts',
      'receive chunked (default) / Buffer.from alone',
      'receive joined (default) / Buffer.from alone',
      'receive chunked (default) / plain atob path',
      'receive joined (default) / plain atob path',
    ].map((ratio) => pair(runtime, ratio));
    console.log(`| ${name} ${runtime.version} (${runtime.defaultEngine}) | ${cells.join(' | ')} |`);
  }
  console.log('');
  const CASES = [
    ['copy: set into a preallocated buffer', 'set'],
    ['copy: slice (allocates)', 'slice'],
    ['fragment into a preallocated buffer: ts', 'fragmentInto ts'],
    ['fragment into a preallocated buffer: wasm', 'fragmentInto wasm'],
    ['defragment joined (allocates): ts', 'defragment joined ts'],
    ['defragment joined (allocates): wasm', 'defragment wasm'],
    ['base64 decode: Buffer.from', 'Buffer.from'],
    ['base64 decode: Uint8Array.fromBase64 (kept)', 'fromBase64 (kept)'],
    ['receive chunked: plain atob + TS', 'receive, plain atob'],
    ['receive chunked: ts+ts', 'receive, TS base64'],
    ['receive chunked: ts+wasm', 'receive, wasm base64'],
    ['receive chunked: wasm+wasm', 'receive, all wasm'],
  ];
  const live = Object.entries(report.runtimes).filter(([, runtime]) => !runtime.skipped);
  console.log(`| MB/s, 1 MiB / 64 MiB | ${live.map(([name]) => name).join(' | ')} |`);
  console.log(`|---|${live.map(() => '---:').join('|')}|`);
  for (const [key, label] of [...CASES, ['receive chunked: DEFAULT', 'receive, auto (chunked)'], ['receive joined: DEFAULT', 'receive, auto (joined)'], ['send: DEFAULT', 'send, auto']]) {
    const cells = live.map(([, runtime]) =>
      BIG.map((size) => runtime.sizes[size]?.cases[key.replace('DEFAULT', runtime.defaultEngine)]?.mbPerSecond ?? '–').join(' / '),
    );
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  process.exit(0);
}

for (const [name, runtime] of Object.entries(report.runtimes)) {
  if (runtime.skipped) {
    console.log(`### ${name}: skipped (${runtime.skipped})\n`);
    continue;
  }
  console.log(`### ${name} ${runtime.version} (${runtime.engine}); 'auto' = ${runtime.defaultEngine}\n`);
  const sizes = Object.keys(runtime.sizes);
  const engineRows = runtime.engines.flatMap((engine) => [
    [`receive chunked: ${engine}`, `receive ${engine}`],
    [`send: ${engine}`, `send ${engine}`],
  ]);
  const rows = [...SPEEDS, [`receive joined: ${runtime.defaultEngine}`, `receive joined ${runtime.defaultEngine}`], ...engineRows];
  console.log(`| MB/s | ${sizes.join(' | ')} |`);
  console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
  for (const [key, label] of rows) {
    const cells = sizes.map((size) => runtime.sizes[size].cases[key]?.mbPerSecond ?? '–');
    if (cells.every((cell) => cell === '–')) continue;
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  console.log('');
  const ratioNames = [...new Set(sizes.flatMap((size) => Object.keys(runtime.sizes[size].ratios)))];
  console.log(`| ratio | ${sizes.join(' | ')} |`);
  console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
  for (const ratio of ratioNames) console.log(`| ${ratio} | ${sizes.map((size) => runtime.sizes[size].ratios[ratio] ?? '–').join(' | ')} |`);
  console.log('');
}
