/**
 * ssh_config(5) "TOKENS" and the `~` and `${VAR}` expansions OpenSSH applies to `IdentityFile`,
 * `UserKnownHostsFile` and `IdentityAgent` (and, with `%h` alone, to `HostName`). `%j` is always empty: ProxyJump is
 * not supported. An unknown token or an unset variable is an error, as in OpenSSH.
 */
import { createHash } from 'node:crypto';

export interface TokenValues {
  /** `%d`: the local user's home directory. */
  readonly home: string;
  /** `%u`: the local user name. */
  readonly localUser: string;
  /** `%i`: the local user id. */
  readonly uid: string;
  /** `%l`: this machine's host name; `%L` is its first component. */
  readonly localHost: string;
  /** `%h`: the host connected to (after HostName). */
  readonly host: string;
  /** `%n` and `%k`: the host name as the user gave it. */
  readonly originalHost: string;
  /** `%p` */
  readonly port: number;
  /** `%r`: the remote user. */
  readonly remoteUser: string;
}

/** Expands `%x` tokens (only those in `allowed` when given, as HostName allows `%h` alone), then `${VAR}`s from `env`. */
export function expandTokens(
  text: string,
  values: TokenValues,
  env: Readonly<Record<string, string | undefined>>,
  allowed?: string,
): string {
  const table: Record<string, () => string> = {
    '%': () => '%',
    C: () => createHash('sha1').update(`${values.localHost}${values.host}${values.port}${values.remoteUser}`).digest('hex'),
    d: () => values.home,
    h: () => values.host,
    i: () => values.uid,
    j: () => '',
    k: () => values.originalHost,
    L: () => values.localHost.split('.')[0]!,
    l: () => values.localHost,
    n: () => values.originalHost,
    p: () => String(values.port),
    r: () => values.remoteUser,
    u: () => values.localUser,
  };
  const expanded = text.replace(/%(.?)/g, (_whole, token: string) => {
    const value = token === '%' || allowed === undefined || allowed.includes(token) ? table[token] : undefined;
    if (!value) throw new Error(token === '' ? `'${text}' ends with a lone %` : `unknown token %${token} in '${text}'`);
    return value();
  });
  return expanded.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const value = env[name];
    if (value === undefined) throw new Error(`the environment variable \${${name}} in '${text}' is not set`);
    return value;
  });
}

/** `~` and `~/…` as the home directory (`~user` forms are left as they are: OpenSSH reads them from passwd). */
export function expandTilde(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? `${home}${path.slice(1)}` : path;
}
