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
  ['base64 decode: default engine, strict', 'strict decode, auto'],
  ['fresh memory: allocate and fill', 'fresh memory'],
  ['receive chunked: plain atob + TS', 'receive atob (plain)'],
];

if (process.argv.includes('--summary')) {
  // The README's tables: the targets as ratios (fragmenting at 1 MiB / 64 MiB, receiving at
  // 1 KiB / 64 KiB / 1 MiB / 64 MiB), and the speeds behind them.
  const BIG = ['1 MiB', '64 MiB'];
  const RECEIVE_SIZES = ['1 KiB', '64 KiB', ...BIG];
  const pair = (runtime, ratio, sizes = BIG) => sizes.map((size) => runtime.sizes[size]?.ratios[ratio] ?? '–').join(' / ');
  const ratioTable = (headers, ratios, sizes) => {
    console.log(`| runtime (auto) | ${headers.join(' | ')} |`);
    console.log(`|---|${headers.map(() => '---:').join('|')}|`);
    for (const [name, runtime] of Object.entries(report.runtimes)) {
      if (runtime.skipped) continue;
      console.log(`| ${name} ${runtime.version} (${runtime.defaultEngine}) | ${ratios.map((ratio) => pair(runtime, ratio, sizes)).join(' | ')} |`);
    }
  };
  ratioTable(
    ['fragmentInto / set', 'fragment() / slice', 'defragment chunked / set', 'defragment joined / slice'],
    ['fragment into preallocated / set: ts', 'fragment (allocates) / slice: ts', 'defragment chunked / set: ts', 'defragment joined / slice: ts'],
  );
  console.log('');
  ratioTable(
    ['lent', 'lent, default retainBytes', 'chunked', 'joined', 'in place, one per stream', 'in place, new per message'].flatMap((path) => [`${path} / Buffer.from`, `${path} / plain atob`]),
    [
      'receive lent / Buffer.from alone',
      'receive lent / plain atob path',
      'receive lent, default retainBytes / Buffer.from alone',
      'receive lent, default retainBytes / plain atob path',
      'receive chunked (default) / Buffer.from alone',
      'receive chunked (default) / plain atob path',
      'receive joined (default) / Buffer.from alone',
      'receive joined (default) / plain atob path',
      'receive in place, one per stream / Buffer.from alone',
      'receive in place, one per stream / plain atob path',
      'receive in place, new per message / Buffer.from alone',
      'receive in place, new per message / plain atob path',
    ],
    RECEIVE_SIZES,
  );
  console.log('');
  const CASES = [
    ['copy: set into a preallocated buffer', 'set'],
    ['copy: slice (allocates)', 'slice'],
    ['fresh memory: allocate and fill', 'fresh memory (allocate, fill)'],
    ['fragment into a preallocated buffer: ts', 'fragmentInto ts'],
    ['fragment into a preallocated buffer: wasm', 'fragmentInto wasm'],
    ['defragment joined (allocates): ts', 'defragment joined ts'],
    ['defragment joined (allocates): wasm', 'defragment wasm'],
    ['base64 decode: Buffer.from', 'Buffer.from'],
    ['base64 decode: Uint8Array.fromBase64 (kept)', 'fromBase64 (kept)'],
    ['base64 decode: default engine, strict', 'strict decode, auto (not kept)'],
    ['receive chunked: plain atob + TS', 'receive, plain atob'],
    ['receive chunked: ts+ts', 'receive, TS base64'],
    ['receive chunked: ts+wasm', 'receive, wasm base64'],
    ['receive chunked: wasm+wasm', 'receive, all wasm'],
  ];
  const live = Object.entries(report.runtimes).filter(([, runtime]) => !runtime.skipped);
  console.log(`| MB/s, 1 MiB / 64 MiB | ${live.map(([name]) => name).join(' | ')} |`);
  console.log(`|---|${live.map(() => '---:').join('|')}|`);
  const defaults = [
    ['receive lent, one per stream: DEFAULT', 'receive lent, default retainBytes'],
    ['receive lent, one per stream, retainBytes 128 MiB: DEFAULT', 'receive lent, retainBytes 128 MiB'],
    ['receive chunked: DEFAULT', 'receive, auto (chunked)'],
    ['receive joined: DEFAULT', 'receive, auto (joined)'],
    ['receive joined in place, one per stream: DEFAULT', 'receive in place, one per stream'],
    ['receive joined in place, new per message: DEFAULT', 'receive in place, new per message'],
    ['send: DEFAULT', 'send, auto'],
  ];
  for (const [key, label] of [...CASES, ...defaults]) {
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
  const rows = [
    ...SPEEDS,
    [`receive joined: ${runtime.defaultEngine}`, `receive joined ${runtime.defaultEngine}`],
    [`receive joined in place, one per stream: ${runtime.defaultEngine}`, 'receive in place, one per stream'],
    [`receive lent, one per stream: ${runtime.defaultEngine}`, 'receive lent, default retainBytes'],
    [`receive lent, one per stream, retainBytes 128 MiB: ${runtime.defaultEngine}`, 'receive lent, retainBytes 128 MiB'],
    [`receive joined in place, new per message: ${runtime.defaultEngine}`, 'receive in place, new per message'],
    ...engineRows,
  ];
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
