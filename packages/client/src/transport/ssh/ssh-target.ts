/**
 * Where and how an SSH connection goes: the caller's options first, then what the ssh_config file says for the host
 * (ssh_config(5): HostName, Port, User, IdentityFile, IdentitiesOnly, IdentityAgent, UserKnownHostsFile,
 * StrictHostKeyChecking, ConnectTimeout), then OpenSSH's defaults. What `ssh -G host` prints for `ssh`, this is for
 * @psrp/client/ssh.
 */
import { stat } from 'node:fs/promises';
import { homedir, hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { PsrpArgumentError, PsrpSshConfigError } from '../../errors.js';
import { expandTilde, expandTokens, type TokenValues } from './percent-tokens.js';
import { readSshConfig, type SshConfigValues } from './ssh-config.js';
import type { HostKeyPolicy, SshOptions } from './ssh-connection.js';

const DEFAULT_SSH_PORT = 22;
/** ssh2's own default for the handshake and authentication. */
export const DEFAULT_READY_TIMEOUT_MS = 20_000;
/** The keys OpenSSH offers when no IdentityFile is configured, in its order (files that exist only). */
const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk'];

/** The settings a connection uses, each from the options, the config or a default. */
export interface SshTarget {
  /** The name the caller gave (`Host` patterns are matched against it). */
  readonly originalHost: string;
  /** What is connected to: the config's HostName, else the name given. */
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** Private key files to offer, in order (existing files only); empty when the caller gave `privateKey`. */
  readonly identityFiles: readonly string[];
  /** The ssh-agent socket to ask, or null. */
  readonly agent: string | null;
  readonly hostKey: HostKeyPolicy;
  readonly knownHostsPath: string;
  readonly readyTimeoutMs: number;
  /** The config files read (none with `configPath: false` or when ~/.ssh/config does not exist). */
  readonly configFiles: readonly string[];
}

/** The machine's side of the resolution; tests pass their own. */
export interface LocalSide {
  readonly home: string;
  readonly localUser: string;
  readonly uid: string;
  readonly localHost: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function localSide(): LocalSide {
  const user = userInfo();
  return { home: homedir(), localUser: user.username, uid: String(user.uid), localHost: hostname(), env: process.env };
}

/**
 * Resolves the options against the config. Explicit options win; `IdentityFile`s are offered only when the caller
 * gave no `privateKey`; OpenSSH's default keys (`~/.ssh/id_ed25519`, …) and the agent SSH_AUTH_SOCK names are used
 * only when the caller gave no credential at all and the config is read (as `ssh` does without `-i`).
 */
export async function resolveSshTarget(options: SshOptions, local: LocalSide = localSide()): Promise<SshTarget> {
  if (!options.host) throw new PsrpArgumentError('SSH needs a host');
  const readConfig = options.configPath !== false;
  const configPath = typeof options.configPath === 'string' ? options.configPath : join(local.home, '.ssh', 'config');
  const config: SshConfigValues = readConfig
    ? await readSshConfig(configPath, { host: options.host, ...(options.username ? { user: options.username } : {}), localUser: local.localUser, home: local.home }, typeof options.configPath !== 'string')
    : { identityFiles: [], files: [] };
  const where = (keyword: string) => `the ${keyword} in ${config.files.join(', ')}`;
  const expand = (value: string, keyword: string, tokens: TokenValues, allowed?: string): string => {
    try {
      return expandTokens(expandTilde(value, local.home), tokens, local.env, allowed);
    } catch (error) {
      throw new PsrpSshConfigError(`Cannot expand ${where(keyword)}: ${(error as Error).message}`, config.files[0] ?? configPath, null, keyword.toLowerCase(), { cause: error });
    }
  };

  const port = options.port ?? config.port ?? DEFAULT_SSH_PORT;
  const username = options.username || config.user || local.localUser;
  const base = { home: local.home, localUser: local.localUser, uid: local.uid, localHost: local.localHost, originalHost: options.host, port, remoteUser: username };
  const host = config.hostName !== undefined ? expand(config.hostName, 'HostName', { ...base, host: options.host }, 'h') : options.host;
  const tokens: TokenValues = { ...base, host };

  const explicitCredential = [options.password, options.privateKey, options.agent, options.keyboardInteractive].some((value) => value !== undefined);
  let identityFiles: string[] = [];
  if (options.privateKey === undefined && readConfig) {
    const configured = config.identityFiles.map((file) => expand(file, 'IdentityFile', tokens));
    const candidates = configured.length > 0 ? configured : explicitCredential ? [] : DEFAULT_IDENTITY_FILES.map((name) => join(local.home, '.ssh', name));
    identityFiles = await existingFiles(candidates);
  }

  let agent: string | null = null;
  if (options.agent !== undefined) {
    if (options.agent === true && !local.env.SSH_AUTH_SOCK) throw new PsrpArgumentError('agent: true, but SSH_AUTH_SOCK is not set');
    agent = options.agent === true ? local.env.SSH_AUTH_SOCK! : options.agent;
  } else if (readConfig && !explicitCredential && config.identitiesOnly !== true) {
    const named = config.identityAgent;
    if (named === undefined || named === 'SSH_AUTH_SOCK') agent = local.env.SSH_AUTH_SOCK || null;
    else if (named !== 'none') agent = named.startsWith('$') && !named.startsWith('${') ? (local.env[named.slice(1)] ?? null) : expand(named, 'IdentityAgent', tokens);
  }

  if (!explicitCredential && identityFiles.length === 0 && agent === null) {
    throw new PsrpArgumentError(
      `SSH needs a credential for ${username}@${host}: password, privateKey, agent or keyboardInteractive` +
        (readConfig ? `, or an IdentityFile for ${options.host} in ${configPath} (no key file was found, and SSH_AUTH_SOCK is not set)` : ''),
    );
  }

  const knownHostsPath =
    options.knownHostsPath ??
    (config.userKnownHostsFile !== undefined && config.userKnownHostsFile !== 'none'
      ? expand(config.userKnownHostsFile, 'UserKnownHostsFile', tokens)
      : join(local.home, '.ssh', 'known_hosts'));
  return {
    originalHost: options.host,
    host,
    port,
    username,
    identityFiles,
    agent,
    hostKey: options.hostKey ?? hostKeyPolicyOf(config.strictHostKeyChecking),
    knownHostsPath,
    readyTimeoutMs: options.readyTimeoutMs ?? (typeof config.connectTimeoutSeconds === 'number' && config.connectTimeoutSeconds > 0 ? config.connectTimeoutSeconds * 1000 : DEFAULT_READY_TIMEOUT_MS),
    configFiles: config.files,
  };
}

/**
 * StrictHostKeyChecking onto `hostKey`: `yes` and `ask` (nobody to ask) are `strict`; `accept-new` is itself; `no`
 * is `accept-new` too, stricter than OpenSSH: a changed key is always refused, never connected to.
 */
function hostKeyPolicyOf(value: SshConfigValues['strictHostKeyChecking']): HostKeyPolicy {
  return value === 'accept-new' || value === 'no' ? 'accept-new' : 'strict';
}

async function existingFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) if (await stat(path).then((info) => info.isFile(), () => false)) found.push(path);
  return found;
}
