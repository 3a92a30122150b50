import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../bytes.js';
import { CredentialCacheFormatError, cachedPrincipalName, parseCredentialCache } from './credential-cache.js';
import { parseKrb5Conf } from './node-kerberos-platform.js';

function u16(value: number): Uint8Array {
  return new Uint8Array([value >> 8, value & 0xff]);
}
function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, false);
  return bytes;
}
function data(bytes: Uint8Array | string): Uint8Array {
  const raw = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return concatBytes([u32(raw.length), raw]);
}
function principal(realm: string, ...components: string[]): Uint8Array {
  return concatBytes([u32(1), u32(components.length), data(realm), ...components.map((component) => data(component))]);
}
function credential(client: Uint8Array, server: Uint8Array, enctype: number, endtime: number): Uint8Array {
  return concatBytes([client, server, u16(enctype), data(new Uint8Array(32).fill(1)), u32(0), u32(0), u32(endtime), u32(0), new Uint8Array([0]), u32(0), u32(0), u32(0), data(new Uint8Array([0x61, 0x00])), data(new Uint8Array(0))]);
}

describe('MIT credential cache, file format 4', () => {
  it('reads the default principal and the credentials, skipping configuration entries', () => {
    const alice = principal('EXAMPLE.TEST', 'alice');
    const bytes = concatBytes([
      u16(0x0504),
      u16(12),
      new Uint8Array(12),
      alice,
      credential(alice, principal('X-CACHECONF:', 'krb5_ccache_conf_data', 'pa_type'), 0, 0),
      credential(alice, principal('EXAMPLE.TEST', 'krbtgt', 'EXAMPLE.TEST'), 18, 2_000_000_000),
      credential(alice, principal('EXAMPLE.TEST', 'HTTP', 'old'), 23, 1),
    ]);
    const cache = parseCredentialCache(bytes);
    expect(cachedPrincipalName(cache.defaultPrincipal)).toBe('alice@EXAMPLE.TEST');
    expect(cache.credentials).toHaveLength(2);
    expect(cache.credentials[0]).toMatchObject({ key: { enctype: 18 }, endtime: new Date(2_000_000_000_000) });
    expect(cachedPrincipalName(cache.credentials[0]!.server)).toBe('krbtgt/EXAMPLE.TEST@EXAMPLE.TEST');
    expect(cache.credentials[1]!.key).toBeNull();
  });

  it('refuses other formats and truncation', () => {
    expect(() => parseCredentialCache(new Uint8Array([5, 3, 0, 0]))).toThrow(CredentialCacheFormatError);
    expect(() => parseCredentialCache(concatBytes([u16(0x0504), u16(0), u32(1)]))).toThrow(/truncated/);
  });
});

describe('krb5.conf', () => {
  it('reads the default realm and the KDCs of each realm', () => {
    const config = parseKrb5Conf(`[libdefaults]\n  default_realm = EXAMPLE.TEST # ours\n[realms]\n  EXAMPLE.TEST = {\n    kdc = 127.0.0.1:8888\n    kdc = kdc2.example.test\n  }\n  OTHER = {\n    admin_server = x\n  }\n`);
    expect(config.defaultRealm).toBe('EXAMPLE.TEST');
    expect(config.kdcs.get('EXAMPLE.TEST')).toEqual(['127.0.0.1:8888', 'kdc2.example.test']);
    expect(config.kdcs.get('OTHER')).toBeUndefined();
  });
});
