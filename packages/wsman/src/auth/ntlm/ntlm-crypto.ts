/**
 * @module auth/ntlm/ntlm-crypto
 * The NTLMv2 computations of MS-NLMP 3.3.2 (NTOWFv2, the NTLMv2 response, the session base key) and the
 * session-security keys of 3.4.5 (SIGNKEY, SEALKEY). MD4 comes from hash-wasm (Node 20's OpenSSL has no
 * MD4), MD5 and HMAC from @noble/hashes, so the module runs on every runtime.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { md5 } from '@noble/hashes/legacy.js';
import { createMD4 } from 'hash-wasm';
import { concatBytes, utf16le } from '../../bytes.js';

export function hmacMd5(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  return hmac(md5, key, concatBytes(parts));
}

export async function md4(data: Uint8Array): Promise<Uint8Array> {
  const hasher = await createMD4();
  hasher.init();
  hasher.update(data);
  return hasher.digest('binary');
}

/** NTOWFv2 (3.3.2): HMAC_MD5(MD4(UNICODE(password)), UNICODE(Uppercase(user) + domain)). Also LMOWFv2. */
export async function ntowfv2(password: string, user: string, domain: string): Promise<Uint8Array> {
  return ntowfv2FromHash(await md4(utf16le(password)), user, domain);
}

/** NTOWFv2 from the NT hash MD4(UNICODE(password)), for callers that hold the hash, not the password. */
export function ntowfv2FromHash(ntHash: Uint8Array, user: string, domain: string): Uint8Array {
  return hmacMd5(ntHash, utf16le(user.toUpperCase() + domain));
}

const NTLMV2_RESPONSE_VERSION = 1;
const NTLMV2_HIGHEST_RESPONSE_VERSION = 1;

/** The NTLMv2 client challenge structure ("temp" in 3.3.2): version, time, client challenge, AV pairs. */
export function ntlmv2ClientChallenge(timestamp: Uint8Array, clientChallenge: Uint8Array, targetInfo: Uint8Array): Uint8Array {
  const header = new Uint8Array(8);
  header[0] = NTLMV2_RESPONSE_VERSION;
  header[1] = NTLMV2_HIGHEST_RESPONSE_VERSION;
  return concatBytes([header, timestamp, clientChallenge, new Uint8Array(4), targetInfo, new Uint8Array(4)]);
}

export interface Ntlmv2Response {
  ntChallengeResponse: Uint8Array;
  lmChallengeResponse: Uint8Array;
  sessionBaseKey: Uint8Array;
}

/** ComputeResponse for NTLMv2 (3.3.2). */
export function computeNtlmv2Response(
  responseKey: Uint8Array,
  serverChallenge: Uint8Array,
  clientChallenge: Uint8Array,
  temp: Uint8Array,
  sendLmResponse: boolean,
): Ntlmv2Response {
  const ntProofStr = hmacMd5(responseKey, serverChallenge, temp);
  const lmChallengeResponse = sendLmResponse
    ? concatBytes([hmacMd5(responseKey, serverChallenge, clientChallenge), clientChallenge])
    : new Uint8Array(24);
  return {
    ntChallengeResponse: concatBytes([ntProofStr, temp]),
    lmChallengeResponse,
    sessionBaseKey: hmacMd5(responseKey, ntProofStr),
  };
}

const MAGIC = {
  clientSigning: 'session key to client-to-server signing key magic constant\0',
  serverSigning: 'session key to server-to-client signing key magic constant\0',
  clientSealing: 'session key to client-to-server sealing key magic constant\0',
  serverSealing: 'session key to server-to-client sealing key magic constant\0',
} as const;

function keyWithMagic(key: Uint8Array, magic: string): Uint8Array {
  return md5(concatBytes([key, new TextEncoder().encode(magic)]));
}

export interface SessionKeys {
  clientSigningKey: Uint8Array;
  serverSigningKey: Uint8Array;
  clientSealingKey: Uint8Array;
  serverSealingKey: Uint8Array;
}

/** SIGNKEY and SEALKEY (3.4.5.2, 3.4.5.3) with extended session security; `keyBits` 128, 56 or 40. */
export function deriveSessionKeys(exportedSessionKey: Uint8Array, keyBits: 128 | 56 | 40): SessionKeys {
  const sealBase = keyBits === 128 ? exportedSessionKey : exportedSessionKey.subarray(0, keyBits === 56 ? 7 : 5);
  return {
    clientSigningKey: keyWithMagic(exportedSessionKey, MAGIC.clientSigning),
    serverSigningKey: keyWithMagic(exportedSessionKey, MAGIC.serverSigning),
    clientSealingKey: keyWithMagic(sealBase, MAGIC.clientSealing),
    serverSealingKey: keyWithMagic(sealBase, MAGIC.serverSealing),
  };
}
