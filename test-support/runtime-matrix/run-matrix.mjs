/**
 * The runtime matrix every isomorphic package's `npm run test:runtimes` runs (`npm run test:runtimes` at the root runs
 * them all): one contract module, run against the package's built dist/ under Node, Deno, Bun (npm devDependencies),
 * headless Chromium (Debian's, installed by psrp-testkit when missing) and Cloudflare workerd (npm).
 *
 * A contract is an ES module exporting `run(context)`, which resolves to a report `{ passed, failed, failures:
 * [{ name, error }], note? }` (see contract-checks.mjs). `context` is JSON: what `serve()` gives, e.g. the URL of a
 * replay server this process runs for the contract to reach over fetch. A runtime that is not installed is reported
 * as skipped, and fails the run when CI=true. Prints one line per runtime and a closing "N passed, N failed".
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const PROCESS_ENTRY = join(HERE, 'process-entry.mjs');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const TIMEOUT_MS = 120_000;
const RESULT_PREFIX = 'RESULT ';

class Missing extends Error {}

function binary(name) {
  const path = join(BIN, name);
  if (!existsSync(path)) throw new Missing(`${path} is missing (npm install installs the ${name} devDependency)`);
  return path;
}

/** Runs a program to its end; its output whether it succeeded or not (a failed contract still prints its report). */
function output(command, args, cwd) {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ text: `${stdout}${stderr}`, error });
    });
  });
}

function reportIn({ text, error }) {
  const line = text.split('\n').find((candidate) => candidate.includes(RESULT_PREFIX));
  if (line === undefined) throw new Error(`no report${error ? ` (${error.message})` : ''}:\n${text}`);
  return JSON.parse(line.slice(line.indexOf(RESULT_PREFIX) + RESULT_PREFIX.length));
}

async function bundle(source, resolveDir, options) {
  const { build } = await import('esbuild');
  const result = await build({ stdin: { contents: source, resolveDir, loader: 'js' }, bundle: true, write: false, logLevel: 'silent', ...options });
  return result.outputFiles[0].text;
}

/** An empty page on its own loopback origin: the contract runs as a web app's script would, cross-origin to any server. */
async function startPageServer() {
  const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>runtime contract</title>'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((resolve) => server.close(resolve)) };
}

function processRuntime(command, args, contract) {
  return async (context) => reportIn(await output(command(), [...args, PROCESS_ENTRY, pathToFileURL(contract).href, JSON.stringify(context)], dirname(contract)));
}

async function chromium(contract, context) {
  if (!existsSync(CHROMIUM)) {
    // Installed by the project, as every peer is (the testkit's apt-get under its lock); a failure says why.
    const { ensureDebianPackages } = await import('psrp-testkit');
    await ensureDebianPackages(['chromium']).catch((error) => {
      throw new Missing(`${CHROMIUM} is missing and could not be installed: ${error.message}`);
    });
  }
  const { chromium: launcher } = await import('playwright-core');
  const script = await bundle(`import { run } from ${JSON.stringify(contract)}; globalThis.RuntimeContract = { run };`, dirname(contract), {
    format: 'iife',
    platform: 'browser',
  });
  const page = await startPageServer();
  const browser = await launcher.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const tab = await browser.newPage();
    await tab.goto(page.url);
    await tab.addScriptTag({ content: script });
    return await tab.evaluate((value) => globalThis.RuntimeContract.run(value), context);
  } finally {
    await browser.close();
    await page.close();
  }
}

/**
 * workerd's test mode runs the worker's `test` handler, which runs the contract. The context arrives as a text
 * binding; fetch may reach loopback (workerd's default network is public addresses only). `wasm` names extra
 * modules ({ 'name.wasm': path }), which workerd hands over compiled, as Cloudflare does.
 */
async function workerd(contract, context, wasm = {}) {
  const executable = binary('workerd');
  const directory = mkdtempSync(join(tmpdir(), 'runtime-matrix-workerd-'));
  try {
    const worker = [
      `import { run } from ${JSON.stringify(contract)};`,
      'export default {',
      '  async test(controller, env) {',
      '    const report = await run(JSON.parse(env.CONTEXT));',
      `    console.log(${JSON.stringify(RESULT_PREFIX)} + JSON.stringify(report));`,
      '  },',
      '};',
    ].join('\n');
    // Resolved as Cloudflare's wrangler resolves a worker's packages.
    const resolution = { platform: 'neutral', mainFields: ['browser', 'module', 'main'], conditions: ['workerd', 'worker', 'browser'] };
    writeFileSync(join(directory, 'worker.js'), await bundle(worker, dirname(contract), { format: 'esm', ...resolution, external: Object.keys(wasm) }));
    writeFileSync(join(directory, 'context.json'), JSON.stringify(context));
    for (const [name, path] of Object.entries(wasm)) copyFileSync(path, join(directory, name));
    writeFileSync(
      join(directory, 'config.capnp'),
      [
        'using Workerd = import "/workerd/workerd.capnp";',
        'const config :Workerd.Config = (services = [(name = "main", worker = .worker), (name = "loopback", network = (allow = ["public", "local"]))]);',
        'const worker :Workerd.Worker = (',
        '  modules = [',
        '    (name = "worker.js", esModule = embed "worker.js"),',
        ...Object.keys(wasm).map((name) => `    (name = ${JSON.stringify(name)}, wasm = embed ${JSON.stringify(basename(name))}),`),
        '  ],',
        '  bindings = [(name = "CONTEXT", text = embed "context.json")],',
        '  globalOutbound = "loopback",',
        '  compatibilityDate = "2025-01-01",',
        ');',
      ].join('\n'),
    );
    return reportIn(await output(executable, ['test', join(directory, 'config.capnp')], directory));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/**
 * @param options.title what is tested, e.g. '@psrp/clixml'
 * @param options.built files that must exist (the package's dist/) before anything runs
 * @param options.contract absolute path of the contract module
 * @param options.serve optional; per runtime: `{ context, problems(): string[], close() }`, e.g. a replay server whose
 *   mismatches count as a failed check
 * @param options.workerd optional; `{ contract?: a workerd-only contract path, wasm?: { name: path } }`
 */
export async function runRuntimeMatrix({ title, built, contract, serve, workerd: workerdOptions = {} }) {
  for (const path of built) {
    if (!existsSync(path)) {
      console.error(`${path} is missing: run \`npm run build\` first.`);
      process.exit(1);
    }
  }
  const runtimes = {
    node: processRuntime(() => process.execPath, [], contract),
    deno: processRuntime(() => binary('deno'), ['run', '--allow-read', '--allow-net=127.0.0.1'], contract),
    bun: processRuntime(() => binary('bun'), [], contract),
    chromium: (context) => chromium(contract, context),
    workerd: (context) => workerd(workerdOptions.contract ?? contract, context, workerdOptions.wasm),
  };
  const only = process.argv.slice(2);
  let passed = 0;
  let failed = 0;
  for (const [name, runtime] of Object.entries(runtimes)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const served = serve === undefined ? { context: {}, problems: () => [], close: async () => {} } : await serve();
    try {
      const report = await runtime(served.context);
      const problems = served.problems();
      // The server's own check counts as one more: every request matched and the whole exchange played.
      const serverPassed = serve !== undefined && problems.length === 0 ? 1 : 0;
      const failures = [...report.failures, ...problems.map((problem) => ({ name: 'the server saw what it expected', error: problem }))];
      passed += report.passed + serverPassed;
      failed += failures.length;
      console.log(`${title} on ${name}: ${report.passed + serverPassed} passed, ${failures.length} failed${report.note ? `; ${report.note}` : ''}`);
      for (const failure of failures) console.log(`  FAILED ${failure.name}\n    ${failure.error.split('\n').join('\n    ')}`);
    } catch (error) {
      if (error instanceof Missing && process.env.CI !== 'true') {
        console.log(`${title} on ${name}: skipped, ${error.message}`);
        continue;
      }
      failed += 1;
      console.log(`${title} on ${name}: FAILED to run: ${String(error?.stack ?? error)}`);
    } finally {
      await served.close();
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
