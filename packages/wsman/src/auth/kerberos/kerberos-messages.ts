/**
 * @module auth/kerberos/kerberos-messages
 * The Kerberos V5 messages a client sends and reads (RFC 4120 5): AS-REQ/AS-REP and TGS-REQ/TGS-REP (5.4),
 * AP-REQ/AP-REP (5.5), KRB-ERROR (5.9.1), with their parts: PrincipalName, EncryptedData, EncryptionKey,
 * Checksum, PA-DATA, ETYPE-INFO2, the Authenticator and the encrypted reply parts. DER throughout.
 */
import {
  DerError,
  derApplication,
  derExplicit,
  derFlags,
  derGeneralString,
  derGeneralizedTime,
  derInteger,
  derOctetString,
  derSequence,
  readBytes,
  readDer,
  readDerChildren,
  readFields,
  readInteger,
  readText,
  type DerNode,
} from '../der.js';
import type { KerberosKey } from './kerberos-crypto.js';

export const PVNO = 5;
export const MESSAGE_TYPE = { asReq: 10, asRep: 11, tgsReq: 12, tgsRep: 13, apReq: 14, apRep: 15, error: 30 } as const;
export const NAME_TYPE = { principal: 1, serviceInstance: 2, serviceHost: 3 } as const;
export const PA_TYPE = { tgsReq: 1, encTimestamp: 2, etypeInfo2: 19 } as const;
/** Key usage numbers (RFC 4120 7.5.1). */
export const KEY_USAGE = {
  paEncTimestamp: 1,
  asRepEncPart: 3,
  tgsReqAuthChecksum: 6,
  tgsReqAuthenticator: 7,
  tgsRepEncPartSessionKey: 8,
  apReqAuthenticator: 11,
  apRepEncPart: 12,
} as const;
/** KDC options and AP options (bit 0 the most significant). */
export const KDC_OPTION = { forwardable: 0x40000000, canonicalize: 0x00010000 } as const;
export const AP_OPTION_MUTUAL_REQUIRED = 0x20000000;
/** Error codes (RFC 4120 7.5.9) this client explains. */
export const KRB_ERROR = {
  clientUnknown: 6,
  serverUnknown: 7,
  clientRevoked: 18,
  passwordExpired: 23,
  preauthFailed: 24,
  preauthRequired: 25,
  badIntegrity: 31,
  ticketExpired: 32,
  clockSkew: 37,
  modified: 41,
} as const;

export interface PrincipalName {
  type: number;
  components: string[];
}

export interface EncryptedData {
  etype: number;
  kvno?: number;
  cipher: Uint8Array;
}

export interface PaData {
  type: number;
  value: Uint8Array;
}

export function principalToString(name: PrincipalName, realm: string): string {
  return `${name.components.join('/')}@${realm}`;
}

export function encodePrincipalName(name: PrincipalName): Uint8Array {
  return derSequence(derExplicit(0, derInteger(name.type)), derExplicit(1, derSequence(...name.components.map(derGeneralString))));
}

export function decodePrincipalName(bytes: Uint8Array, node: DerNode): PrincipalName {
  const fields = readFields(bytes, node);
  return {
    type: readInteger(bytes, required(fields, 0)),
    components: readDerChildren(bytes, required(fields, 1)).map((component) => readText(bytes, component)),
  };
}

export function encodeEncryptedData(data: EncryptedData): Uint8Array {
  const fields = [derExplicit(0, derInteger(data.etype))];
  if (data.kvno !== undefined) fields.push(derExplicit(1, derInteger(data.kvno)));
  fields.push(derExplicit(2, derOctetString(data.cipher)));
  return derSequence(...fields);
}

function decodeEncryptedData(bytes: Uint8Array, node: DerNode): EncryptedData {
  const fields = readFields(bytes, node);
  return { etype: readInteger(bytes, required(fields, 0)), cipher: readBytes(bytes, required(fields, 2)) };
}

export function encodeEncryptionKey(key: KerberosKey): Uint8Array {
  return derSequence(derExplicit(0, derInteger(key.enctype)), derExplicit(1, derOctetString(key.value)));
}

function decodeEncryptionKey(bytes: Uint8Array, node: DerNode): { enctype: number; value: Uint8Array } {
  const fields = readFields(bytes, node);
  return { enctype: readInteger(bytes, required(fields, 0)), value: readBytes(bytes, required(fields, 1)) };
}

function required(fields: Map<number, DerNode>, tag: number): DerNode {
  const node = fields.get(tag);
  if (node === undefined) throw new DerError(`field [${tag}] missing`);
  return node;
}

function readTime(bytes: Uint8Array, node: DerNode): Date {
  const text = readText(bytes, node);
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (match === null) throw new DerError(`bad KerberosTime ${text}`);
  return new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!));
}

/** Splits a Date into KerberosTime (whole seconds) and microseconds. */
export function kerberosNow(now: number): { time: Date; usec: number } {
  return { time: new Date(Math.floor(now / 1000) * 1000), usec: (now % 1000) * 1000 };
}

/** The farthest `till` Windows and MIT clients ask for. */
const TILL_FOREVER = new Date(Date.UTC(2037, 8, 13, 2, 48, 5));

export interface KdcRequest {
  messageType: typeof MESSAGE_TYPE.asReq | typeof MESSAGE_TYPE.tgsReq;
  padata: PaData[];
  /** The DER KDC-REQ-BODY (the TGS checksum covers exactly these bytes). */
  body: Uint8Array;
}

export function encodeKdcReqBody(options: {
  cname?: PrincipalName;
  realm: string;
  sname: PrincipalName;
  nonce: number;
  etypes: readonly number[];
}): Uint8Array {
  const fields = [derExplicit(0, derFlags(KDC_OPTION.forwardable | KDC_OPTION.canonicalize))];
  if (options.cname !== undefined) fields.push(derExplicit(1, encodePrincipalName(options.cname)));
  fields.push(
    derExplicit(2, derGeneralString(options.realm)),
    derExplicit(3, encodePrincipalName(options.sname)),
    derExplicit(5, derGeneralizedTime(TILL_FOREVER)),
    derExplicit(7, derInteger(options.nonce)),
    derExplicit(8, derSequence(...options.etypes.map(derInteger))),
  );
  return derSequence(...fields);
}

export function encodeKdcRequest(request: KdcRequest): Uint8Array {
  const fields = [derExplicit(1, derInteger(PVNO)), derExplicit(2, derInteger(request.messageType))];
  if (request.padata.length > 0) {
    fields.push(
      derExplicit(3, derSequence(...request.padata.map((pa) => derSequence(derExplicit(1, derInteger(pa.type)), derExplicit(2, derOctetString(pa.value)))))),
    );
  }
  fields.push(derExplicit(4, request.body));
  return derApplication(request.messageType, derSequence(...fields));
}

/** PA-ENC-TS-ENC (5.2.7.2). */
export function encodePaEncTimestamp(time: Date, usec: number): Uint8Array {
  return derSequence(derExplicit(0, derGeneralizedTime(time)), derExplicit(1, derInteger(usec)));
}

export interface KdcReply {
  messageType: number;
  crealm: string;
  cname: PrincipalName;
  /** The Ticket, as DER, to be sent back unchanged. */
  ticket: Uint8Array;
  encPart: EncryptedData;
}

export interface KrbError {
  errorCode: number;
  realm: string;
  sname: PrincipalName | null;
  text: string | null;
  data: Uint8Array | null;
}

/** The application tag number of a Kerberos message. */
export function messageTag(bytes: Uint8Array): number {
  const tag = bytes[0] ?? 0;
  if ((tag & 0xe0) !== 0x60) throw new DerError('not a Kerberos message');
  return tag & 0x1f;
}

function applicationBody(bytes: Uint8Array, expected: number): DerNode {
  const outer = readDer(bytes, 0);
  if (outer.tag !== (0x60 | expected)) throw new DerError(`expected Kerberos message ${expected}, got tag ${outer.tag.toString(16)}`);
  const [sequence] = readDerChildren(bytes, outer);
  if (sequence === undefined) throw new DerError('empty message');
  return sequence;
}

export function decodeKdcReply(bytes: Uint8Array, expected: typeof MESSAGE_TYPE.asRep | typeof MESSAGE_TYPE.tgsRep): KdcReply {
  const fields = readFields(bytes, applicationBody(bytes, expected));
  const ticketNode = required(fields, 5);
  // The Ticket's whole TLV: find where its header starts within the [5] field.
  const ticketStart = findHeaderStart(bytes, ticketNode);
  return {
    messageType: readInteger(bytes, required(fields, 1)),
    crealm: readText(bytes, required(fields, 3)),
    cname: decodePrincipalName(bytes, required(fields, 4)),
    ticket: bytes.slice(ticketStart, ticketNode.end),
    encPart: decodeEncryptedData(bytes, required(fields, 6)),
  };
}

/** The offset of a node's tag byte (its content start minus its header length). */
function findHeaderStart(bytes: Uint8Array, node: DerNode): number {
  for (let headerLength = 2; headerLength <= 6; headerLength += 1) {
    const start = node.start - headerLength;
    if (start < 0) break;
    try {
      const candidate = readDer(bytes, start);
      if (candidate.start === node.start && candidate.end === node.end && candidate.tag === node.tag) return start;
    } catch {
      // not a header here
    }
  }
  throw new DerError('cannot locate the header of a node');
}

export interface EncKdcRepPart {
  key: { enctype: number; value: Uint8Array };
  nonce: number;
  endtime: Date;
  srealm: string;
  sname: PrincipalName;
}

/** EncASRepPart / EncTGSRepPart (MIT may send either tag for either reply). */
export function decodeEncKdcRepPart(bytes: Uint8Array): EncKdcRepPart {
  const outer = readDer(bytes, 0);
  if (outer.tag !== 0x79 && outer.tag !== 0x7a) throw new DerError('not an EncKDCRepPart');
  const [sequence] = readDerChildren(bytes, outer);
  // Found by the token fuzzer: an empty part threw a TypeError here instead of a DerError.
  if (sequence === undefined) throw new DerError('empty EncKDCRepPart');
  const fields = readFields(bytes, sequence);
  return {
    key: decodeEncryptionKey(bytes, required(fields, 0)),
    nonce: readInteger(bytes, required(fields, 2)),
    endtime: readTime(bytes, required(fields, 7)),
    srealm: readText(bytes, required(fields, 9)),
    sname: decodePrincipalName(bytes, required(fields, 10)),
  };
}

export function decodeKrbError(bytes: Uint8Array): KrbError {
  const fields = readFields(bytes, applicationBody(bytes, MESSAGE_TYPE.error));
  const sname = fields.get(10);
  const text = fields.get(11);
  const data = fields.get(12);
  return {
    errorCode: readInteger(bytes, required(fields, 6)),
    realm: readText(bytes, required(fields, 9)),
    sname: sname === undefined ? null : decodePrincipalName(bytes, sname),
    text: text === undefined ? null : readText(bytes, text),
    data: data === undefined ? null : readBytes(bytes, data),
  };
}

export interface EtypeInfo2Entry {
  etype: number;
  salt: string | null;
  iterations: number | null;
}

/** The ETYPE-INFO2 of a KDC_ERR_PREAUTH_REQUIRED's METHOD-DATA. */
export function decodeEtypeInfo2(methodData: Uint8Array): EtypeInfo2Entry[] {
  const list = readDer(methodData, 0);
  for (const pa of readDerChildren(methodData, list)) {
    const fields = readFields(methodData, pa);
    if (readInteger(methodData, required(fields, 1)) !== PA_TYPE.etypeInfo2) continue;
    const value = readBytes(methodData, required(fields, 2));
    return readDerChildren(value, readDer(value, 0)).map((entry) => {
      const entryFields = readFields(value, entry);
      const salt = entryFields.get(1);
      const params = entryFields.get(2);
      const paramBytes = params === undefined ? null : readBytes(value, params);
      return {
        etype: readInteger(value, required(entryFields, 0)),
        salt: salt === undefined ? null : readText(value, salt),
        iterations: paramBytes?.length === 4 ? new DataView(paramBytes.buffer, paramBytes.byteOffset).getUint32(0, false) : null,
      };
    });
  }
  return [];
}

export interface AuthenticatorFields {
  crealm: string;
  cname: PrincipalName;
  checksum?: { type: number; value: Uint8Array };
  time: Date;
  usec: number;
  subkey?: KerberosKey;
  sequenceNumber?: number;
}

/** Authenticator (5.5.1), [APPLICATION 2]. */
export function encodeAuthenticator(fields: AuthenticatorFields): Uint8Array {
  const items = [derExplicit(0, derInteger(PVNO)), derExplicit(1, derGeneralString(fields.crealm)), derExplicit(2, encodePrincipalName(fields.cname))];
  if (fields.checksum !== undefined) {
    items.push(derExplicit(3, derSequence(derExplicit(0, derInteger(fields.checksum.type)), derExplicit(1, derOctetString(fields.checksum.value)))));
  }
  items.push(derExplicit(4, derInteger(fields.usec)), derExplicit(5, derGeneralizedTime(fields.time)));
  if (fields.subkey !== undefined) items.push(derExplicit(6, encodeEncryptionKey(fields.subkey)));
  if (fields.sequenceNumber !== undefined) items.push(derExplicit(7, derInteger(fields.sequenceNumber)));
  return derApplication(2, derSequence(...items));
}

/** AP-REQ (5.5.1), [APPLICATION 14]. */
export function encodeApReq(options: number, ticket: Uint8Array, authenticator: EncryptedData): Uint8Array {
  return derApplication(
    MESSAGE_TYPE.apReq,
    derSequence(
      derExplicit(0, derInteger(PVNO)),
      derExplicit(1, derInteger(MESSAGE_TYPE.apReq)),
      derExplicit(2, derFlags(options)),
      derExplicit(3, ticket),
      derExplicit(4, encodeEncryptedData(authenticator)),
    ),
  );
}

export function decodeApRep(bytes: Uint8Array): EncryptedData {
  const fields = readFields(bytes, applicationBody(bytes, MESSAGE_TYPE.apRep));
  return decodeEncryptedData(bytes, required(fields, 2));
}

/** EncAPRepPart (5.5.2), [APPLICATION 27]. */
export function decodeEncApRepPart(bytes: Uint8Array): { subkey: { enctype: number; value: Uint8Array } | null; sequenceNumber: number | null } {
  const outer = readDer(bytes, 0);
  if (outer.tag !== 0x7b) throw new DerError('not an EncAPRepPart');
  const [sequence] = readDerChildren(bytes, outer);
  // Found by the token fuzzer: as in decodeEncKdcRepPart.
  if (sequence === undefined) throw new DerError('empty EncAPRepPart');
  const fields = readFields(bytes, sequence);
  const subkey = fields.get(2);
  const sequenceNumber = fields.get(3);
  return {
    subkey: subkey === undefined ? null : decodeEncryptionKey(bytes, subkey),
    sequenceNumber: sequenceNumber === undefined ? null : readInteger(bytes, sequenceNumber) >>> 0,
  };
}

