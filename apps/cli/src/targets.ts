/**
 * Where a command runs: target specs as people write them, in `-H a,b,c`, a hosts file, `enter TARGET` or
 * `--pwsh PATH`. One grammar for the three transports:
 *
 *   [name=]pwsh:/path/to/pwsh       a local PowerShell started as `pwsh -s` (also `process:`)
 *   [name=]ssh://[user@]host[:port] PowerShell's SSH subsystem
 *   [name=]http(s)://host[:port]/wsman   WinRM, the URL as it is
 *   [name=]wsman://[user@]host[:port]    WinRM; https with --ssl
 *   [name=][user@]host[:port]       the default transport (--transport, WinRM unless --ssh)
 *
 * `name=` sets the computer name results are tagged with (default: the host, or `localhost` for a process);
 * `-p/--port` and `--ssl` fill in what an entry leaves out.
 */
import { readFile } from 'node:fs/promises';
import { CliUsageError } from './cli-usage-error.js';

export type TransportKind = 'wsman' | 'ssh';

export type TargetSpec =
  | { readonly kind: 'process'; readonly computerName: string; readonly executable: string }
  | {
      readonly kind: 'ssh';
      readonly computerName: string;
      readonly host: string;
      /** Null when neither the entry nor -p gives one: ~/.ssh/config's Port for the host, else 22. */
      readonly port: number | null;
      readonly username: string | null;
    }
  | {
      readonly kind: 'wsman';
      readonly computerName: string;
      readonly endpoint: string;
      readonly username: string | null;
    };

export interface TargetDefaults {
  readonly transport: TransportKind;
  readonly port: number | null;
  readonly ssl: boolean;
}

export const WSMAN_HTTP_PORT = 5985;
export const WSMAN_HTTPS_PORT = 5986;
const NAME_PATTERN = /^([A-Za-z0-9_.-]+)=(.+)$/;
const HOST_PATTERN = /^(?:([^@\s]+)@)?(\[[0-9A-Fa-f:.]+\]|[^:@/\s[\]]+)(?::(\d+))?$/;

export function parseTargetSpec(text: string, defaults: TargetDefaults): TargetSpec {
  const entry = text.trim();
  if (entry === '') throw new CliUsageError('An empty target: give a host name, a URL or pwsh:PATH');
  const named = NAME_PATTERN.exec(entry);
  // `user@host` and URLs never match NAME_PATTERN's name part with `=` before any ':' '/' '@'.
  const name = named && !/[:/@]/.test(named[1]!) ? named[1]! : null;
  const rest = name !== null ? named![2]! : entry;
  const processPath = /^(?:pwsh|process):(.+)$/.exec(rest);
  if (processPath) return { kind: 'process', computerName: name ?? 'localhost', executable: processPath[1]! };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return wsmanUrl(rest, name);
  if (scheme !== undefined && scheme !== 'ssh' && scheme !== 'wsman') {
    throw new CliUsageError(`Unknown target scheme '${scheme}://' in '${entry}': use ssh://, wsman://, http(s):// or pwsh:PATH`);
  }
  const address = scheme ? rest.slice(scheme.length + 3).replace(/\/$/, '') : rest;
  const match = HOST_PATTERN.exec(address);
  if (!match) throw new CliUsageError(`Cannot read the target '${entry}': write [user@]host[:port], a URL, or pwsh:PATH`);
  const [, username = null, host, portText] = match as unknown as [string, string | undefined, string, string | undefined];
  const port = portText !== undefined ? checkedPort(portText, entry) : defaults.port;
  const transport: TransportKind = scheme === 'ssh' ? 'ssh' : scheme === 'wsman' ? 'wsman' : defaults.transport;
  if (transport === 'ssh') {
    return { kind: 'ssh', computerName: name ?? stripBrackets(host), host: stripBrackets(host), port, username };
  }
  const protocol = defaults.ssl ? 'https' : 'http';
  const endpoint = `${protocol}://${host}:${port ?? (defaults.ssl ? WSMAN_HTTPS_PORT : WSMAN_HTTP_PORT)}/wsman`;
  return { kind: 'wsman', computerName: name ?? stripBrackets(host), endpoint, username };
}

function wsmanUrl(text: string, name: string | null): TargetSpec {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliUsageError(`Cannot read the URL '${text}': write e.g. https://server:5986/wsman`);
  }
  const username = url.username ? decodeURIComponent(url.username) : null;
  if (url.password) throw new CliUsageError('A password in a target URL would show in the process list: use PSRP_PASSWORD, --password-file or the prompt');
  url.username = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/wsman';
  return { kind: 'wsman', computerName: name ?? stripBrackets(url.hostname), endpoint: url.href, username };
}

function checkedPort(text: string, entry: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliUsageError(`The port in '${entry}' is not a port number (1-65535)`);
  return port;
}

export function parsePort(text: string): number {
  return checkedPort(text, `--port ${text}`);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The entries of `-H a,b -H c`: split at commas, blanks dropped. */
export function splitHostList(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** A hosts file: one target per line; blank lines and `#` comments are skipped. */
export async function readHostsFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliUsageError(`Cannot read the hosts file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}
