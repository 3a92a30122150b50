/**
 * `@psrp/client/ssh`, loaded only when an SSH target is used (it pulls in ssh2), and typed as far as the CLI uses it.
 */
import type { PsrpTransport } from '@psrp/client';

/** What the CLI passes; what it leaves out comes from ~/.ssh/config, then OpenSSH's defaults (the client decides). */
export interface SshConnectOptions {
  host: string;
  port?: number;
  username?: string;
  password?: string;
  privateKey?: string;
  agent?: true;
  hostKey?: 'strict' | 'accept-new';
  knownHostsPath?: string;
}

export interface SshEntry {
  connectSsh(options: SshConnectOptions): PsrpTransport;
  /** Where the options lead once ~/.ssh/config is applied: the key files and agent the connection will offer. */
  resolveSshTarget(options: SshConnectOptions): Promise<{ readonly identityFiles: readonly string[]; readonly agent: string | null }>;
}

export async function loadSsh(): Promise<SshEntry> {
  // A variable specifier: the CLI builds and type-checks whether or not this @psrp/client has the SSH entry.
  const specifier = '@psrp/client/ssh';
  try {
    return (await import(specifier)) as SshEntry;
  } catch (error) {
    throw new Error(`SSH targets need @psrp/client/ssh, which this installation lacks (${(error as Error).message})`);
  }
}
