/**
 * The secrets a command needs, found once for all its targets: the password from PSRP_PASSWORD, from
 * --password-file (its first line), or from a prompt on the terminal without echo, in that order; the SSH key
 * from --identity, or the agent SSH_AUTH_SOCK names, or what ~/.ssh/config (IdentityFile) and OpenSSH's default
 * keys give the host. Asked for only when some target needs it; never printed, never logged, never put in an
 * error message.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { CliUsageError } from './cli-usage-error.js';
import type { ConnectionOptions } from './command-line.js';
import { readSecret, type TerminalInput } from './secret-prompt.js';
import { loadSsh } from './ssh-entry.js';
import type { TargetSpec } from './targets.js';
import type { Writable } from 'node:stream';

export interface Credentials {
  readonly password: string | null;
  /** The private key's text (from --identity). */
  readonly privateKey: string | null;
  /** The ssh-agent to ask (SSH_AUTH_SOCK), when no key file was given. */
  readonly agent: true | null;
}

export interface CredentialSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: TerminalInput;
  readonly stderr: Writable;
}

/**
 * The user a target logs on as: the entry's `user@`, else --user; null leaves it to the transport (SSH: the
 * config's User for the host, else the local user, as ssh does).
 */
export function userOf(spec: TargetSpec, options: ConnectionOptions): string | null {
  if (spec.kind === 'process') return null;
  return spec.username ?? options.user;
}

export async function resolveCredentials(specs: readonly TargetSpec[], options: ConnectionOptions, sources: CredentialSources): Promise<Credentials> {
  const privateKey = options.identityFile === null ? null : await readSecretFile(options.identityFile, '--identity');
  const agent = privateKey === null && sources.env.SSH_AUTH_SOCK ? true : null;
  const offered = await offeredPassword(options, sources);
  if (offered !== null) return { password: offered, privateKey, agent };
  const wsmanWithUser = specs.some((spec) => spec.kind === 'wsman' && userOf(spec, options) !== null && options.auth !== 'none');
  const sshWithoutKey = privateKey === null && agent === null && (await someSshTargetWithoutKey(specs, options));
  if (!(wsmanWithUser || sshWithoutKey)) return { password: null, privateKey, agent };
  if (sources.stdin.isTTY !== true) {
    throw new CliUsageError('A password is needed: set PSRP_PASSWORD, use --password-file FILE, or run in a terminal to be asked');
  }
  const first = specs.find((spec) => spec.kind !== 'process');
  const who = first ? `${userOf(first, options) ?? (first.kind === 'ssh' ? userInfo().username : '')}@${first.computerName}` : '';
  const password = await readSecret(`Password for ${who}${specs.length > 2 ? ' (and the other targets)' : ''}: `, sources.stdin, sources.stderr);
  return { password, privateKey, agent };
}

/** Whether some SSH target has no key to offer: neither ~/.ssh/config's IdentityFile nor a default key nor an agent. */
async function someSshTargetWithoutKey(specs: readonly TargetSpec[], options: ConnectionOptions): Promise<boolean> {
  const sshSpecs = specs.filter((spec) => spec.kind === 'ssh');
  if (sshSpecs.length === 0) return false;
  const ssh = await loadSsh();
  for (const spec of sshSpecs) {
    const username = userOf(spec, options);
    const found = await ssh
      .resolveSshTarget({ host: spec.host, ...(spec.port !== null ? { port: spec.port } : {}), ...(username !== null ? { username } : {}) })
      .then(
        (target) => target.identityFiles.length > 0 || target.agent !== null,
        // No credential found (PSRP_ERR_ARGUMENT) needs the password; any other error (a broken config) is the
        // connection's to report, with its detail, rather than a password prompt's.
        (error: { code?: string }) => error.code !== 'PSRP_ERR_ARGUMENT',
      );
    if (!found) return true;
  }
  return false;
}

async function offeredPassword(options: ConnectionOptions, sources: CredentialSources): Promise<string | null> {
  const fromEnv = sources.env.PSRP_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (options.passwordFile === null) return null;
  const text = await readSecretFile(options.passwordFile, '--password-file');
  return text.split(/\r?\n/, 1)[0] ?? '';
}

async function readSecretFile(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`Cannot read ${option} ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
}
