/**
 * @module auth/kerberos/credential-cache
 * Reading an MIT credential cache (the file format, version 4, that kinit writes): the default principal
 * and each credential (client, server, session key, times, ticket). Configuration entries
 * (X-CACHECONF:) are skipped.
 */
import { isAesEnctype, type KerberosKey } from './kerberos-crypto.js';
import type { PrincipalName } from './kerberos-messages.js';

export interface CachedPrincipal extends PrincipalName {
  realm: string;
}

export interface CachedCredential {
  client: CachedPrincipal;
  server: CachedPrincipal;
  /** Null for an enctype this client cannot use (not AES). */
  key: KerberosKey | null;
  endtime: Date;
  ticket: Uint8Array;
}

export interface CredentialCache {
  defaultPrincipal: CachedPrincipal;
  credentials: CachedCredential[];
}

export class CredentialCacheFormatError extends Error {}

const FILE_FORMAT_4 = 0x0504;

class Reader {
  #offset = 0;
  readonly #view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get done(): boolean {
    return this.#offset >= this.bytes.length;
  }
  #need(length: number): void {
    if (this.#offset + length > this.bytes.length) throw new CredentialCacheFormatError('the credential cache is truncated');
  }
  u8(): number {
    this.#need(1);
    return this.bytes[this.#offset++]!;
  }
  u16(): number {
    this.#need(2);
    const value = this.#view.getUint16(this.#offset, false);
    this.#offset += 2;
    return value;
  }
  u32(): number {
    this.#need(4);
    const value = this.#view.getUint32(this.#offset, false);
    this.#offset += 4;
    return value;
  }
  data(): Uint8Array {
    const length = this.u32();
    this.#need(length);
    const value = this.bytes.slice(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }
  text(): string {
    return new TextDecoder().decode(this.data());
  }
  skip(length: number): void {
    this.#need(length);
    this.#offset += length;
  }
  principal(): CachedPrincipal {
    const type = this.u32();
    const count = this.u32();
    const realm = this.text();
    const components: string[] = [];
    for (let index = 0; index < count; index += 1) components.push(this.text());
    return { type, realm, components };
  }
}

export function parseCredentialCache(bytes: Uint8Array): CredentialCache {
  const reader = new Reader(bytes);
  if (reader.u16() !== FILE_FORMAT_4) throw new CredentialCacheFormatError('not an MIT credential cache of file format 4');
  reader.skip(reader.u16());
  const defaultPrincipal = reader.principal();
  const credentials: CachedCredential[] = [];
  while (!reader.done) {
    const client = reader.principal();
    const server = reader.principal();
    const enctype = reader.u16();
    const keyValue = reader.data();
    reader.u32(); // authtime
    reader.u32(); // starttime
    const endtime = reader.u32();
    reader.u32(); // renew_till
    reader.u8(); // is_skey
    reader.u32(); // ticket flags
    for (let count = reader.u32(); count > 0; count -= 1) {
      reader.u16();
      reader.data();
    }
    for (let count = reader.u32(); count > 0; count -= 1) {
      reader.u16();
      reader.data();
    }
    const ticket = reader.data();
    reader.data(); // second ticket
    if (server.realm === 'X-CACHECONF:') continue;
    credentials.push({
      client,
      server,
      key: isAesEnctype(enctype) ? { enctype, value: keyValue } : null,
      endtime: new Date(endtime * 1000),
      ticket,
    });
  }
  return { defaultPrincipal, credentials };
}

export function cachedPrincipalName(principal: CachedPrincipal): string {
  return `${principal.components.join('/')}@${principal.realm}`;
}
