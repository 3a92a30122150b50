/**
 * Runs the @psrp/fragment suite under Node, Deno, Bun and headless Chromium, one at a time, each
 * in a fresh process, and writes bench/results/fragment.json with the machine described.
 *
 *   node fragment/run.mjs [--quick | --sizes=65536,1048576] [--runtimes=node,deno,bun,chromium]
 *
 * A runtime that is not installed is recorded as skipped with the reason, never silently left out.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const DIST = join(ROOT, 'packages', 'fragment', 'dist', 'index.js');
const RESULT_FILE = join(ROOT, 'bench', 'results', 'fragment.json');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const RUNTIME_TIMEOUT_MS = 10 * 60 * 1000;
const QUICK_SIZES = [1024, 65536];

const sizesArgument = process.argv.find((argument) => argument.startsWith('--sizes='));
const sizes = sizesArgument ? sizesArgument.split('=')[1].split(',').map(Number) : undefined;
const quick = process.argv.includes('--quick') || sizes !== undefined;
const runtimeArgument = process.argv.find((argument) => argument.startsWith('--runtimes='));
const wanted = runtimeArgument ? runtimeArgument.split('=')[1].split(',') : ['node', 'deno', 'bun', 'chromium'];

if (!existsSync(DIST)) {
  console.error(`${DIST} is missing: build first (npm run build, or npx turbo run build --filter=@psrp/fragment).`);
  process.exit(1);
}

function runProcess(command, args) {
  const output = execFileSync(command, args, {
    cwd: HERE,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: RUNTIME_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').at(-1));
}

const chosenSizes = sizes ?? (quick ? QUICK_SIZES : undefined);
const entryArgs = chosenSizes ? ['runtime-entry.mjs', `--sizes=${chosenSizes.join(',')}`] : ['runtime-entry.mjs'];

const runners = {
  node: () => runProcess(process.execPath, entryArgs),
  deno: () => {
    const deno = join(BIN, 'deno');
    if (!existsSync(deno)) throw new Error(`not installed (${deno}); npm install installs the deno package`);
    return runProcess(deno, ['run', '--allow-read', '--allow-env', ...entryArgs]);
  },
  bun: () => {
    const bun = join(BIN, 'bun');
    if (!existsSync(bun)) throw new Error(`not installed (${bun}); npm install installs the bun package`);
    return runProcess(bun, entryArgs);
  },
  chromium: async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`not installed (${CHROMIUM}); apt-get install chromium`);
    const { build } = await import('esbuild');
    const { chromium } = await import('playwright-core');
    const bundle = await build({
      entryPoints: [join(HERE, 'browser-entry.mjs')],
      bundle: true,
      format: 'iife',
      globalName: 'FragmentBench',
      platform: 'browser',
      write: false,
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage();
      page.on('console', (message) => console.error(`[chromium] ${message.text()}`));
      await page.addScriptTag({ content: bundle.outputFiles[0].text });
      return await page.evaluate((list) => globalThis.FragmentBench.run(list), chosenSizes);
    } finally {
      await browser.close();
    }
  },
};

const loadBefore = loadavg().map((load) => Math.round(load * 100) / 100);
const runtimes = {};
for (const name of wanted) {
  const started = Date.now();
  try {
    console.error(`[${name}] running`);
    const { runtime, result } = await runners[name]();
    runtimes[name] = { ...runtime, seconds: Math.round((Date.now() - started) / 1000), ...result };
  } catch (error) {
    console.error(`[${name}] skipped: ${error.message}`);
    runtimes[name] = { skipped: String(error.message).split('\n')[0] };
  }
}

const cpuList = cpus();
const report = {
  suite: '@psrp/fragment',
  generatedAt: new Date().toISOString(),
  quick,
  machine: {
    cpu: cpuList[0]?.model ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    arch: process.arch,
    // Other work on the machine disturbs single runs; each case keeps its best of several rounds.
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg().map((load) => Math.round(load * 100) / 100),
  },
  units: 'mbPerSecond is message bytes per second / 1e6, best of 7 interleaved rounds; ratios divide two such speeds from the same run',
  targets: {
    'fragment and defragment of messages >= 1 MiB': '>= 0.5 x copy (Uint8Array.prototype.set)',
    'receive path (base64 decode + defragment) on Node': '>= 0.8 x Buffer.from(s, "base64") alone',
    'receive path on a runtime without Buffer (browser)': '>= 3 x the plain atob path',
  },
  runtimes,
};
mkdirSync(dirname(RESULT_FILE), { recursive: true });
writeFileSync(RESULT_FILE, `${JSON.stringify(report, null, 2)}\n`);
console.error(`wrote ${RESULT_FILE}`);
