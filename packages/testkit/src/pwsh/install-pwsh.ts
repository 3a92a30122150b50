/**
 * Builds real PowerShell from NuGet: the console host in `pwsh-host/` on Microsoft.PowerShell.SDK, one per
 * protocol version, into the ignored `.peers/pwsh/<version>/` (reused when present). Every attempt is kept with
 * what NuGet answered, so a run that finds no PowerShell can say exactly why. Suites of several packages start at
 * once, so one build at a time holds a lock in the peers folder.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PWSH_PEERS, type PwshCandidate, type PwshPeerSpec } from './pwsh-versions.js';
import { peersDirectory } from '../peers-directory.js';
import { withLock } from '../peers-lock.js';

const run = promisify(execFile);
const BUILD_TIMEOUT_MS = 10 * 60_000;
/** A lock older than a build can take was left by a killed run. */
const STALE_LOCK_MS = BUILD_TIMEOUT_MS + 60_000;
/** A failed build is not retried for this long: every suite asks, and NuGet's answer does not change by the minute. */
const FAILURE_REUSE_MS = 60 * 60_000;
const HOST_PROJECT = fileURLToPath(new URL('../pwsh-host/', import.meta.url));

export interface InstallAttempt {
  readonly version: string;
  readonly ok: boolean;
  readonly answer: string;
}

export interface InstalledPwsh {
  readonly protocol: PwshPeerSpec['protocol'];
  readonly version: string;
  readonly executable: string;
  /** Environment the executable wants: no telemetry, and no first-run work on every start. */
  readonly env: Readonly<Record<string, string>>;
}

export interface PwshInstallReport {
  readonly protocol: PwshPeerSpec['protocol'];
  readonly installed: InstalledPwsh | null;
  readonly attempts: readonly InstallAttempt[];
}

const PWSH_ENV = { POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', DOTNET_NOLOGO: '1' } as const;

function hostDirectory(version: string): string {
  return join(peersDirectory(), 'pwsh', version);
}

function installedAt(spec: PwshPeerSpec, version: string): InstalledPwsh | null {
  const executable = join(hostDirectory(version), 'bin', 'pwsh');
  return existsSync(executable) ? { protocol: spec.protocol, version, executable, env: PWSH_ENV } : null;
}

/** A PSRP_PWSH_2_3 / PSRP_PWSH_2_4 variable names a pwsh someone already has; it wins over NuGet. */
function fromEnvironment(spec: PwshPeerSpec): InstalledPwsh | null {
  const name = `PSRP_PWSH_${spec.protocol.replace('.', '_')}`;
  const path = process.env[name];
  if (!path) return null;
  if (!existsSync(path)) throw new Error(`${name}=${path} does not exist`);
  return { protocol: spec.protocol, version: 'from-environment', executable: path, env: PWSH_ENV };
}

async function recentFailure(candidate: PwshCandidate): Promise<InstallAttempt | null> {
  const marker = join(hostDirectory(candidate.version), 'failed.json');
  const info = await stat(marker).catch(() => null);
  if (!info || Date.now() - info.mtimeMs > FAILURE_REUSE_MS) return null;
  return JSON.parse(await readFile(marker, 'utf8')) as InstallAttempt;
}

async function tryBuild(candidate: PwshCandidate): Promise<InstallAttempt> {
  const earlier = await recentFailure(candidate);
  if (earlier) return earlier;
  const directory = hostDirectory(candidate.version);
  const source = join(directory, 'src');
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  await cp(HOST_PROJECT, source, { recursive: true });
  try {
    await run(
      'dotnet',
      ['build', source, '-c', 'Release', '-o', join(directory, 'bin'), '-nologo', `-p:PwshVersion=${candidate.version}`, `-p:PwshTargetFramework=${candidate.framework}`],
      { timeout: BUILD_TIMEOUT_MS, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' }, maxBuffer: 16 << 20 },
    );
    return { version: candidate.version, ok: true, answer: 'built' };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    const text = `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
    const errors = [...new Set(text.split('\n').filter((line) => /error/i.test(line)).map((line) => line.replace(/\s*\[[^\]]*\]\s*$/, '').replace(/^.*?: (?=error )/, '').trim()))];
    await rm(join(directory, 'bin'), { recursive: true, force: true });
    const attempt = { version: candidate.version, ok: false, answer: errors.slice(0, 2).join(' ') || failure.message };
    await writeFile(join(directory, 'failed.json'), JSON.stringify(attempt));
    return attempt;
  }
}


/** Finds or builds one PowerShell per protocol version. Never throws for a missing package: the report says it. */
export async function installPwsh(): Promise<PwshInstallReport[]> {
  return withLock('pwsh-build', STALE_LOCK_MS, async () => {
    const reports: PwshInstallReport[] = [];
    for (const spec of PWSH_PEERS) {
      const given = fromEnvironment(spec);
      const existing = given ?? spec.candidates.map((candidate) => installedAt(spec, candidate.version)).find((found) => found !== null);
      if (existing) {
        reports.push({ protocol: spec.protocol, installed: existing, attempts: [] });
        continue;
      }
      const attempts: InstallAttempt[] = [];
      let installed: InstalledPwsh | null = null;
      for (const candidate of spec.candidates) {
        const attempt = await tryBuild(candidate);
        attempts.push(attempt);
        installed = attempt.ok ? installedAt(spec, candidate.version) : null;
        if (installed) break;
      }
      reports.push({ protocol: spec.protocol, installed, attempts });
    }
    return reports;
  });
}

/** The installed pwsh for a protocol version, or an error listing what was tried. */
export async function requirePwsh(protocol: PwshPeerSpec['protocol'] = '2.4'): Promise<InstalledPwsh> {
  const report = (await installPwsh()).find((each) => each.protocol === protocol);
  if (report?.installed) return report.installed;
  const tried = report?.attempts.map((attempt) => `${attempt.version}: ${attempt.answer}`).join('\n') ?? 'no candidates';
  throw new Error(`No PowerShell for protocol ${protocol} could be built here:\n${tried}`);
}
