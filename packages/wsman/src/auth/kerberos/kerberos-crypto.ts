/**
 * @module auth/kerberos/kerberos-crypto
 * The AES encryption types of Kerberos (RFC 3962 on RFC 3961's simplified profile): aes256-cts-hmac-sha1-96
 * (18) and aes128-cts-hmac-sha1-96 (17). String-to-key (PBKDF2-HMAC-SHA1, then DK with "kerberos"), key
 * derivation DK with n-fold, AES in CBC mode with ciphertext stealing (CS3: the last two blocks always
 * swapped), a 16-byte confounder and an HMAC-SHA1-96 integrity tag. AES, HMAC, SHA-1 and PBKDF2 come
 * from @noble/ciphers and @noble/hashes, so this runs on every runtime.
 */
import { cbc, ecb } from '@noble/ciphers/aes.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { concatBytes, equalBytes, randomBytes } from '../../bytes.js';

export const ENCTYPE = { aes128: 17, aes256: 18 } as const;
export type AesEnctype = (typeof ENCTYPE)[keyof typeof ENCTYPE];
/** Checksum types hmac-sha1-96-aes128 and hmac-sha1-96-aes256 (RFC 3962 7). */
export const CHECKSUM_TYPE: Record<AesEnctype, number> = { 17: 15, 18: 16 };

const BLOCK = 16;
const HMAC_BYTES = 12;
const DEFAULT_ITERATIONS = 4096;

export interface KerberosKey {
  readonly enctype: AesEnctype;
  readonly value: Uint8Array;
}

export function isAesEnctype(enctype: number): enctype is AesEnctype {
  return enctype === ENCTYPE.aes128 || enctype === ENCTYPE.aes256;
}

function keyBytes(enctype: AesEnctype): number {
  return enctype === ENCTYPE.aes256 ? 32 : 16;
}

function bitAt(bytes: Uint8Array, bit: number): number {
  return (bytes[bit >>> 3]! >>> (7 - (bit & 7))) & 1;
}

/** Rotates a bit string right by `bits`. */
function rotateRight(bytes: Uint8Array, bits: number): Uint8Array {
  const total = bytes.length * 8;
  const out = new Uint8Array(bytes.length);
  for (let bit = 0; bit < total; bit += 1) {
    if (bitAt(bytes, (bit - (bits % total) + total) % total)) out[bit >>> 3]! |= 0x80 >>> (bit & 7);
  }
  return out;
}

/**
 * n-fold (RFC 3961 5.1): the input repeated to the least common multiple of both lengths, each copy rotated
 * right by 13 more bits, then cut into `bytes`-long chunks added with ones'-complement (end-around carry).
 */
export function nfold(input: Uint8Array, bytes: number): Uint8Array {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const lcm = (input.length * bytes) / gcd(input.length, bytes);
  const copies: Uint8Array[] = [];
  for (let copy = 0; copy * input.length < lcm; copy += 1) copies.push(rotateRight(input, 13 * copy));
  const stretched = concatBytes(copies);
  const sum = new Uint8Array(bytes);
  for (let offset = 0; offset < lcm; offset += bytes) {
    let carry = 0;
    for (let index = bytes - 1; index >= 0; index -= 1) {
      carry += sum[index]! + stretched[offset + index]!;
      sum[index] = carry & 0xff;
      carry >>>= 8;
    }
    for (let index = bytes - 1; carry !== 0; index = index === 0 ? bytes - 1 : index - 1) {
      carry += sum[index]!;
      sum[index] = carry & 0xff;
      carry >>>= 8;
    }
  }
  return sum;
}

function encryptBlock(key: Uint8Array, block: Uint8Array): Uint8Array {
  return ecb(key, { disablePadding: true }).encrypt(block);
}

/** DR and DK (RFC 3961 5.1) for AES, whose random-to-key is the identity. */
export function deriveKey(base: Uint8Array, constant: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  let block = nfold(constant, BLOCK);
  let produced = 0;
  while (produced < base.length) {
    block = encryptBlock(base, block);
    out.push(block);
    produced += BLOCK;
  }
  return concatBytes(out).slice(0, base.length);
}

function usageConstant(usage: number, suffix: number): Uint8Array {
  const bytes = new Uint8Array(5);
  new DataView(bytes.buffer).setUint32(0, usage, false);
  bytes[4] = suffix;
  return bytes;
}

/** string-to-key (RFC 3962 4): PBKDF2-HMAC-SHA1(password, salt, iterations) then DK(tkey, "kerberos"). */
export function stringToKey(enctype: AesEnctype, password: string, salt: string, iterations = DEFAULT_ITERATIONS): KerberosKey {
  const tkey = pbkdf2(sha1, new TextEncoder().encode(password), new TextEncoder().encode(salt), { c: iterations, dkLen: keyBytes(enctype) });
  return { enctype, value: deriveKey(tkey, new TextEncoder().encode('kerberos')) };
}

/** AES-CBC with ciphertext stealing (RFC 3962 5, CS3), zero IV. */
export function ctsEncrypt(key: Uint8Array, plaintext: Uint8Array): Uint8Array {
  if (plaintext.length < BLOCK) throw new RangeError('CTS needs at least one block');
  if (plaintext.length === BLOCK) return encryptBlock(key, plaintext);
  const padded = new Uint8Array(Math.ceil(plaintext.length / BLOCK) * BLOCK);
  padded.set(plaintext);
  const encrypted = cbc(key, new Uint8Array(BLOCK), { disablePadding: true }).encrypt(padded);
  const blocks = encrypted.length / BLOCK;
  const lastLength = plaintext.length - (blocks - 1) * BLOCK;
  const head = encrypted.subarray(0, (blocks - 2) * BLOCK);
  const secondLast = encrypted.subarray((blocks - 2) * BLOCK, (blocks - 1) * BLOCK);
  const last = encrypted.subarray((blocks - 1) * BLOCK);
  return concatBytes([head, last, secondLast.subarray(0, lastLength)]);
}

export function ctsDecrypt(key: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < BLOCK) throw new RangeError('CTS needs at least one block');
  if (ciphertext.length === BLOCK) return ecb(key, { disablePadding: true }).decrypt(ciphertext);
  const blocks = Math.ceil(ciphertext.length / BLOCK);
  const lastLength = ciphertext.length - (blocks - 1) * BLOCK;
  const head = ciphertext.subarray(0, (blocks - 2) * BLOCK);
  const swappedLast = ciphertext.subarray((blocks - 2) * BLOCK, (blocks - 1) * BLOCK);
  const partial = ciphertext.subarray((blocks - 1) * BLOCK);
  const decryptedLast = ecb(key, { disablePadding: true }).decrypt(swappedLast);
  const secondLast = concatBytes([partial, decryptedLast.subarray(lastLength)]);
  const lastPlain = new Uint8Array(lastLength);
  for (let index = 0; index < lastLength; index += 1) lastPlain[index] = decryptedLast[index]! ^ partial[index]!;
  const front = cbc(key, new Uint8Array(BLOCK), { disablePadding: true }).decrypt(concatBytes([head, secondLast]));
  return concatBytes([front, lastPlain]);
}

/** Thrown when a ciphertext's integrity tag does not verify. */
export class KerberosIntegrityError extends Error {}

/** encrypt (RFC 3961 5.3): E(Ke, confounder | plaintext) | HMAC-SHA1-96(Ki, confounder | plaintext). */
export function encrypt(key: KerberosKey, usage: number, plaintext: Uint8Array, confounder: Uint8Array = randomBytes(BLOCK)): Uint8Array {
  const ke = deriveKey(key.value, usageConstant(usage, 0xaa));
  const ki = deriveKey(key.value, usageConstant(usage, 0x55));
  const data = concatBytes([confounder, plaintext]);
  return concatBytes([ctsEncrypt(ke, data), hmac(sha1, ki, data).subarray(0, HMAC_BYTES)]);
}

export function decrypt(key: KerberosKey, usage: number, ciphertext: Uint8Array): Uint8Array {
  if (ciphertext.length < BLOCK + HMAC_BYTES) throw new KerberosIntegrityError('ciphertext too short');
  const ke = deriveKey(key.value, usageConstant(usage, 0xaa));
  const ki = deriveKey(key.value, usageConstant(usage, 0x55));
  const data = ctsDecrypt(ke, ciphertext.subarray(0, ciphertext.length - HMAC_BYTES));
  const expected = hmac(sha1, ki, data).subarray(0, HMAC_BYTES);
  if (!equalBytes(expected, ciphertext.subarray(ciphertext.length - HMAC_BYTES))) throw new KerberosIntegrityError('integrity check failed');
  return data.subarray(BLOCK);
}

/** get_mic (RFC 3961 5.4): HMAC-SHA1-96(Kc, data). */
export function checksum(key: KerberosKey, usage: number, data: Uint8Array): Uint8Array {
  const kc = deriveKey(key.value, usageConstant(usage, 0x99));
  return hmac(sha1, kc, data).subarray(0, HMAC_BYTES);
}

export function randomKey(enctype: AesEnctype): KerberosKey {
  return { enctype, value: randomBytes(keyBytes(enctype)) };
}

export const KERBEROS_CONFOUNDER_BYTES = BLOCK;
export const KERBEROS_HMAC_BYTES = HMAC_BYTES;
