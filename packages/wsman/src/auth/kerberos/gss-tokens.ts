/**
 * @module auth/kerberos/gss-tokens
 * The per-message tokens of the Kerberos GSS mechanism (RFC 4121 4.2): Wrap tokens (sealed) in the layout
 * WinRM uses for Kerberos message encryption (MS-WSMV 2.2.9.1.1, the gss_wrap_iov layout: the IOV header
 * is the 16-byte token header, the RRC bytes the token was rotated by, and the encrypted confounder; the
 * data is exactly as long as the plaintext), and MIC tokens (for SPNEGO's mechListMIC).
 *
 *   Wrap: TOK_ID 05 04 | Flags | Filler FF | EC (2) | RRC (2) | SND_SEQ (8) ||
 *         rotate_right(E(confounder | plaintext | filler(EC) | header with RRC 0) | HMAC, RRC)
 */
import { concatBytes, equalBytes } from '../../bytes.js';
import {
  KERBEROS_CONFOUNDER_BYTES,
  KERBEROS_HMAC_BYTES,
  KerberosIntegrityError,
  checksum,
  decrypt,
  encrypt,
  type KerberosKey,
} from './kerberos-crypto.js';

export const TOKEN_HEADER_BYTES = 16;
/** Key usages of RFC 4121 2. */
export const GSS_KEY_USAGE = { acceptorSeal: 22, acceptorSign: 23, initiatorSeal: 24, initiatorSign: 25 } as const;
export const TOKEN_FLAG = { sentByAcceptor: 0x01, sealed: 0x02, acceptorSubkey: 0x04 } as const;
const WRAP_TOKEN_ID = [0x05, 0x04];
const MIC_TOKEN_ID = [0x04, 0x04];

/** A token that does not parse or does not verify. */
export class GssTokenError extends Error {}

function header(tokenId: number[], flags: number, ec: number, rrc: number, sequence: bigint, micFiller = false): Uint8Array {
  const bytes = new Uint8Array(TOKEN_HEADER_BYTES);
  bytes[0] = tokenId[0]!;
  bytes[1] = tokenId[1]!;
  bytes[2] = flags;
  const view = new DataView(bytes.buffer);
  if (micFiller) {
    bytes.fill(0xff, 3, 8);
  } else {
    bytes[3] = 0xff;
    view.setUint16(4, ec, false);
    view.setUint16(6, rrc, false);
  }
  view.setBigUint64(8, sequence, false);
  return bytes;
}

function rotateRight(bytes: Uint8Array, count: number): Uint8Array {
  const shift = count % bytes.length;
  if (shift === 0) return bytes;
  return concatBytes([bytes.subarray(bytes.length - shift), bytes.subarray(0, bytes.length - shift)]);
}

function rotateLeft(bytes: Uint8Array, count: number): Uint8Array {
  const shift = count % bytes.length;
  if (shift === 0) return bytes;
  return concatBytes([bytes.subarray(shift), bytes.subarray(0, shift)]);
}

/** A sealed Wrap token of the initiator, split as WinRM sends it: the IOV header and the encrypted data. */
export function wrapInIov(key: KerberosKey, flags: number, sequence: bigint, plaintext: Uint8Array): { header: Uint8Array; data: Uint8Array } {
  const ec = 0; // AES-CTS needs no padding.
  const rrc = ec + TOKEN_HEADER_BYTES + KERBEROS_HMAC_BYTES;
  const encrypted = encrypt(key, GSS_KEY_USAGE.initiatorSeal, concatBytes([plaintext, header(WRAP_TOKEN_ID, flags, ec, 0, sequence)]));
  const token = concatBytes([header(WRAP_TOKEN_ID, flags, ec, rrc, sequence), rotateRight(encrypted, rrc)]);
  const headerLength = TOKEN_HEADER_BYTES + rrc + KERBEROS_CONFOUNDER_BYTES;
  return { header: token.subarray(0, headerLength), data: token.subarray(headerLength) };
}

/** Unseals an acceptor's Wrap token (IOV header and data, or one whole token) and checks its sequence number. */
export function unwrapToken(key: KerberosKey, token: Uint8Array, expectedSequence: bigint): Uint8Array {
  if (token.length < TOKEN_HEADER_BYTES || token[0] !== WRAP_TOKEN_ID[0] || token[1] !== WRAP_TOKEN_ID[1] || token[3] !== 0xff) {
    throw new GssTokenError('not a Kerberos Wrap token (RFC 4121); the server may use an RC4 or DES key');
  }
  const flags = token[2]!;
  if ((flags & TOKEN_FLAG.sentByAcceptor) === 0) throw new GssTokenError('the Wrap token was not sent by the acceptor');
  if ((flags & TOKEN_FLAG.sealed) === 0) throw new GssTokenError('the Wrap token is not sealed');
  const view = new DataView(token.buffer, token.byteOffset, token.byteLength);
  const ec = view.getUint16(4, false);
  const rrc = view.getUint16(6, false);
  const sequence = view.getBigUint64(8, false);
  let decrypted: Uint8Array;
  try {
    decrypted = decrypt(key, GSS_KEY_USAGE.acceptorSeal, rotateLeft(token.subarray(TOKEN_HEADER_BYTES), rrc));
  } catch (error) {
    if (error instanceof KerberosIntegrityError) throw new GssTokenError('the Wrap token does not verify');
    throw error;
  }
  if (decrypted.length < ec + TOKEN_HEADER_BYTES) throw new GssTokenError('the Wrap token is too short');
  const inner = decrypted.subarray(decrypted.length - TOKEN_HEADER_BYTES);
  const outer = token.slice(0, TOKEN_HEADER_BYTES);
  outer[6] = 0;
  outer[7] = 0;
  if (!equalBytes(inner, outer)) throw new GssTokenError('the Wrap token header was altered');
  if (sequence !== expectedSequence) throw new GssTokenError(`the Wrap token has sequence number ${sequence}, expected ${expectedSequence}`);
  return decrypted.subarray(0, decrypted.length - ec - TOKEN_HEADER_BYTES);
}

/** A MIC token over `message` (GSS_GetMIC). */
export function micToken(key: KerberosKey, flags: number, sequence: bigint, message: Uint8Array, usage: number): Uint8Array {
  const head = header(MIC_TOKEN_ID, flags, 0, 0, sequence, true);
  return concatBytes([head, checksum(key, usage, concatBytes([message, head]))]);
}

/** Verifies the acceptor's MIC token over `message`. */
export function verifyMicToken(key: KerberosKey, token: Uint8Array, message: Uint8Array): void {
  if (token.length !== TOKEN_HEADER_BYTES + KERBEROS_HMAC_BYTES || token[0] !== MIC_TOKEN_ID[0] || token[1] !== MIC_TOKEN_ID[1]) {
    throw new GssTokenError('not a Kerberos MIC token');
  }
  const head = token.subarray(0, TOKEN_HEADER_BYTES);
  const expected = checksum(key, GSS_KEY_USAGE.acceptorSign, concatBytes([message, head]));
  if (!equalBytes(expected, token.subarray(TOKEN_HEADER_BYTES))) throw new GssTokenError('the MIC token does not verify');
}
