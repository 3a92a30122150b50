/**
 * Installs real PowerShell from NuGet as a .NET tool into an ignored folder (`.peers/pwsh/<version>`), reusing an
 * install that is already there. Every attempt is kept with what the registry answered, so a run that finds no
 * PowerShell can say exactly why.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PWSH_PEERS, PWSH_TOOL_PACKAGE, type PwshPeerSpec } from './pwsh-versions.js';
import { peersDirectory } from '../peers-directory.js';

const run = promisify(execFile);
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export interface InstallAttempt {
  readonly version: string;
  readonly ok: boolean;
  readonly answer: string;
}

export interface InstalledPwsh {
  readonly protocol: PwshPeerSpec['protocol'];
  readonly version: string;
  readonly executable: string;
  /** Environment the executable needs (net8/net9 tools run on a newer runtime only with roll-forward). */
  readonly env: Readonly<Record<string, string>>;
}

export interface PwshInstallReport {
  readonly protocol: PwshPeerSpec['protocol'];
  readonly installed: InstalledPwsh | null;
  readonly attempts: readonly InstallAttempt[];
}

const ROLL_FORWARD_ENV = { DOTNET_ROLL_FORWARD: 'Major' } as const;

function toolDirectory(version: string): string {
  return join(peersDirectory(), 'pwsh', version);
}

function installedAt(spec: PwshPeerSpec, version: string): InstalledPwsh | null {
  const executable = join(toolDirectory(version), 'pwsh');
  return existsSync(executable) ? { protocol: spec.protocol, version, executable, env: ROLL_FORWARD_ENV } : null;
}

/** A PSRP_PWSH_2_3 / PSRP_PWSH_2_4 variable names a pwsh someone already has; it wins over NuGet. */
function fromEnvironment(spec: PwshPeerSpec): InstalledPwsh | null {
  const path = process.env[`PSRP_PWSH_${spec.protocol.replace('.', '_')}`];
  if (!path) return null;
  if (!existsSync(path)) throw new Error(`PSRP_PWSH_${spec.protocol.replace('.', '_')}=${path} does not exist`);
  return { protocol: spec.protocol, version: 'from-environment', executable: path, env: ROLL_FORWARD_ENV };
}

async function tryInstall(version: string): Promise<InstallAttempt> {
  const directory = toolDirectory(version);
  await mkdir(directory, { recursive: true });
  try {
    const { stdout } = await run(
      'dotnet',
      ['tool', 'install', '--tool-path', directory, PWSH_TOOL_PACKAGE, '--version', version],
      { timeout: INSTALL_TIMEOUT_MS, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } },
    );
    return { version, ok: true, answer: stdout.trim().split('\n').pop() ?? '' };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    const answer = `${failure.stderr ?? ''}${failure.stdout ?? ''}`.trim() || failure.message;
    return { version, ok: false, answer: answer.split('\n').slice(-2).join(' ') };
  }
}

/** Finds or installs one PowerShell per protocol version. Never throws for a missing package: the report says it. */
export async function installPwsh(): Promise<PwshInstallReport[]> {
  const reports: PwshInstallReport[] = [];
  for (const spec of PWSH_PEERS) {
    const given = fromEnvironment(spec);
    if (given) {
      reports.push({ protocol: spec.protocol, installed: given, attempts: [] });
      continue;
    }
    const existing = spec.candidates.map((version) => installedAt(spec, version)).find((found) => found !== null);
    if (existing) {
      reports.push({ protocol: spec.protocol, installed: existing, attempts: [] });
      continue;
    }
    const attempts: InstallAttempt[] = [];
    let installed: InstalledPwsh | null = null;
    for (const version of spec.candidates) {
      const attempt = await tryInstall(version);
      attempts.push(attempt);
      installed = attempt.ok ? installedAt(spec, version) : null;
      if (installed) break;
    }
    reports.push({ protocol: spec.protocol, installed, attempts });
  }
  return reports;
}
