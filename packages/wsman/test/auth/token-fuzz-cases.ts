/**
 * The inputs of the authentication token fuzzer, shared by the seeded slice npm test runs (token-fuzz.test.ts) and
 * scripts/fuzz.mjs (issue 12): what a server or KDC sends back (an NTLM CHALLENGE_MESSAGE and its AV pairs, a SPNEGO
 * NegTokenResp, Kerberos AS-REP/TGS-REP, KRB-ERROR, ETYPE-INFO2, AP-REP and the decrypted parts) and a credential
 * cache file. Inputs are random DER trees shaped like those messages (application tag, SEQUENCE of [n] fields holding
 * INTEGERs, strings, times and nested sequences), random NTLM messages with fields pointing anywhere, their mutations,
 * and random bytes. Every decoder must return or throw its own format error, which the contexts turn into
 * WSManAuthError: never a TypeError or RangeError, never a hang.
 */
import { DerError } from '../../src/auth/der.js';
import { CredentialCacheFormatError, parseCredentialCache } from '../../src/auth/kerberos/credential-cache.js';
import { GssTokenError } from '../../src/auth/kerberos/gss-tokens.js';
import {
  decodeApRep,
  decodeEncApRepPart,
  decodeEncKdcRepPart,
  decodeEtypeInfo2,
  decodeKdcReply,
  decodeKrbError,
} from '../../src/auth/kerberos/kerberos-messages.js';
import { NtlmFormatError, decodeAvPairs, decodeChallengeMessage } from '../../src/auth/ntlm/ntlm-messages.js';
import { decodeNegTokenResp } from '../../src/auth/spnego/spnego-context.js';
import { WSManError } from '../../src/errors.js';
import type { SeededRandom } from '../../../../test-support/seeded-random.js';

const FORMAT_ERRORS = [DerError, NtlmFormatError, GssTokenError, CredentialCacheFormatError, WSManError];

const DECODERS: [name: string, decode: (bytes: Uint8Array) => unknown][] = [
  ['NTLM CHALLENGE_MESSAGE', decodeChallengeMessage],
  ['NTLM AV pairs', decodeAvPairs],
  ['SPNEGO NegTokenResp', decodeNegTokenResp],
  ['Kerberos AS-REP', (bytes) => decodeKdcReply(bytes, 11)],
  ['Kerberos TGS-REP', (bytes) => decodeKdcReply(bytes, 13)],
  ['Kerberos EncKDCRepPart', decodeEncKdcRepPart],
  ['Kerberos KRB-ERROR', decodeKrbError],
  ['Kerberos ETYPE-INFO2', decodeEtypeInfo2],
  ['Kerberos AP-REP', decodeApRep],
  ['Kerberos EncAPRepPart', decodeEncApRepPart],
  ['credential cache', parseCredentialCache],
];
export const TOKEN_DECODERS = DECODERS.map(([name]) => name);

function tlv(tag: number, content: Uint8Array, random: SeededRandom): Uint8Array {
  const length = content.length;
  // Sometimes the long form where the short one would do, or a length that lies.
  let header: number[];
  if (length < 0x80 && random.below(8) !== 0) header = [tag, length];
  else if (length < 0x100) header = [tag, 0x81, length];
  else header = [tag, 0x82, length >> 8, length & 0xff];
  if (random.below(40) === 0) header[header.length - 1] = random.below(256);
  const bytes = new Uint8Array(header.length + length);
  bytes.set(header);
  bytes.set(content, header.length);
  return bytes;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** A value as Kerberos messages hold them: INTEGER, GeneralString, OCTET STRING, time, or a SEQUENCE of fields. */
function derValue(random: SeededRandom, depth: number): Uint8Array {
  switch (depth <= 0 ? random.below(4) : random.below(6)) {
    case 0:
      return tlv(0x02, random.bytes(random.below(8)), random);
    case 1:
      return tlv(0x1b, new TextEncoder().encode(random.pick(['EXAMPLE.TEST', 'HTTP', 'host', 'é', ''])), random);
    case 2:
      return tlv(0x04, random.bytes(random.below(40)), random);
    case 3:
      return tlv(0x18, new TextEncoder().encode(random.pick(['20300101000000Z', '2030010100000Z', 'nope'])), random);
    case 4:
      return derFields(random, depth - 1);
    default:
      return tlv(0x30, concat(Array.from({ length: random.below(3) }, () => derFields(random, depth - 1))), random);
  }
}

/** SEQUENCE { [n] value, ... } with field numbers 0..12, some repeated or missing. */
function derFields(random: SeededRandom, depth: number): Uint8Array {
  const fields = Array.from({ length: random.below(8) }, () => {
    const number = random.below(13);
    return tlv(0xa0 | number, random.below(10) === 0 ? new Uint8Array(0) : derValue(random, depth), random);
  });
  return tlv(0x30, concat(fields), random);
}

type FieldKind = 'int' | 'string' | 'octets' | 'time' | 'principal' | 'encrypted' | 'key' | 'ticket';
/** The fields each Kerberos message must have, by [n], so that shaped inputs get past the first check. */
const SHAPES: Record<string, [tag: number, fields: Record<number, FieldKind>]> = {
  'Kerberos AS-REP': [0x6b, { 0: 'int', 1: 'int', 3: 'string', 4: 'principal', 5: 'ticket', 6: 'encrypted' }],
  'Kerberos TGS-REP': [0x6d, { 0: 'int', 1: 'int', 3: 'string', 4: 'principal', 5: 'ticket', 6: 'encrypted' }],
  'Kerberos EncKDCRepPart': [0x79, { 0: 'key', 2: 'int', 7: 'time', 9: 'string', 10: 'principal' }],
  'Kerberos KRB-ERROR': [0x7e, { 6: 'int', 9: 'string', 10: 'principal', 11: 'string', 12: 'octets' }],
  'Kerberos AP-REP': [0x6f, { 0: 'int', 1: 'int', 2: 'encrypted' }],
  'Kerberos EncAPRepPart': [0x7b, { 0: 'time', 2: 'key', 3: 'int' }],
};

function shapedValue(random: SeededRandom, kind: FieldKind): Uint8Array {
  if (random.below(8) === 0) return derValue(random, 1);
  const sequence = (fields: Record<number, FieldKind>) => shapedSequence(random, fields);
  switch (kind) {
    case 'int':
      return tlv(0x02, random.bytes(1 + random.below(random.below(6) === 0 ? 9 : 4)), random);
    case 'string':
      return tlv(0x1b, new TextEncoder().encode(random.pick(['EXAMPLE.TEST', 'HTTP', 'é\u0000', ''])), random);
    case 'octets':
      return tlv(0x04, random.bytes(random.below(40)), random);
    case 'time':
      return tlv(0x18, new TextEncoder().encode(random.pick(['20300101000000Z', '20301399250000Z', '2030010100000Z'])), random);
    case 'principal':
      return tlv(0x30, concat([tlv(0xa0, shapedValue(random, 'int'), random), tlv(0xa1, tlv(0x30, concat(Array.from({ length: random.below(3) }, () => shapedValue(random, 'string'))), random), random)]), random);
    case 'encrypted':
      return sequence({ 0: 'int', 1: 'int', 2: 'octets' });
    case 'key':
      return sequence({ 0: 'int', 1: 'octets' });
    default:
      return tlv(0x61, sequence({ 0: 'int', 1: 'string', 2: 'principal', 3: 'encrypted' }), random);
  }
}

function shapedSequence(random: SeededRandom, fields: Record<number, FieldKind>): Uint8Array {
  const parts = Object.entries(fields)
    .filter(() => random.below(12) !== 0)
    .map(([number, kind]) => tlv(0xa0 | Number(number), shapedValue(random, kind), random));
  return tlv(0x30, concat(parts), random);
}

function derMessage(random: SeededRandom, decoder: string): Uint8Array {
  const shape = SHAPES[decoder];
  if (shape !== undefined && random.below(4) !== 0) return tlv(shape[0], shapedSequence(random, shape[1]), random);
  const tag = random.pick([0x6b, 0x6d, 0x7e, 0x6f, 0x79, 0x7a, 0x7b, 0xa1, 0x30, 0x60 | random.below(32)]);
  return tlv(tag, random.below(10) === 0 ? new Uint8Array(0) : derFields(random, 3), random);
}

function ntlmChallenge(random: SeededRandom): Uint8Array {
  const payload = random.bytes(random.below(120));
  const bytes = new Uint8Array(48 + payload.length);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('NTLMSSP\0'));
  view.setUint32(8, random.below(10) === 0 ? random.below(4) : 2, true);
  const field = (offset: number) => {
    view.setUint16(offset, random.below(200), true);
    view.setUint16(offset + 2, random.below(200), true);
    view.setUint32(offset + 4, random.pick([48, 56, random.below(300), 0xffffffff]), true);
  };
  field(12);
  view.setUint32(20, random.below(2) ? 0x00800000 : random.below(2 ** 32), true);
  bytes.set(random.bytes(8), 24);
  field(40);
  bytes.set(payload, 48);
  return random.below(6) === 0 ? bytes.subarray(0, random.below(bytes.length)) : bytes;
}

function avPairs(random: SeededRandom): Uint8Array {
  const parts = Array.from({ length: random.below(5) }, () => {
    const value = random.bytes(random.below(20));
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint16(0, random.below(11), true);
    new DataView(header.buffer).setUint16(2, random.below(8) === 0 ? random.below(0x10000) : value.length, true);
    return concat([header, value]);
  });
  return concat(parts);
}

function credentialCache(random: SeededRandom): Uint8Array {
  const bytes = random.bytes(random.below(200));
  if (bytes.length >= 2 && random.below(2) === 0) bytes.set([0x05, 0x04]);
  return bytes;
}

function mutate(random: SeededRandom, input: Uint8Array): Uint8Array {
  let bytes = input;
  for (let count = 1 + random.below(3); count > 0; count--) {
    const at = random.below(bytes.length + 1);
    switch (random.below(4)) {
      case 0:
        if (bytes.length > 0) (bytes = bytes.slice())[Math.min(at, bytes.length - 1)] = random.below(256);
        break;
      case 1:
        bytes = bytes.subarray(0, at);
        break;
      case 2:
        bytes = concat([bytes.subarray(0, at), random.bytes(random.below(6)), bytes.subarray(at)]);
        break;
      default:
        bytes = concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + random.below(6)))]);
    }
  }
  return bytes;
}

/** Runs input `index` through one decoder (each in turn); returns whether it was accepted; throws on a crash. */
export function tokenCase(random: SeededRandom, index: number): { decoder: string; accepted: boolean } {
  const [name, decode] = DECODERS[index % DECODERS.length]!;
  let input: Uint8Array;
  if (random.below(8) === 0) input = random.bytes(random.below(64));
  else if (name.startsWith('NTLM CHALLENGE')) input = ntlmChallenge(random);
  else if (name === 'NTLM AV pairs') input = avPairs(random);
  else if (name === 'credential cache') input = credentialCache(random);
  else input = derMessage(random, name);
  if (random.below(3) === 0) input = mutate(random, input);
  try {
    decode(input);
    return { decoder: name, accepted: true };
  } catch (error) {
    if (FORMAT_ERRORS.some((type) => error instanceof type)) return { decoder: name, accepted: false };
    const hex = Array.from(input, (byte) => byte.toString(16).padStart(2, '0')).join('');
    throw new Error(`token fuzz: ${name} threw ${(error as Error)?.name}: ${(error as Error)?.message}; input ${hex}`, { cause: error });
  }
}
