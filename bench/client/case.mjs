/**
 * One case of the client suite on @psrp/client, in a process of its own so that process.cpuUsage() and
 * process.resourceUsage().maxRSS belong to that case alone. Prints one JSON line, with the same fields as
 * bench/pwsh-client (PowerShell's own client) prints for the same case.
 *
 *   node client/case.mjs <case> --pwsh=PATH [--repeats=N] [--calls=N] [--warmup=N] [--n=N] [--mb=N] [--step=N]
 *                        [--script=TEXT (output200k, stream2m: what produces the n integers; default 1..n)]
 *                        [--transport=ssh --ssh-host=H --ssh-port=P --ssh-user=U --ssh-key=FILE --ssh-known-hosts=FILE]
 *
 * With --transport=ssh the pool goes over @psrp/client/ssh to the sshd's `powershell` subsystem (no ssh_config read:
 * every setting is given), and the server's pid is its own `$PID` (it is the sshd's child, not ours).
 * cases: open, roundtrip, sequential200, output200k, input100k, string50mb, stream2m, identity.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { RunspacePool } from '@psrp/client';
import { connectProcess } from '@psrp/client/process';
import { connectSsh } from '@psrp/client/ssh';

const [name = '', ...rest] = process.argv.slice(2);
const options = Object.fromEntries(rest.filter((arg) => arg.startsWith('--') && arg.includes('=')).map((arg) => [arg.slice(2, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]));
const intOption = (key, fallback) => (options[key] === undefined ? fallback : Number.parseInt(options[key], 10));
const PWSH_ENV = { POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', DOTNET_NOLOGO: '1' };
/** Large enough for string50mb; the names are those of the client's limit errors (a pool that does not know them ignores them). */
const POOL_OPTIONS = { maxReceivedObjectBytes: 256 * 1024 * 1024, maxReceivedDataBytesPerCommand: 1024 * 1024 * 1024, maxObjectBytes: 256 * 1024 * 1024 };
/** Wall times of pwsh exits that our client reports as errors (close() rejects on a non-zero exit code). */
const closeErrors = [];

const r = (value) => Math.round(value * 1000) / 1000;

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const quantile = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1) + 0.5))];
  return {
    n: samples.length,
    best: r(sorted[0]),
    median: r(quantile(0.5)),
    p90: r(quantile(0.9)),
    mean: r(samples.reduce((a, b) => a + b, 0) / samples.length),
    first: r(samples[0]),
  };
}

/** CPU of this process (all threads), in ms. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return { user: user / 1000, sys: system / 1000, total: (user + system) / 1000 };
}

/** utime + stime of a process from /proc/PID/stat, in ms (clock ticks are 1/100 s on Linux). */
function serverCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** VmRSS of a process from /proc/PID/status, in MB. */
function serverRssMB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((each) => each.startsWith('VmRSS:'));
  return r(Number.parseInt(line.slice(6).trim(), 10) / 1024);
}

/** The pwsh child of this process: @psrp/client does not expose the pid, so /proc is searched for it. */
function childPids() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function openSession() {
  if (options.transport === 'ssh') return openSshSession();
  const before = new Set(childPids());
  const pool = await RunspacePool.open(connectProcess({ executable: options.pwsh, env: PWSH_ENV }), POOL_OPTIONS);
  const serverPid = childPids().find((pid) => !before.has(pid)) ?? null;
  return { pool, serverPid };
}

async function openSshSession() {
  for (const key of ['ssh-host', 'ssh-port', 'ssh-user', 'ssh-key', 'ssh-known-hosts']) if (!options[key]) throw new Error(`--${key} is required with --transport=ssh`);
  const transport = connectSsh({
    host: options['ssh-host'],
    port: Number(options['ssh-port']),
    username: options['ssh-user'],
    privateKey: readFileSync(options['ssh-key']),
    knownHostsPath: options['ssh-known-hosts'],
    configPath: false,
  });
  const pool = await RunspacePool.open(transport, POOL_OPTIONS);
  const [pid] = await pool.createPowerShell().addScript('$PID').invoke();
  return { pool, serverPid: Number(pid) };
}

/** Closes the pool; a rejection is recorded (the client currently rejects when pwsh exits non-zero), not thrown. */
async function closeSession(session) {
  try {
    await session.pool.close();
    return { ok: true };
  } catch (error) {
    closeErrors.push(String(error?.message ?? error));
    return { ok: false, error: String(error?.message ?? error) };
  }
}

async function serverIdentity(session) {
  const [psVersion, processPath, pid] = await session.pool.createPowerShell().addScript('$PSVersionTable.PSVersion.ToString(); [Environment]::ProcessPath; $PID').invoke();
  let procExe = null;
  try {
    procExe = session.serverPid ? readlinkSync(`/proc/${session.serverPid}/exe`) : null;
  } catch {
    // gone
  }
  const startedWith = options.transport === 'ssh' ? `ssh (${options['ssh-user']}@${options['ssh-host']}:${options['ssh-port']}, subsystem powershell)` : options.pwsh;
  return { psVersion, processPath, pid: Number(pid), startedPid: session.serverPid, procExe, startedWith };
}

/** Client CPU (this process) and server CPU (the pwsh child) over a region, with pauses left out. */
function meter(session) {
  let wall = 0;
  let started = 0;
  const cpu = { user: 0, sys: 0, total: 0 };
  let server = session ? 0 : null;
  // The region in the monotonic clock V8's profiler stamps its samples with (µs), for run.mjs --profile.
  const region = { startUs: Number(process.hrtime.bigint() / 1000n), endUs: 0 };
  const resume = () => {
    const now = cpuMs();
    for (const key of Object.keys(cpu)) cpu[key] -= now[key];
    if (session?.serverPid) server -= serverCpuMs(session.serverPid);
    started = performance.now();
  };
  const pause = () => {
    wall += performance.now() - started;
    const now = cpuMs();
    for (const key of Object.keys(cpu)) cpu[key] += now[key];
  };
  resume();
  return {
    pause,
    resume,
    stop() {
      pause();
      region.endUs = Number(process.hrtime.bigint() / 1000n);
      if (session?.serverPid) server += serverCpuMs(session.serverPid);
      else server = null;
      return {
        measuredWallMs: r(wall),
        cpuMs: { user: r(cpu.user), sys: r(cpu.sys), total: r(cpu.total) },
        clientCpuShare: r(cpu.total / wall),
        serverCpuMs: server === null ? null : r(server),
        serverCpuShare: server === null ? null : r(server / wall),
        regionUs: region,
      };
    },
  };
}

async function invokeOne(pool) {
  const output = await pool.createPowerShell().addScript('1').invoke();
  if (output.length !== 1 || Number(output[0]) !== 1) throw new Error(`'1' returned ${JSON.stringify(output)}`);
}

/** Streams a pipeline's output, counting and summing it; `onObject(count)` after each object. */
async function consume(ps, invokeOptions = {}, onObject) {
  let count = 0;
  let sum = 0;
  for await (const event of ps.stream(invokeOptions)) {
    if (event.stream !== 'output') continue;
    count++;
    sum += Number(event.value);
    onObject?.(count);
  }
  return { count, sum };
}

function check(got, count, sum) {
  if (got.count !== count || got.sum !== sum) throw new Error(`expected ${count} objects summing to ${sum}, got ${got.count} summing to ${got.sum}`);
}

/** 1..n, produced lazily: usable as the sync iterable the client takes today and as an async one. */
function integers(n) {
  return {
    *[Symbol.iterator]() {
      for (let i = 1; i <= n; i++) yield i;
    },
    async *[Symbol.asyncIterator]() {
      for (let i = 1; i <= n; i++) yield i;
    },
  };
}

const cases = {
  async identity() {
    const session = await openSession();
    const server = await serverIdentity(session);
    return { server, close: await closeSession(session) };
  },

  async open() {
    const repeats = intOption('repeats', 5);
    const openMs = [];
    const closeMs = [];
    const closes = [];
    let server = null;
    const m = meter(null);
    for (let i = 0; i < repeats; i++) {
      let started = performance.now();
      const session = await openSession();
      openMs.push(performance.now() - started);
      if (!server) {
        m.pause();
        server = await serverIdentity(session);
        m.resume();
      }
      started = performance.now();
      closes.push(await closeSession(session));
      closeMs.push(performance.now() - started);
    }
    return { ...m.stop(), openMs: stats(openMs), closeMs: stats(closeMs), ms: stats(openMs.map((ms, i) => ms + closeMs[i])), closes, server };
  },

  async roundtrip() {
    const warmup = intOption('warmup', 10);
    const calls = intOption('calls', 200);
    const session = await openSession();
    const server = await serverIdentity(session);
    const firstStarted = performance.now();
    await invokeOne(session.pool);
    const firstCallMs = performance.now() - firstStarted;
    for (let i = 1; i < warmup; i++) await invokeOne(session.pool);
    const samples = [];
    const m = meter(session);
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await invokeOne(session.pool);
      samples.push(performance.now() - started);
    }
    const figures = m.stop();
    return { server, ...figures, ms: stats(samples), firstCallMs: r(firstCallMs), calls, close: await closeSession(session) };
  },

  async sequential200() {
    const warmup = intOption('warmup', 10);
    const calls = intOption('calls', 200);
    const repeats = intOption('repeats', 5);
    const session = await openSession();
    const server = await serverIdentity(session);
    for (let i = 0; i < warmup; i++) await invokeOne(session.pool);
    const totals = [];
    const m = meter(session);
    for (let round = 0; round < repeats; round++) {
      const started = performance.now();
      for (let i = 0; i < calls; i++) await invokeOne(session.pool);
      totals.push(performance.now() - started);
    }
    const figures = m.stop();
    return { server, ...figures, ms: stats(totals), calls, close: await closeSession(session) };
  },

  async output200k() {
    const n = intOption('n', 200_000);
    const repeats = intOption('repeats', 3);
    const session = await openSession();
    const server = await serverIdentity(session);
    const totals = [];
    const m = meter(session);
    for (let round = 0; round < repeats; round++) {
      const started = performance.now();
      const got = await consume(session.pool.createPowerShell().addScript(options.script ?? `1..${n}`));
      totals.push(performance.now() - started);
      check(got, n, (n * (n + 1)) / 2);
    }
    const figures = m.stop();
    return { server, ...figures, ms: stats(totals), objects: n, script: options.script ?? `1..${n}`, close: await closeSession(session) };
  },

  async input100k() {
    const n = intOption('n', 100_000);
    const repeats = intOption('repeats', 3);
    const session = await openSession();
    const server = await serverIdentity(session);
    const totals = [];
    const m = meter(session);
    for (let round = 0; round < repeats; round++) {
      const started = performance.now();
      const got = await consume(session.pool.createPowerShell().addScript('process { $_ * 2 }'), { input: integers(n) });
      totals.push(performance.now() - started);
      check(got, n, n * (n + 1));
    }
    const figures = m.stop();
    return { server, ...figures, ms: stats(totals), objects: n, close: await closeSession(session) };
  },

  async string50mb() {
    const mb = intOption('mb', 50);
    const repeats = intOption('repeats', 3);
    const session = await openSession();
    const server = await serverIdentity(session);
    const totals = [];
    let chars = 0;
    const m = meter(session);
    for (let round = 0; round < repeats; round++) {
      const started = performance.now();
      const output = await session.pool.createPowerShell().addScript(`'x' * ${mb}MB`).invoke();
      totals.push(performance.now() - started);
      chars = output.length === 1 && typeof output[0] === 'string' ? output[0].length : -1;
      if (chars !== mb * 1048576) throw new Error(`expected a string of ${mb * 1048576} chars, got ${chars}`);
    }
    const figures = m.stop();
    return { server, limits: POOL_OPTIONS, ...figures, ms: stats(totals), chars, close: await closeSession(session) };
  },

  async stream2m() {
    const n = intOption('n', 2_000_000);
    const step = intOption('step', 100_000);
    const session = await openSession();
    const server = await serverIdentity(session);
    const checkpoints = [];
    const m = meter(session);
    const started = performance.now();
    let lastMs = 0;
    let lastCpu = cpuMs().total;
    let lastServerCpu = serverCpuMs(session.serverPid);
    const got = await consume(session.pool.createPowerShell().addScript(options.script ?? `1..${n}`), {}, (count) => {
      if (count % step !== 0) return;
      const now = performance.now() - started;
      const cpu = cpuMs().total;
      const serverCpu = serverCpuMs(session.serverPid);
      const memory = process.memoryUsage();
      checkpoints.push({
        objects: count,
        ms: r(now - lastMs),
        cpuMs: r(cpu - lastCpu),
        rssMB: r(memory.rss / 1048576),
        heapMB: r(memory.heapUsed / 1048576),
        serverCpuMs: r(serverCpu - lastServerCpu),
        serverRssMB: serverRssMB(session.serverPid),
      });
      lastMs = now;
      lastCpu = cpu;
      lastServerCpu = serverCpu;
    });
    const total = performance.now() - started;
    check(got, n, (n * (n + 1)) / 2);
    const figures = m.stop();
    return { server, ...figures, ms: stats([total]), objects: n, step, script: options.script ?? `1..${n}`, checkpoints, close: await closeSession(session) };
  },
};

const result = { client: '@psrp/client', runtime: `node ${process.version}`, case: name };
let exitCode = 0;
try {
  if (!options.pwsh) throw new Error('--pwsh=PATH is required');
  const run = cases[name];
  if (!run) throw new Error(`unknown case '${name}'`);
  Object.assign(result, await run());
} catch (error) {
  result.error = `${error?.name ?? 'Error'}: ${error?.message ?? error}`;
  exitCode = 1;
}
if (closeErrors.length > 0) result.closeErrors = [...new Set(closeErrors)];
const usage = process.resourceUsage();
result.process = {
  wallMs: r(performance.now()),
  cpuMs: r((usage.userCPUTime + usage.systemCPUTime) / 1000),
  peakRssMB: r(usage.maxRSS / 1024),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
// A pool left open (a failed case) must not keep the process alive.
process.exit(exitCode);
