/**
 * NTLMv2 against the worked example of MS-NLMP 4.2.4 (user "User", domain "Domain", password "Password",
 * server challenge 0123456789abcdef, client challenge aa*8, time 0, random session key 55*16).
 */
import { describe, expect, it } from 'vitest';
import { computeNtlmv2Response, deriveSessionKeys, md4, ntlmv2ClientChallenge, ntowfv2 } from './ntlm-crypto.js';
import { AV_ID, decodeAvPairs, encodeAvPairs } from './ntlm-messages.js';
import { NtlmSession } from './ntlm-session.js';
import { rc4, Rc4 } from './rc4.js';
import { utf16le } from '../../bytes.js';

const hex = (text: string): Uint8Array => Uint8Array.from(text.replace(/\s/g, '').match(/../g)!.map((pair) => parseInt(pair, 16)));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const SERVER_CHALLENGE = hex('0123456789abcdef');
const CLIENT_CHALLENGE = hex('aaaaaaaaaaaaaaaa');
const SESSION_KEY = hex('55555555555555555555555555555555');
const TARGET_INFO = encodeAvPairs([
  { id: AV_ID.MsvAvNbDomainName, value: utf16le('Domain') },
  { id: AV_ID.MsvAvNbComputerName, value: utf16le('Server') },
]);

describe('MS-NLMP 4.2.4 NTLMv2', () => {
  it('MD4 of the empty string (RFC 1320)', async () => {
    expect(toHex(await md4(new Uint8Array(0)))).toBe('31d6cfe0d16ae931b73c59d7e0c089c0');
  });

  it('NTOWFv2 (4.2.4.1.1)', async () => {
    expect(toHex(await ntowfv2('Password', 'User', 'Domain'))).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('the responses and the session base key (4.2.4.1.2, 4.2.4.2)', async () => {
    const key = await ntowfv2('Password', 'User', 'Domain');
    const temp = ntlmv2ClientChallenge(new Uint8Array(8), CLIENT_CHALLENGE, TARGET_INFO);
    const response = computeNtlmv2Response(key, SERVER_CHALLENGE, CLIENT_CHALLENGE, temp, true);
    expect(toHex(response.sessionBaseKey)).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
    expect(toHex(response.lmChallengeResponse)).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(toHex(response.ntChallengeResponse.subarray(0, 16))).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(toHex(rc4(response.sessionBaseKey, SESSION_KEY))).toBe('c5dad2544fc9799094ce1ce90bc9d03e');
  });

  it('SEAL of "Plaintext" with the exchanged key (4.2.4.4)', () => {
    const session = new NtlmSession(deriveSessionKeys(SESSION_KEY, 128), true);
    const { signature, sealed } = session.seal(utf16le('Plaintext'));
    expect(toHex(sealed)).toBe('54e50165bf1936dc996020c1811b0f06fb5f');
    expect(toHex(signature)).toBe('010000007fb38ec5c55d497600000000');
  });
});

describe('NTLM session', () => {
  it('unseals what the other direction sealed, in sequence, and refuses a tampered message', () => {
    const keys = deriveSessionKeys(SESSION_KEY, 128);
    const client = new NtlmSession(keys, true);
    // The server's view: the same keys with directions swapped.
    const server = new NtlmSession(
      { clientSigningKey: keys.serverSigningKey, serverSigningKey: keys.clientSigningKey, clientSealingKey: keys.serverSealingKey, serverSealingKey: keys.clientSealingKey },
      true,
    );
    for (const text of ['first', 'second', 'x'.repeat(10_000)]) {
      const { signature, sealed } = server.seal(new TextEncoder().encode(text));
      expect(new TextDecoder().decode(client.unseal(signature, sealed))).toBe(text);
    }
    const { signature, sealed } = server.seal(new TextEncoder().encode('tampered'));
    sealed[0]! ^= 1;
    expect(() => client.unseal(signature, sealed)).toThrow(/does not match/);
  });
});

describe('RC4', () => {
  it('encrypts the classic vector and keeps its state across calls', () => {
    expect(toHex(rc4(new TextEncoder().encode('Key'), new TextEncoder().encode('Plaintext')))).toBe('bbf316e8d940af0ad3');
    const cipher = new Rc4(new TextEncoder().encode('Key'));
    expect(toHex(cipher.update(new TextEncoder().encode('Plain'))) + toHex(cipher.update(new TextEncoder().encode('text')))).toBe('bbf316e8d940af0ad3');
  });
});

describe('AV pairs', () => {
  it('round-trip and end with MsvAvEOL', () => {
    expect(toHex(TARGET_INFO.subarray(TARGET_INFO.length - 4))).toBe('00000000');
    expect(decodeAvPairs(TARGET_INFO).map((pair) => pair.id)).toEqual([AV_ID.MsvAvNbDomainName, AV_ID.MsvAvNbComputerName]);
  });
});
