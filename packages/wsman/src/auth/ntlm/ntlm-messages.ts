/**
 * @module auth/ntlm/ntlm-messages
 * The three NTLM messages (MS-NLMP 2.2.1): NEGOTIATE_MESSAGE and AUTHENTICATE_MESSAGE built, CHALLENGE_MESSAGE
 * read; the AV_PAIR list of 2.2.2.1 and the negotiate flags of 2.2.2.5.
 */
import { concatBytes, equalBytes, readUint16LE, readUint32LE } from '../../bytes.js';

export const NTLMSSP_SIGNATURE = new Uint8Array([0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00]);

export const MESSAGE_TYPE = { negotiate: 1, challenge: 2, authenticate: 3 } as const;

/** NegotiateFlags (2.2.2.5). */
export const NTLMSSP_FLAGS = {
  NEGOTIATE_UNICODE: 0x00000001,
  REQUEST_TARGET: 0x00000004,
  NEGOTIATE_SIGN: 0x00000010,
  NEGOTIATE_SEAL: 0x00000020,
  NEGOTIATE_NTLM: 0x00000200,
  NEGOTIATE_ALWAYS_SIGN: 0x00008000,
  NEGOTIATE_EXTENDED_SESSIONSECURITY: 0x00080000,
  NEGOTIATE_TARGET_INFO: 0x00800000,
  NEGOTIATE_VERSION: 0x02000000,
  NEGOTIATE_128: 0x20000000,
  NEGOTIATE_KEY_EXCH: 0x40000000,
  NEGOTIATE_56: 0x80000000,
} as const;

/** What this client asks for: NTLMv2 with extended session security, 128-bit keys, signing and sealing. */
export const CLIENT_FLAGS =
  (NTLMSSP_FLAGS.NEGOTIATE_UNICODE |
    NTLMSSP_FLAGS.REQUEST_TARGET |
    NTLMSSP_FLAGS.NEGOTIATE_SIGN |
    NTLMSSP_FLAGS.NEGOTIATE_SEAL |
    NTLMSSP_FLAGS.NEGOTIATE_NTLM |
    NTLMSSP_FLAGS.NEGOTIATE_ALWAYS_SIGN |
    NTLMSSP_FLAGS.NEGOTIATE_EXTENDED_SESSIONSECURITY |
    NTLMSSP_FLAGS.NEGOTIATE_TARGET_INFO |
    NTLMSSP_FLAGS.NEGOTIATE_VERSION |
    NTLMSSP_FLAGS.NEGOTIATE_128 |
    NTLMSSP_FLAGS.NEGOTIATE_KEY_EXCH |
    NTLMSSP_FLAGS.NEGOTIATE_56) >>>
  0;

/** AvId values (2.2.2.1). */
export const AV_ID = {
  MsvAvEOL: 0,
  MsvAvNbComputerName: 1,
  MsvAvNbDomainName: 2,
  MsvAvDnsComputerName: 3,
  MsvAvDnsDomainName: 4,
  MsvAvDnsTreeName: 5,
  MsvAvFlags: 6,
  MsvAvTimestamp: 7,
  MsvAvSingleHost: 8,
  MsvAvTargetName: 9,
  MsvAvChannelBindings: 10,
} as const;

/** MsvAvFlags bit: the AUTHENTICATE_MESSAGE carries a MIC. */
export const AV_FLAG_MIC_PRESENT = 0x00000002;

/** The VERSION structure (2.2.2.10): Windows 10.0 build 19041, NTLMSSP revision 15. */
export const CLIENT_VERSION = new Uint8Array([10, 0, 0x61, 0x4a, 0, 0, 0, 0x0f]);

const NEGOTIATE_MESSAGE_BYTES = 40;
const AUTHENTICATE_HEADER_BYTES = 88;
export const MIC_OFFSET = 72;
export const MIC_BYTES = 16;
const CHALLENGE_MIN_BYTES = 32;

export interface AvPair {
  id: number;
  value: Uint8Array;
}

export function encodeAvPairs(pairs: readonly AvPair[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const pair of [...pairs.filter((candidate) => candidate.id !== AV_ID.MsvAvEOL), { id: AV_ID.MsvAvEOL, value: new Uint8Array(0) }]) {
    const head = new Uint8Array(4);
    const view = new DataView(head.buffer);
    view.setUint16(0, pair.id, true);
    view.setUint16(2, pair.value.byteLength, true);
    parts.push(head, pair.value);
  }
  return concatBytes(parts);
}

export function decodeAvPairs(bytes: Uint8Array): AvPair[] {
  const pairs: AvPair[] = [];
  let offset = 0;
  while (offset + 4 <= bytes.byteLength) {
    const id = readUint16LE(bytes, offset);
    const length = readUint16LE(bytes, offset + 2);
    if (id === AV_ID.MsvAvEOL) break;
    if (offset + 4 + length > bytes.byteLength) throw new NtlmFormatError('an AV_PAIR runs past the target info');
    pairs.push({ id, value: bytes.slice(offset + 4, offset + 4 + length) });
    offset += 4 + length;
  }
  return pairs;
}

/** A message from the server that does not parse as NTLM. */
export class NtlmFormatError extends Error {}

/** NEGOTIATE_MESSAGE (2.2.1.1) with no domain or workstation supplied. */
export function encodeNegotiateMessage(flags = CLIENT_FLAGS): Uint8Array {
  const message = new Uint8Array(NEGOTIATE_MESSAGE_BYTES);
  message.set(NTLMSSP_SIGNATURE, 0);
  const view = new DataView(message.buffer);
  view.setUint32(8, MESSAGE_TYPE.negotiate, true);
  view.setUint32(12, flags, true);
  // DomainNameFields and WorkstationFields stay zero: their payload offset is the end of the message.
  view.setUint32(20, NEGOTIATE_MESSAGE_BYTES, true);
  view.setUint32(28, NEGOTIATE_MESSAGE_BYTES, true);
  message.set(CLIENT_VERSION, 32);
  return message;
}

export interface ChallengeMessage {
  flags: number;
  serverChallenge: Uint8Array;
  targetName: Uint8Array;
  targetInfo: Uint8Array;
}

function field(message: Uint8Array, offset: number): Uint8Array {
  const length = readUint16LE(message, offset);
  const start = readUint32LE(message, offset + 4);
  if (length === 0) return new Uint8Array(0);
  if (start + length > message.byteLength) throw new NtlmFormatError('a field runs past the message');
  return message.slice(start, start + length);
}

/** CHALLENGE_MESSAGE (2.2.1.2). */
export function decodeChallengeMessage(message: Uint8Array): ChallengeMessage {
  if (message.byteLength < CHALLENGE_MIN_BYTES || !equalBytes(message.subarray(0, 8), NTLMSSP_SIGNATURE)) {
    throw new NtlmFormatError('not an NTLMSSP message');
  }
  if (readUint32LE(message, 8) !== MESSAGE_TYPE.challenge) throw new NtlmFormatError('not a CHALLENGE_MESSAGE');
  const flags = readUint32LE(message, 20);
  const hasTargetInfo = message.byteLength >= 48 && (flags & NTLMSSP_FLAGS.NEGOTIATE_TARGET_INFO) !== 0;
  return {
    flags,
    serverChallenge: message.slice(24, 32),
    targetName: field(message, 12),
    targetInfo: hasTargetInfo ? field(message, 40) : new Uint8Array(0),
  };
}

export interface AuthenticateFields {
  flags: number;
  lmChallengeResponse: Uint8Array;
  ntChallengeResponse: Uint8Array;
  domain: Uint8Array;
  user: Uint8Array;
  workstation: Uint8Array;
  encryptedRandomSessionKey: Uint8Array;
}

/** AUTHENTICATE_MESSAGE (2.2.1.3) with Version and a zeroed MIC (the caller computes and sets it). */
export function encodeAuthenticateMessage(fields: AuthenticateFields): Uint8Array {
  const payloads = [
    fields.lmChallengeResponse,
    fields.ntChallengeResponse,
    fields.domain,
    fields.user,
    fields.workstation,
    fields.encryptedRandomSessionKey,
  ];
  const header = new Uint8Array(AUTHENTICATE_HEADER_BYTES);
  header.set(NTLMSSP_SIGNATURE, 0);
  const view = new DataView(header.buffer);
  view.setUint32(8, MESSAGE_TYPE.authenticate, true);
  let offset = AUTHENTICATE_HEADER_BYTES;
  // LmChallengeResponse, NtChallengeResponse, DomainName, UserName, Workstation, EncryptedRandomSessionKey.
  const fieldOffsets = [12, 20, 28, 36, 44, 52];
  payloads.forEach((payload, index) => {
    const at = fieldOffsets[index]!;
    view.setUint16(at, payload.byteLength, true);
    view.setUint16(at + 2, payload.byteLength, true);
    view.setUint32(at + 4, offset, true);
    offset += payload.byteLength;
  });
  view.setUint32(60, fields.flags, true);
  header.set(CLIENT_VERSION, 64);
  return concatBytes([header, ...payloads]);
}

/** FILETIME now: 100 ns intervals since 1601-01-01, little-endian. */
export function filetime(milliseconds: number): Uint8Array {
  const EPOCH_DIFFERENCE_MS = 11644473600000n;
  const value = (BigInt(Math.floor(milliseconds)) + EPOCH_DIFFERENCE_MS) * 10000n;
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
}

