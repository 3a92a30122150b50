/**
 * `npm run test:runtimes`: the runtime contract (contract.mjs) under Node, Deno, Bun, headless
 * Chromium and Cloudflare workerd, against the built package. Deno, Bun and workerd come from
 * npm devDependencies; Chromium from Debian (apt-get install chromium). A missing runtime is
 * reported as skipped, and fails the run when CI=true. Not part of `npm test`: it needs the
 * build and the browser.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const PACKAGE = join(HERE, '..');
const BIN = join(PACKAGE, '..', '..', 'node_modules', '.bin');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const TIMEOUT_MS = 120_000;

if (!existsSync(join(PACKAGE, 'dist', 'index.js')) || !existsSync(join(PACKAGE, 'dist', 'fragment.wasm'))) {
  console.error('dist/ is missing: run `npm run build` in packages/fragment first.');
  process.exit(1);
}

class Missing extends Error {}

function binary(name) {
  const path = join(BIN, name);
  if (!existsSync(path)) throw new Missing(`${path} is missing (npm install installs the ${name} devDependency)`);
  return path;
}

function lastJsonLine(output) {
  return JSON.parse(output.trim().split('\n').at(-1));
}

function run(command, args) {
  return execFileSync(command, args, { cwd: HERE, encoding: 'utf8', timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function bundle(entry, options) {
  const { build } = await import('esbuild');
  const result = await build({ entryPoints: [join(HERE, entry)], bundle: true, write: false, ...options });
  return result.outputFiles[0].text;
}

const runtimes = {
  node: () => lastJsonLine(run(process.execPath, ['entry.mjs'])),
  deno: () => lastJsonLine(run(binary('deno'), ['run', '--allow-read', 'entry.mjs'])),
  bun: () => lastJsonLine(run(binary('bun'), ['entry.mjs'])),
  chromium: async () => {
    if (!existsSync(CHROMIUM)) throw new Missing(`${CHROMIUM} is missing (apt-get install chromium)`);
    const { chromium } = await import('playwright-core');
    const script = await bundle('browser-entry.mjs', { format: 'iife', globalName: 'FragmentContract', platform: 'browser' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ content: script });
      return await page.evaluate(() => globalThis.FragmentContract.run());
    } finally {
      await browser.close();
    }
  },
  workerd: async () => {
    const workerd = binary('workerd');
    const directory = mkdtempSync(join(tmpdir(), 'fragment-workerd-'));
    try {
      // capnp embeds resolve beside the config; the wasm comes from the package, as users import it.
      copyFileSync(join(PACKAGE, 'dist', 'fragment.wasm'), join(directory, 'fragment.wasm'));
      writeFileSync(join(directory, 'worker.js'), await bundle('workerd-worker.mjs', { format: 'esm', platform: 'neutral', external: ['fragment.wasm'] }));
      writeFileSync(
        join(directory, 'config.capnp'),
        [
          'using Workerd = import "/workerd/workerd.capnp";',
          'const config :Workerd.Config = (services = [(name = "main", worker = .worker)]);',
          'const worker :Workerd.Worker = (',
          '  modules = [',
          '    (name = "worker.js", esModule = embed "worker.js"),',
          '    (name = "fragment.wasm", wasm = embed "fragment.wasm"),',
          '  ],',
          '  compatibilityDate = "2025-01-01",',
          ');',
        ].join('\n'),
      );
      let output;
      try {
        output = execFileSync(workerd, ['test', join(directory, 'config.capnp')], { encoding: 'utf8', timeout: TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
      }
      const line = output.split('\n').find((text) => text.includes('RESULT '));
      if (line === undefined) throw new Error(`workerd gave no result:\n${output}`);
      return JSON.parse(line.slice(line.indexOf('RESULT ') + 'RESULT '.length));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  },
};

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const [name, runtime] of Object.entries(runtimes)) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    const report = await runtime();
    passed += report.passed;
    failed += report.failed;
    console.log(`${name}: ${report.passed} passed, ${report.failed} failed; auto engine ${report.auto}`);
    for (const failure of report.failures) console.log(`  FAILED ${failure.name}\n    ${failure.error.split('\n').join('\n    ')}`);
  } catch (error) {
    if (error instanceof Missing && process.env.CI !== 'true') {
      console.log(`${name}: skipped, ${error.message}`);
      continue;
    }
    failed += 1;
    console.log(`${name}: FAILED to run: ${String(error.stack ?? error)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
