/**
 * @module auth/kerberos/node-kerberos-platform
 * Kerberos' view of a Node machine (Node-only, used by the undici engine): KDCs from the `kdc` option,
 * krb5.conf (KRB5_CONFIG or /etc/krb5.conf) or DNS SRV records (_kerberos._tcp.REALM), reached over TCP;
 * the default realm from krb5.conf; the credential cache named by KRB5CCNAME (FILE: or DIR:, where the
 * cache of the wanted principal is picked) or /tmp/krb5cc_<uid>.
 */
import { resolveSrv } from 'node:dns/promises';
import { readFile, readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { cachedPrincipalName, parseCredentialCache } from './credential-cache.js';
import type { KerberosPlatform } from './kerberos-platform.js';

const KDC_PORT = 88;
const KDC_TIMEOUT_MS = 10_000;
const LENGTH_PREFIX_BYTES = 4;
const MAX_REPLY_BYTES = 1024 * 1024;

interface Krb5Config {
  defaultRealm: string | null;
  kdcs: Map<string, string[]>;
}

/** The parts of krb5.conf this client reads: [libdefaults] default_realm, [realms] REALM = { kdc = ... }. */
export function parseKrb5Conf(text: string): Krb5Config {
  const config: Krb5Config = { defaultRealm: null, kdcs: new Map() };
  let section = '';
  let realm: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    if (line === '') continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header !== null) {
      section = header[1]!;
      realm = null;
      continue;
    }
    if (section === 'libdefaults') {
      const match = /^default_realm\s*=\s*(\S+)$/.exec(line);
      if (match !== null) config.defaultRealm = match[1]!;
    } else if (section === 'realms') {
      const open = /^(\S+)\s*=\s*\{$/.exec(line);
      if (open !== null) realm = open[1]!;
      else if (line === '}') realm = null;
      else if (realm !== null) {
        const kdc = /^kdc\s*=\s*(\S+)$/.exec(line);
        if (kdc !== null) config.kdcs.set(realm, [...(config.kdcs.get(realm) ?? []), kdc[1]!]);
      }
    }
  }
  return config;
}

function splitHostPort(kdc: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(kdc);
  if (bracketed !== null) return { host: bracketed[1]!, port: Number(bracketed[2] ?? KDC_PORT) };
  const [host, port] = kdc.split(':');
  return { host: host!, port: Number(port ?? KDC_PORT) };
}

function exchange(kdc: string, message: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
  const { host, port } = splitHostPort(kdc);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (error: Error | null, reply?: Uint8Array): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(reply!);
    };
    const onAbort = (): void => finish(new Error('aborted'));
    const timer = setTimeout(() => finish(new Error(`${kdc} did not answer within ${KDC_TIMEOUT_MS} ms`)), KDC_TIMEOUT_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error) => finish(error));
    socket.once('connect', () => {
      const prefix = Buffer.alloc(LENGTH_PREFIX_BYTES);
      prefix.writeUInt32BE(message.length);
      socket.write(Buffer.concat([prefix, message]));
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received < LENGTH_PREFIX_BYTES) return;
      const all = Buffer.concat(chunks);
      const length = all.readUInt32BE(0);
      if (length > MAX_REPLY_BYTES) return finish(new Error(`${kdc} sent a ${length}-byte reply`));
      if (all.length >= LENGTH_PREFIX_BYTES + length) finish(null, new Uint8Array(all.subarray(LENGTH_PREFIX_BYTES, LENGTH_PREFIX_BYTES + length)));
    });
    socket.once('end', () => finish(new Error(`${kdc} closed the connection before answering`)));
  });
}

export class NodeKerberosPlatform implements KerberosPlatform {
  #config: Promise<Krb5Config> | null = null;

  #readConfig(): Promise<Krb5Config> {
    this.#config ??= (async () => {
      const paths = (process.env.KRB5_CONFIG ?? '/etc/krb5.conf').split(':').filter((path) => path !== '');
      const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8').catch(() => '')));
      return parseKrb5Conf(texts.join('\n'));
    })();
    return this.#config;
  }

  async defaultRealm(): Promise<string | null> {
    return (await this.#readConfig()).defaultRealm;
  }

  async #kdcsOf(realm: string): Promise<string[]> {
    const configured = (await this.#readConfig()).kdcs.get(realm);
    if (configured !== undefined && configured.length > 0) return configured;
    const records = await resolveSrv(`_kerberos._tcp.${realm.toLowerCase()}`).catch(() => []);
    if (records.length > 0) return records.sort((a, b) => a.priority - b.priority).map((record) => `${record.name}:${record.port}`);
    return [realm.toLowerCase()];
  }

  async sendToKdc(realm: string, kdc: string | undefined, message: Uint8Array, signal?: AbortSignal): Promise<Uint8Array> {
    const candidates = kdc === undefined ? await this.#kdcsOf(realm) : [kdc];
    let lastError: unknown = null;
    for (const candidate of candidates) {
      try {
        return await exchange(candidate, message, signal);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError instanceof Error ? lastError : new Error(`no KDC for ${realm}`);
  }

  async readCredentialCache(principal: string | undefined): Promise<Uint8Array | null> {
    const name = process.env.KRB5CCNAME ?? `FILE:/tmp/krb5cc_${process.getuid?.() ?? 0}`;
    if (name.startsWith('DIR:')) {
      const location = name.slice('DIR:'.length);
      // DIR::path/tkt names one cache of a collection; DIR:path the collection.
      if (location.startsWith(':')) return readFile(location.slice(1)).then((bytes) => new Uint8Array(bytes), () => null);
      const files = (await readdir(location).catch(() => [] as string[])).filter((file) => file.startsWith('tkt'));
      const primary = (await readFile(join(location, 'primary'), 'utf8').catch(() => 'tkt')).trim();
      for (const file of principal === undefined ? [primary] : files) {
        const bytes = await readFile(join(location, file)).then((read) => new Uint8Array(read), () => null);
        if (bytes === null) continue;
        if (principal === undefined) return bytes;
        try {
          if (cachedPrincipalName(parseCredentialCache(bytes).defaultPrincipal) === principal) return bytes;
        } catch {
          // not a cache we can read: look further
        }
      }
      return null;
    }
    if (name.startsWith('FILE:') || name.startsWith('/')) {
      const path = name.startsWith('FILE:') ? name.slice('FILE:'.length) : name;
      return readFile(path).then((bytes) => new Uint8Array(bytes), () => null);
    }
    return null;
  }
}
