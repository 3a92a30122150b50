/**
 * @module auth/ntlm/ntlm-session
 * NTLM session security with extended session security (MS-NLMP 3.4): SEAL and MAC per direction, one RC4
 * state and one sequence number each (connection-oriented mode). A signature is 16 bytes: version 1,
 * the first 8 bytes of HMAC_MD5(SigningKey, SeqNum || Message) encrypted with the same RC4 state when
 * keys were exchanged, and SeqNum (3.4.4.2).
 */
import { concatBytes, equalBytes, readUint32LE, uint32LE } from '../../bytes.js';
import { hmacMd5, type SessionKeys } from './ntlm-crypto.js';
import { Rc4 } from './rc4.js';

export const NTLM_SIGNATURE_BYTES = 16;
const SIGNATURE_VERSION = 1;
const CHECKSUM_BYTES = 8;

/** A signature that does not verify: the message was altered, or the sequence numbers drifted. */
export class NtlmIntegrityError extends Error {}

class Direction {
  readonly #signingKey: Uint8Array;
  readonly #sealingKey: Uint8Array;
  #cipher: Rc4;
  readonly #keyExchange: boolean;
  #sequence = 0;

  constructor(signingKey: Uint8Array, sealingKey: Uint8Array, keyExchange: boolean) {
    this.#signingKey = signingKey;
    this.#sealingKey = sealingKey;
    this.#cipher = new Rc4(sealingKey);
    this.#keyExchange = keyExchange;
  }

  /** Back to a fresh RC4 state (MS-SPNG 3.3.5.1); the sequence number goes on. */
  resetCipher(): void {
    this.#cipher = new Rc4(this.#sealingKey);
  }

  crypt(data: Uint8Array): Uint8Array {
    return this.#cipher.update(data);
  }

  /** MAC (3.4.4.2) over `plaintext` with the current sequence number, then advances it. */
  signature(plaintext: Uint8Array): Uint8Array {
    const sequence = uint32LE(this.#sequence);
    let checksum = hmacMd5(this.#signingKey, sequence, plaintext).subarray(0, CHECKSUM_BYTES);
    if (this.#keyExchange) checksum = this.#cipher.update(checksum);
    this.#sequence += 1;
    return concatBytes([uint32LE(SIGNATURE_VERSION), checksum, sequence]);
  }
}

export class NtlmSession {
  readonly #outbound: Direction;
  readonly #inbound: Direction;

  constructor(keys: SessionKeys, keyExchange: boolean) {
    this.#outbound = new Direction(keys.clientSigningKey, keys.clientSealingKey, keyExchange);
    this.#inbound = new Direction(keys.serverSigningKey, keys.serverSealingKey, keyExchange);
  }

  /**
   * Restores both RC4 states to their start, as SPNEGO does once the mechListMICs are exchanged
   * (MS-SPNG 3.3.5.1: the MIC and the first signed message use the same key state). The sequence
   * numbers go on: the first sealed message after the MICs has sequence number 1.
   */
  resetCiphers(): void {
    this.#outbound.resetCipher();
    this.#inbound.resetCipher();
  }

  /** SEAL (3.4.3): the encrypted message and its signature. */
  seal(plaintext: Uint8Array): { signature: Uint8Array; sealed: Uint8Array } {
    const sealed = this.#outbound.crypt(plaintext);
    return { signature: this.#outbound.signature(plaintext), sealed };
  }

  /** Decrypts a message from the server and checks its signature. */
  unseal(signature: Uint8Array, sealed: Uint8Array): Uint8Array {
    const plaintext = this.#inbound.crypt(sealed);
    this.#verify(signature, plaintext);
    return plaintext;
  }

  /** GSS_GetMIC: a signature of `message` without sealing it (SPNEGO's mechListMIC). */
  sign(message: Uint8Array): Uint8Array {
    return this.#outbound.signature(message);
  }

  /** GSS_VerifyMIC of a signature from the server. */
  verify(signature: Uint8Array, message: Uint8Array): void {
    this.#verify(signature, message);
  }

  #verify(signature: Uint8Array, plaintext: Uint8Array): void {
    if (signature.byteLength !== NTLM_SIGNATURE_BYTES || readUint32LE(signature, 0) !== SIGNATURE_VERSION) {
      throw new NtlmIntegrityError('the NTLM signature is malformed');
    }
    const expected = this.#inbound.signature(plaintext);
    if (!equalBytes(expected, signature)) throw new NtlmIntegrityError('the NTLM signature does not match the message');
  }
}
