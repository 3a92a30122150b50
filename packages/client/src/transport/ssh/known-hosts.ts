/**
 * OpenSSH's known_hosts file as `ssh` reads it (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): one key per line after the
 * host patterns (`host`, `[host]:port`, wildcards `*` `?`, negation `!`, or a hashed `|1|salt|hash` name), an optional
 * `@revoked` or `@cert-authority` marker first. Only the host name the user connects to is looked up (OpenSSH's
 * default `CheckHostIP no`).
 */
import { createHash, createHmac } from 'node:crypto';
import { matchesPatternList } from './host-pattern.js';

/** The standard SSH port: known_hosts names a host on it without brackets. */
const DEFAULT_SSH_PORT = 22;
const HASHED_NAME_PREFIX = '|1|';

/** A server's public host key: its type (the first string of the blob) and the blob itself. */
export interface HostKey {
  readonly type: string;
  readonly blob: Uint8Array;
}

export type KnownHostsVerdict =
  | { readonly kind: 'known' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'changed'; readonly line: number }
  | { readonly kind: 'revoked'; readonly line: number };

interface KnownHostsEntry {
  readonly line: number;
  readonly marker: 'revoked' | 'cert-authority' | null;
  readonly patterns: string;
  readonly type: string;
  readonly blob: Buffer;
}

/** The name known_hosts files a host under: `host` on port 22, `[host]:port` elsewhere. */
export function knownHostsName(host: string, port: number): string {
  return port === DEFAULT_SSH_PORT ? host : `[${host}]:${port}`;
}

/** OpenSSH's fingerprint of a key: `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -lf` shows. */
export function hostKeyFingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Reads the key type from a public key blob (a uint32 length, then the name). */
export function parseHostKey(blob: Uint8Array): HostKey {
  const bytes = Buffer.from(blob);
  const length = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
  if (length < 1 || length > bytes.length - 4) throw new Error('The server sent a host key that is not an SSH public key blob');
  return { type: bytes.subarray(4, 4 + length).toString('latin1'), blob: bytes };
}

/** Looks the key up under `name`: known, unknown, known with a different key of its type (changed), or revoked. */
export function checkKnownHosts(text: string, name: string, key: HostKey): KnownHostsVerdict {
  const entries = parseKnownHosts(text).filter((entry) => entry.marker !== 'cert-authority');
  const presented = Buffer.from(key.blob);
  const revoked = entries.find((entry) => entry.marker === 'revoked' && entry.blob.equals(presented));
  if (revoked) return { kind: 'revoked', line: revoked.line };
  const forHost = entries.filter((entry) => entry.marker === null && matchesHost(entry.patterns, name));
  if (forHost.some((entry) => entry.type === key.type && entry.blob.equals(presented))) return { kind: 'known' };
  const other = forHost.find((entry) => entry.type === key.type);
  return other ? { kind: 'changed', line: other.line } : { kind: 'unknown' };
}

/** The key types known_hosts holds for `name`, so that the client can ask the server for one of those first. */
export function knownKeyTypes(text: string, name: string): string[] {
  const types = parseKnownHosts(text)
    .filter((entry) => entry.marker === null && matchesHost(entry.patterns, name))
    .map((entry) => entry.type);
  return [...new Set(types)];
}

/** The line `accept-new` appends: the plain name, as OpenSSH writes it by default (`HashKnownHosts no`). */
export function knownHostsLine(name: string, key: HostKey): string {
  return `${name} ${key.type} ${Buffer.from(key.blob).toString('base64')}`;
}

function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const fields = lines[index]!.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    let marker: KnownHostsEntry['marker'] = null;
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift()!.slice(1) as KnownHostsEntry['marker'];
    const [patterns, type, base64] = fields;
    if (!patterns || !type || !base64) continue;
    entries.push({ line: index + 1, marker, patterns, type, blob: Buffer.from(base64, 'base64') });
  }
  return entries;
}

/** OpenSSH's host matching: the pattern list matches (case-insensitively), or the hashed name is the host's. */
function matchesHost(patterns: string, name: string): boolean {
  if (patterns.startsWith(HASHED_NAME_PREFIX)) {
    const [salt, hash] = patterns.slice(HASHED_NAME_PREFIX.length).split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return matchesPatternList(patterns.toLowerCase().split(','), name.toLowerCase());
}
