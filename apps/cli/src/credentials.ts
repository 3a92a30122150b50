/**
 * The secrets a command needs, found once for all its targets: the password from PSRP_PASSWORD, from
 * --password-file (its first line), or from a prompt on the terminal without echo, in that order; the SSH key
 * from --identity, or the agent SSH_AUTH_SOCK names. Asked for only when some target needs it; never printed,
 * never logged, never put in an error message.
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { CliUsageError } from './cli-usage-error.js';
import type { ConnectionOptions } from './command-line.js';
import { readSecret, type TerminalInput } from './secret-prompt.js';
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

/** The user a target logs on as: the entry's `user@`, else --user, else (SSH only) the local user, as ssh does. */
export function userOf(spec: TargetSpec, options: ConnectionOptions): string | null {
  if (spec.kind === 'process') return null;
  const user = spec.username ?? options.user;
  if (user !== null) return user;
  return spec.kind === 'ssh' ? userInfo().username : null;
}

export async function resolveCredentials(specs: readonly TargetSpec[], options: ConnectionOptions, sources: CredentialSources): Promise<Credentials> {
  const privateKey = options.identityFile === null ? null : await readSecretFile(options.identityFile, '--identity');
  const agent = privateKey === null && sources.env.SSH_AUTH_SOCK ? true : null;
  const wsmanWithUser = specs.some((spec) => spec.kind === 'wsman' && userOf(spec, options) !== null && options.auth !== 'none');
  const sshWithoutKey = specs.some((spec) => spec.kind === 'ssh') && privateKey === null && agent === null;
  const offered = await offeredPassword(options, sources);
  if (offered !== null || !(wsmanWithUser || sshWithoutKey)) return { password: offered, privateKey, agent };
  if (sources.stdin.isTTY !== true) {
    throw new CliUsageError('A password is needed: set PSRP_PASSWORD, use --password-file FILE, or run in a terminal to be asked');
  }
  const first = specs.find((spec) => spec.kind !== 'process');
  const who = first ? `${userOf(first, options) ?? ''}@${first.computerName}` : '';
  const password = await readSecret(`Password for ${who}${specs.length > 2 ? ' (and the other targets)' : ''}: `, sources.stdin, sources.stderr);
  return { password, privateKey, agent };
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
