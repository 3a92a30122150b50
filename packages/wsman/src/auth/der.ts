/**
 * @module auth/der
 * The ASN.1 DER that SPNEGO, Kerberos and certificates need: tag-length-value, definite lengths,
 * object identifiers. Reading checks every length against the buffer.
 */
import { concatBytes } from '../bytes.js';

export const DER_TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  enumerated: 0x0a,
  sequence: 0x30,
  application0: 0x60,
  context0: 0xa0,
  context1: 0xa1,
  context2: 0xa2,
  context3: 0xa3,
} as const;

/** A DER structure that does not parse. */
export class DerError extends Error {}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return new Uint8Array([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return new Uint8Array([0x80 | bytes.length, ...bytes]);
}

export function derTlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concatBytes(content);
  return concatBytes([new Uint8Array([tag]), encodeLength(body.byteLength), body]);
}

export function derOid(oid: string): Uint8Array {
  const arcs = oid.split('.').map(Number);
  const bytes: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const encoded: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) encoded.unshift(0x80 | (rest & 0x7f));
    bytes.push(...encoded);
  }
  return derTlv(DER_TAG.oid, new Uint8Array(bytes));
}

/** One TLV inside a buffer: its tag and where its content starts and ends. */
export interface DerNode {
  tag: number;
  start: number;
  end: number;
}

export function readDer(bytes: Uint8Array, offset: number, limit = bytes.byteLength): DerNode {
  if (offset + 2 > limit) throw new DerError('truncated');
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) throw new DerError('bad length');
    length = 0;
    for (let index = 0; index < count; index += 1) length = length * 256 + bytes[start + index]!;
    start += count;
  }
  if (start + length > limit) throw new DerError('runs past its container');
  return { tag, start, end: start + length };
}

export function readDerChildren(bytes: Uint8Array, parent: DerNode): DerNode[] {
  const children: DerNode[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readDer(bytes, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

export function readOid(bytes: Uint8Array, node: DerNode): string {
  if (node.tag !== DER_TAG.oid || node.end <= node.start) throw new DerError('not an OID');
  const first = bytes[node.start]!;
  const arcs = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (let index = node.start + 1; index < node.end; index += 1) {
    value = value * 128 + (bytes[index]! & 0x7f);
    if ((bytes[index]! & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  return arcs.join('.');
}

/** A non-negative INTEGER (Kerberos' Int32/UInt32/Microseconds), minimal two's complement. */
export function derInteger(value: number): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  do {
    bytes.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return derTlv(DER_TAG.integer, new Uint8Array(bytes));
}

export function derOctetString(bytes: Uint8Array): Uint8Array {
  return derTlv(DER_TAG.octetString, bytes);
}

export function derSequence(...items: Uint8Array[]): Uint8Array {
  return derTlv(DER_TAG.sequence, ...items);
}

/** KerberosString / Realm: GeneralString with ASCII content. */
export function derGeneralString(text: string): Uint8Array {
  return derTlv(0x1b, new TextEncoder().encode(text));
}

/** KerberosTime: GeneralizedTime YYYYMMDDHHMMSSZ, no fractions. */
export function derGeneralizedTime(date: Date): Uint8Array {
  return derTlv(0x18, new TextEncoder().encode(date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z')));
}

/** KerberosFlags: a 32-bit BIT STRING, bit 0 the most significant. */
export function derFlags(flags: number): Uint8Array {
  const bytes = new Uint8Array(5);
  new DataView(bytes.buffer).setUint32(1, flags >>> 0, false);
  return derTlv(DER_TAG.bitString, bytes);
}

/** [n] EXPLICIT. */
export function derExplicit(tagNumber: number, content: Uint8Array): Uint8Array {
  return derTlv(0xa0 | tagNumber, content);
}

/** [APPLICATION n] (constructed), n < 31. */
export function derApplication(tagNumber: number, content: Uint8Array): Uint8Array {
  return derTlv(0x60 | tagNumber, content);
}

export function readInteger(bytes: Uint8Array, node: DerNode): number {
  if (node.tag !== DER_TAG.integer || node.end <= node.start || node.end - node.start > 6) throw new DerError('not a small INTEGER');
  let value = 0;
  for (let index = node.start; index < node.end; index += 1) value = value * 256 + bytes[index]!;
  // Negative (two's complement): subtract 2^(8 * length).
  if (bytes[node.start]! & 0x80) value -= 2 ** (8 * (node.end - node.start));
  return value;
}

export function readText(bytes: Uint8Array, node: DerNode): string {
  return new TextDecoder().decode(bytes.subarray(node.start, node.end));
}

export function readBytes(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.slice(node.start, node.end);
}

/** The whole TLV of a node (its tag and length too). */
export function readEncoded(bytes: Uint8Array, node: DerNode, headerStart: number): Uint8Array {
  return bytes.slice(headerStart, node.end);
}

/** The fields of a SEQUENCE of [n] EXPLICIT fields, by n: each the node inside its tag. */
export function readFields(bytes: Uint8Array, sequence: DerNode): Map<number, DerNode> {
  if (sequence.tag !== DER_TAG.sequence) throw new DerError('not a SEQUENCE');
  const fields = new Map<number, DerNode>();
  for (const field of readDerChildren(bytes, sequence)) {
    if ((field.tag & 0xe0) !== 0xa0) continue;
    const [inner] = readDerChildren(bytes, field);
    if (inner !== undefined) fields.set(field.tag & 0x1f, inner);
  }
  return fields;
}

/** Reads a TLV and also returns where its header began (for re-encoding the exact bytes). */
export function readDerAt(bytes: Uint8Array, offset: number, limit?: number): DerNode & { headerStart: number } {
  return { ...readDer(bytes, offset, limit), headerStart: offset };
}
