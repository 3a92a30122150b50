import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkKnownHosts, hostKeyFingerprint, knownHostsLine, knownHostsName, knownKeyTypes, parseHostKey } from './known-hosts.js';

/** An ed25519 public key and the fingerprint `ssh-keygen -lf` printed for it. */
const KEY_BASE64 = 'AAAAC3NzaC1lZDI1NTE5AAAAIDqtTTA7yrQsHG7HSI719oqoYQjiDLCdJEVEd55RxKGy';
const KEY_FINGERPRINT = 'SHA256:v6FBVoWKjamEqEzxN4S31Du9GhrJhEDfCR2f3Rw51w0';
const OTHER_BASE64 = 'AAAAC3NzaC1lZDI1NTE5AAAAIPdZO37DA4UObPUxVsOBAljNKZ0wEY54ZLqvOo25qrLA';
const key = parseHostKey(Buffer.from(KEY_BASE64, 'base64'));

describe('known_hosts', () => {
  it('names a host as OpenSSH files it, and fingerprints a key as ssh-keygen shows it', () => {
    expect(knownHostsName('server', 22)).toBe('server');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
    expect(key.type).toBe('ssh-ed25519');
    expect(hostKeyFingerprint(key.blob)).toBe(KEY_FINGERPRINT);
    expect(() => parseHostKey(new Uint8Array([0, 0, 0, 9, 1]))).toThrow(/not an SSH public key blob/);
  });

  it('finds a key under a plain, wildcard, negated or hashed name', () => {
    const salt = Buffer.from('salt-of-twenty-bytes');
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h]:2222').digest('base64')}`;
    expect(checkKnownHosts(`[h]:2222 ssh-ed25519 ${KEY_BASE64}`, '[h]:2222', key)).toEqual({ kind: 'known' });
    expect(checkKnownHosts(`[H]:2222 ssh-ed25519 ${KEY_BASE64}`, '[h]:2222', key)).toEqual({ kind: 'known' });
    expect(checkKnownHosts(`other,[h?]:* ssh-ed25519 ${KEY_BASE64}`, '[h]:2222', key)).toEqual({ kind: 'unknown' });
    expect(checkKnownHosts(`*,!srv ssh-ed25519 ${KEY_BASE64}`, 'host', key)).toEqual({ kind: 'known' });
    expect(checkKnownHosts(`*,!host ssh-ed25519 ${KEY_BASE64}`, 'host', key)).toEqual({ kind: 'unknown' });
    expect(checkKnownHosts(`${hashed} ssh-ed25519 ${KEY_BASE64}`, '[h]:2222', key)).toEqual({ kind: 'known' });
    expect(checkKnownHosts(`${hashed} ssh-ed25519 ${KEY_BASE64}`, '[h]:2223', key)).toEqual({ kind: 'unknown' });
  });

  it('tells a changed key (same type, other key) from an unknown one, and honours @revoked', () => {
    const text = ['# comment', '', `h ssh-rsa AAAAB3NzaC1yc2E=`, `h ssh-ed25519 ${OTHER_BASE64}`].join('\n');
    expect(checkKnownHosts(text, 'h', key)).toEqual({ kind: 'changed', line: 4 });
    expect(checkKnownHosts(`h ssh-rsa AAAAB3NzaC1yc2E=`, 'h', key)).toEqual({ kind: 'unknown' });
    expect(checkKnownHosts(`h ssh-ed25519 ${KEY_BASE64}\n@revoked * ssh-ed25519 ${KEY_BASE64}`, 'h', key)).toEqual({ kind: 'revoked', line: 2 });
    expect(checkKnownHosts(`@cert-authority h ssh-ed25519 ${KEY_BASE64}`, 'h', key)).toEqual({ kind: 'unknown' });
  });

  it('lists the key types known for a host, and writes the line accept-new appends', () => {
    expect(knownKeyTypes(`h ssh-rsa AAAAB3NzaC1yc2E=\nh ssh-ed25519 ${OTHER_BASE64}\ng ecdsa-sha2-nistp256 AAAA`, 'h')).toEqual(['ssh-rsa', 'ssh-ed25519']);
    expect(knownHostsLine('[h]:2222', key)).toBe(`[h]:2222 ssh-ed25519 ${KEY_BASE64}`);
  });
});
