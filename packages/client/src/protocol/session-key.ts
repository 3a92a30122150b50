/**
 * The session-key exchange and SecureString encoding of MS-PSRP:
 * - 2.2.2.3 PUBLIC_KEY: the client's RSA-2048 public key as a CAPI PUBLICKEYBLOB ({@link encodePublicKeyBlob}).
 * - 2.2.2.4 ENCRYPTED_SESSION_KEY: the server's AES-256 key, RSAES-PKCS1-v1_5-encrypted to that public key, as
 *   a CAPI SIMPLEBLOB ({@link parseSimpleBlob}, {@link RsaKeyPair.decryptSessionKey}).
 * - 2.2.5.1.24 Secure String: `<SS>` text is base64 of AES-256-CBC (zero IV, PKCS#7) over the UTF-16LE code
 *   units ({@link SessionKey}); with a protocol 2.4 peer there is no key exchange and `<SS>` is base64 of the
 *   UTF-16LE code units ({@link encodeSecureStringPlain}, {@link decodeSecureStringPlain}).
 * - 3.1.5.4.x: the client generates the key pair and answers PUBLIC_KEY_REQUEST / decrypts the reply.
 *
 * Runtime-neutral: RSA keys come from `globalThis.crypto.subtle` (WebCrypto), RSA decryption is bigint
 * arithmetic here (WebCrypto has no RSAES-PKCS1-v1_5), AES is `@noble/ciphers` (synchronous, as CLIXML
 * (de)serialization is). Error messages never contain key material or plaintext.
 */
import type { cbc as CbcFactory } from '@noble/ciphers/aes.js';
import { decodeBase64, encodeBase64 } from '@psrp/fragment';
import { PsrpProtocolError } from '../errors.js';

/** RSA modulus size the protocol uses (2.2.2.3: bitlen 2048). */
const RSA_BITS = 2048;
/** Bytes of the modulus, of an RSA block and of the SIMPLEBLOB's encrypted key. */
const RSA_BYTES = RSA_BITS / 8;
/** AES-256 key bytes. */
const AES_KEY_BYTES = 32;
/** AES block bytes; also the IV length. */
const AES_BLOCK_BYTES = 16;

/** BLOBHEADER (bType PUBLICKEYBLOB 0x06, bVersion 2, reserved 0, aiKeyAlg CALG_RSA_KEYX 0xA400) + RSAPUBKEY magic "RSA1". */
const PUBLIC_KEY_BLOB_HEADER: readonly number[] = [0x06, 0x02, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00, 0x52, 0x53, 0x41, 0x31];
/** Header + bitlen (uint32 LE) + public exponent (uint32 LE) + modulus (little-endian). */
const PUBLIC_KEY_BLOB_BYTES = PUBLIC_KEY_BLOB_HEADER.length + 4 + 4 + RSA_BYTES;

/** BLOBHEADER (bType SIMPLEBLOB 0x01, bVersion 2, reserved 0, aiKeyAlg CALG_AES_256 0x6610) + ALG_ID CALG_RSA_KEYX 0xA400. */
const SIMPLE_BLOB_HEADER: readonly number[] = [0x01, 0x02, 0x00, 0x00, 0x10, 0x66, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00];
const SIMPLE_BLOB_BYTES = SIMPLE_BLOB_HEADER.length + RSA_BYTES;

/** The client's RSA key pair for one session-key exchange. */
export interface RsaKeyPair {
  /** The CAPI PUBLICKEYBLOB to send base64-encoded in PUBLIC_KEY (2.2.2.3); a fresh copy on every read. */
  readonly publicKeyBlob: Uint8Array;
  /**
   * The 32-byte AES-256 session key inside an ENCRYPTED_SESSION_KEY SIMPLEBLOB (2.2.2.4, base64-decoded).
   * @throws PsrpProtocolError when the blob is malformed, the block is out of range, or the padding is wrong.
   */
  decryptSessionKey(simpleBlob: Uint8Array): Uint8Array;
}

/** The RSA private key as bigints, from the JWK WebCrypto exports. */
interface RsaPrivateKey {
  readonly n: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dp: bigint;
  readonly dq: bigint;
  readonly qi: bigint;
}

/** The fields of an exported RSA private JWK this module reads (RFC 7518 6.3). */
interface RsaPrivateJwk {
  readonly n?: string;
  readonly e?: string;
  readonly p?: string;
  readonly q?: string;
  readonly dp?: string;
  readonly dq?: string;
  readonly qi?: string;
}

class WebCryptoRsaKeyPair implements RsaKeyPair {
  readonly #publicKeyBlob: Uint8Array;
  readonly #key: RsaPrivateKey;

  constructor(publicKeyBlob: Uint8Array, key: RsaPrivateKey) {
    this.#publicKeyBlob = publicKeyBlob;
    this.#key = key;
  }

  get publicKeyBlob(): Uint8Array {
    return new Uint8Array(this.#publicKeyBlob);
  }

  decryptSessionKey(simpleBlob: Uint8Array): Uint8Array {
    const block = parseSimpleBlob(simpleBlob);
    const c = bytesToBigInt(block);
    if (c >= this.#key.n) {
      throw new PsrpProtocolError('ENCRYPTED_SESSION_KEY: the RSA block is not smaller than the modulus');
    }
    const em = bigIntToBytes(rsaDecryptCrt(c, this.#key), RSA_BYTES);
    return unpadPkcs1v15Type2(em, AES_KEY_BYTES);
  }
}

/**
 * A fresh RSA-2048 key pair (public exponent 65537) from WebCrypto for the session-key exchange.
 * Generated as an extractable RSA-OAEP key only to export its JWK; decryption is RSAES-PKCS1-v1_5 done here.
 * @throws Error when the runtime has no WebCrypto (`globalThis.crypto.subtle`).
 */
let cbc: typeof CbcFactory | null = null;

/**
 * Loads AES once. Only sessions with a protocol 2.3 server need it, and importing it costs ~80 ms, so it is loaded
 * with the first key pair (and by anyone who builds a SessionKey without one, through this function).
 */
export async function loadSessionCipher(): Promise<void> {
  cbc ??= (await import('@noble/ciphers/aes.js')).cbc;
}

function aesCbc(key: Uint8Array): ReturnType<typeof CbcFactory> {
  if (cbc === null) throw new Error('SessionKey needs loadSessionCipher() first (generateRsaKeyPair does it)');
  return cbc(key, new Uint8Array(AES_BLOCK_BYTES));
}

export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  await loadSessionCipher();
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new Error('generateRsaKeyPair needs WebCrypto (globalThis.crypto.subtle), which this runtime lacks');
  }
  const pair = await subtle.generateKey(
    { name: 'RSA-OAEP', modulusLength: RSA_BITS, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['encrypt', 'decrypt'],
  );
  const jwk: RsaPrivateJwk = await subtle.exportKey('jwk', pair.privateKey);
  const key: RsaPrivateKey = {
    n: jwkBigInt(jwk.n, 'n'),
    p: jwkBigInt(jwk.p, 'p'),
    q: jwkBigInt(jwk.q, 'q'),
    dp: jwkBigInt(jwk.dp, 'dp'),
    dq: jwkBigInt(jwk.dq, 'dq'),
    qi: jwkBigInt(jwk.qi, 'qi'),
  };
  return new WebCryptoRsaKeyPair(encodePublicKeyBlob(key.n, jwkBigInt(jwk.e, 'e')), key);
}

/**
 * The CAPI PUBLICKEYBLOB of 2.2.2.3 (276 bytes): `06 02 00 00 00 A4 00 00 'RSA1'`, bitlen 2048 (uint32 LE),
 * public exponent (uint32 LE), modulus (256 bytes little-endian).
 * @throws RangeError when `n` is not a 2048-bit modulus or `e` does not fit a uint32.
 */
export function encodePublicKeyBlob(n: bigint, e: bigint): Uint8Array {
  if (n >> BigInt(RSA_BITS - 1) !== 1n) {
    throw new RangeError(`the RSA modulus must be exactly ${RSA_BITS} bits`);
  }
  if (e < 3n || e > 0xffff_ffffn) {
    throw new RangeError('the RSA public exponent must be a uint32 of at least 3');
  }
  const blob = new Uint8Array(PUBLIC_KEY_BLOB_BYTES);
  blob.set(PUBLIC_KEY_BLOB_HEADER, 0);
  const view = new DataView(blob.buffer);
  view.setUint32(PUBLIC_KEY_BLOB_HEADER.length, RSA_BITS, true);
  view.setUint32(PUBLIC_KEY_BLOB_HEADER.length + 4, Number(e), true);
  blob.set(bigIntToBytes(n, RSA_BYTES).reverse(), PUBLIC_KEY_BLOB_HEADER.length + 8);
  return blob;
}

/**
 * The RSA block of an ENCRYPTED_SESSION_KEY SIMPLEBLOB (2.2.2.4), big-endian (256 bytes, a new array).
 * @throws PsrpProtocolError when the blob is not 268 bytes or its header is not SIMPLEBLOB / CALG_AES_256 /
 * CALG_RSA_KEYX.
 */
export function parseSimpleBlob(bytes: Uint8Array): Uint8Array {
  if (bytes.length !== SIMPLE_BLOB_BYTES) {
    throw new PsrpProtocolError(
      `ENCRYPTED_SESSION_KEY: a SIMPLEBLOB for an RSA-${RSA_BITS} key is ${SIMPLE_BLOB_BYTES} bytes, got ${bytes.length}`,
    );
  }
  for (let i = 0; i < SIMPLE_BLOB_HEADER.length; i++) {
    if (bytes[i] !== SIMPLE_BLOB_HEADER[i]) {
      throw new PsrpProtocolError(
        `ENCRYPTED_SESSION_KEY: the blob header is ${hex(bytes.subarray(0, SIMPLE_BLOB_HEADER.length))}, ` +
          `expected ${hex(SIMPLE_BLOB_HEADER)} (SIMPLEBLOB, CALG_AES_256, CALG_RSA_KEYX)`,
      );
    }
  }
  // new Uint8Array copies; a Buffer's slice() would not, and reverse() would then reorder the caller's bytes.
  return new Uint8Array(bytes.subarray(SIMPLE_BLOB_HEADER.length)).reverse();
}

/**
 * The AES-256 session key of 2.2.2.4 and the `<SS>` encryption of 2.2.5.1.24: AES-256-CBC, IV of 16 zero bytes,
 * PKCS#7 padding, over the string's UTF-16LE code units (lone surrogates survive the round trip).
 */
export class SessionKey {
  readonly #key: Uint8Array;

  /** @throws PsrpProtocolError when `aesKey` is not 32 bytes. */
  constructor(aesKey: Uint8Array) {
    if (aesKey.length !== AES_KEY_BYTES) {
      throw new PsrpProtocolError(`the session key must be ${AES_KEY_BYTES} bytes (AES-256), got ${aesKey.length}`);
    }
    this.#key = new Uint8Array(aesKey); // a copy, also for a Buffer (whose slice() shares memory)
  }

  /** The base64 `<SS>` text of `plain`. */
  encrypt(plain: string): string {
    const bytes = utf16leBytes(plain);
    try {
      return encodeBase64(aesCbc(this.#key).encrypt(bytes));
    } finally {
      bytes.fill(0);
    }
  }

  /**
   * The string in base64 `<SS>` text.
   * @throws PsrpProtocolError when the text is not base64, the ciphertext is not a non-empty multiple of 16
   * bytes, the padding is wrong (a different key, or corrupt data), or the plaintext is an odd number of bytes.
   */
  decrypt(base64: string): string {
    const cipherText = decodeSecureStringBase64(base64);
    if (cipherText.length === 0 || cipherText.length % AES_BLOCK_BYTES !== 0) {
      throw new PsrpProtocolError(
        `SecureString: AES-CBC ciphertext must be a non-empty multiple of ${AES_BLOCK_BYTES} bytes, got ${cipherText.length}`,
      );
    }
    let plain: Uint8Array;
    try {
      plain = aesCbc(this.#key).decrypt(cipherText);
    } catch {
      throw new PsrpProtocolError('SecureString: the ciphertext does not decrypt with the session key (bad padding)');
    }
    try {
      return utf16leString(plain);
    } finally {
      plain.fill(0);
    }
  }
}

/** The base64 `<SS>` text of `plain` for a protocol 2.4 peer: the UTF-16LE code units, unencrypted. */
export function encodeSecureStringPlain(plain: string): string {
  const bytes = utf16leBytes(plain);
  try {
    return encodeBase64(bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * The string in a protocol 2.4 peer's base64 `<SS>` text.
 * @throws PsrpProtocolError when the text is not base64 or decodes to an odd number of bytes.
 */
export function decodeSecureStringPlain(base64: string): string {
  const bytes = decodeSecureStringBase64(base64);
  try {
    return utf16leString(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** m = c^d mod n by the Chinese remainder theorem (RFC 8017 5.1.2, second representation). */
function rsaDecryptCrt(c: bigint, key: RsaPrivateKey): bigint {
  const m1 = modPow(c % key.p, key.dp, key.p);
  const m2 = modPow(c % key.q, key.dq, key.q);
  const h = (key.qi * (((m1 - m2) % key.p) + key.p)) % key.p;
  return m2 + h * key.q;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if ((e & 1n) === 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/**
 * The message of an RSAES-PKCS1-v1_5 encoded block (RFC 8017 7.2.2 step 3) whose message must be exactly
 * `messageBytes` long: `00 02 PS 00 M` with PS all non-zero. The expected shape is fixed by the length, so
 * every byte is checked without early exit and every failure gives the same error.
 */
function unpadPkcs1v15Type2(em: Uint8Array, messageBytes: number): Uint8Array {
  const separator = em.length - messageBytes - 1;
  let bad = em[0]! | (em[1]! ^ 0x02) | em[separator]!;
  for (let i = 2; i < separator; i++) {
    // (x - 1) >> 8 is -1 (all bits set) exactly when x is 0.
    bad |= ((em[i]! - 1) >> 8) & 0xff;
  }
  const message = new Uint8Array(em.subarray(separator + 1));
  em.fill(0);
  if (bad !== 0) {
    message.fill(0);
    throw new PsrpProtocolError(
      `ENCRYPTED_SESSION_KEY: the RSA block is not PKCS#1 v1.5 padding around a ${messageBytes}-byte key`,
    );
  }
  return message;
}

function jwkBigInt(value: string | undefined, name: string): bigint {
  if (value === undefined) throw new Error(`WebCrypto exported an RSA JWK without "${name}"`);
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = decodeBase64(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return bytesToBigInt(bytes);
}

/** Big-endian bytes to a non-negative bigint. */
function bytesToBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt(`0x${hex(bytes)}`);
}

/** A non-negative bigint below 256^length as `length` big-endian bytes. */
function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return bytes;
}

function hex(bytes: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += bytes[i]!.toString(16).padStart(2, '0');
  return text;
}

function decodeSecureStringBase64(base64: string): Uint8Array {
  try {
    return decodeBase64(base64.replace(/\s+/g, ''));
  } catch (cause) {
    throw new PsrpProtocolError('SecureString: the <SS> text is not base64', { cause });
  }
}

/** The UTF-16LE code units of `text`, lone surrogates included. */
function utf16leBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes;
}

/** The string of UTF-16LE code units, lone surrogates included. */
function utf16leString(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) {
    throw new PsrpProtocolError(`SecureString: UTF-16LE text must be an even number of bytes, got ${bytes.length}`);
  }
  const units = new Array<number>(bytes.length / 2);
  for (let i = 0; i < units.length; i++) units[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < units.length; i += CHUNK) text += String.fromCharCode(...units.slice(i, i + CHUNK));
  return text;
}
