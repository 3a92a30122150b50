/**
 * Turns a target spec into something @psrp/client opens: a FanOutTarget whose connect() makes the transport when
 * the target's turn comes (a `pwsh -s` process, a WSMan client, an SSH connection). SSH lives behind
 * `@psrp/client/ssh`, loaded only when an SSH target is used (ssh-entry.ts).
 */
import { WSManTransport, type FanOutTarget, type PSHost, type PsrpTransport, type RunspacePoolOptions } from '@psrp/client';
import { connectProcess } from '@psrp/client/process';
import { CliUsageError } from './cli-usage-error.js';
import type { ConnectionOptions } from './command-line.js';
import { userOf, type Credentials } from './credentials.js';
import { loadSsh } from './ssh-entry.js';
import { parseTargetSpec, readHostsFile, type TargetSpec } from './targets.js';

export interface CliTarget extends FanOutTarget {
  readonly spec: TargetSpec;
}

/** Every target the options name: the entries in order, then the hosts file's. */
export async function resolveTargetSpecs(options: ConnectionOptions): Promise<TargetSpec[]> {
  const entries = [...options.targets, ...(options.hostsFile === null ? [] : await readHostsFile(options.hostsFile))];
  if (entries.length === 0) throw new CliUsageError(`The hosts file ${options.hostsFile} names no targets`);
  return entries.map((entry) => parseTargetSpec(entry, options.defaults));
}

export function toCliTarget(
  spec: TargetSpec,
  options: ConnectionOptions,
  credentials: Credentials,
  poolOptions: Omit<RunspacePoolOptions, 'signal'> & { host?: PSHost } = {},
): CliTarget {
  return { spec, computerName: spec.computerName, connect: () => connectTransport(spec, options, credentials), poolOptions };
}

async function connectTransport(spec: TargetSpec, options: ConnectionOptions, credentials: Credentials): Promise<PsrpTransport> {
  switch (spec.kind) {
    case 'process':
      return connectProcess({ executable: spec.executable });
    case 'wsman': {
      const username = userOf(spec, options);
      const kind = options.auth ?? (username === null ? 'none' : 'basic');
      const password = credentials.password ?? '';
      const auth =
        kind === 'none'
          ? { kind }
          : kind === 'kerberos'
            ? { kind }
            : { kind, ...(username !== null ? { username } : {}), ...(kind !== 'negotiate' || credentials.password !== null ? { password } : {}) };
      const engine = await loadUndiciEngine();
      // Built as a record: @psrp/wsman decides which auth kinds and options it takes, and says so when it refuses one.
      const transportOptions: Record<string, unknown> = {
        endpoint: spec.endpoint,
        auth,
        ...(engine !== null ? { engine } : {}),
        ...(options.allowUnencrypted ? { allowUnencryptedBasic: true } : {}),
        ...(options.configuration ? { configurationName: options.configuration } : {}),
      };
      return new WSManTransport(transportOptions as unknown as ConstructorParameters<typeof WSManTransport>[0]);
    }
    case 'ssh': {
      const ssh = await loadSsh();
      const username = userOf(spec, options);
      // Port and user only when given: otherwise ~/.ssh/config's for the host, else 22 and the local user (the client decides).
      return ssh.connectSsh({
        host: spec.host,
        ...(spec.port !== null ? { port: spec.port } : {}),
        ...(username !== null ? { username } : {}),
        ...(credentials.password !== null ? { password: credentials.password } : {}),
        ...(credentials.privateKey !== null ? { privateKey: credentials.privateKey } : {}),
        ...(credentials.agent !== null ? { agent: credentials.agent } : {}),
        hostKey: options.acceptNewHostKey ? 'accept-new' : 'strict',
        ...(options.knownHostsFile !== null ? { knownHostsPath: options.knownHostsFile } : {}),
      });
    }
  }
}

/** undici's engine pins one connection per session, which NTLM, Negotiate and Kerberos need; null without it. */
async function loadUndiciEngine(): Promise<unknown> {
  const specifier = '@psrp/wsman/undici';
  try {
    const entry = (await import(specifier)) as { UndiciEngine?: new () => unknown };
    return entry.UndiciEngine ? new entry.UndiciEngine() : null;
  } catch {
    return null;
  }
}
