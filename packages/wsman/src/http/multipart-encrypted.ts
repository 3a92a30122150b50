/**
 * @module http/multipart-encrypted
 * The bodies of WinRM message encryption (MS-WSMV 2.2.9.1): a sealed SOAP message travels as
 * `multipart/encrypted` with protocol `application/HTTP-SPNEGO-session-encrypted` (NTLM, Negotiate) or
 * `application/HTTP-Kerberos-session-encrypted` (Kerberos):
 *
 *     --Encrypted Boundary\r\n
 *     \tContent-Type: <protocol>\r\n
 *     \tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=<plaintext bytes>\r\n
 *     --Encrypted Boundary\r\n
 *     \tContent-Type: application/octet-stream\r\n
 *     <4-byte little-endian header length><header (NTLM: the 16-byte signature)><sealed SOAP>--Encrypted Boundary--\r\n
 */
import { concatBytes, readUint32LE, uint32LE } from '../bytes.js';
import { SOAP_CONTENT_TYPE } from './http-engine.js';

export const ENCRYPTED_BOUNDARY = 'Encrypted Boundary';
const HEADER_LENGTH_BYTES = 4;
const OCTET_STREAM_LINE = 'Content-Type: application/octet-stream\r\n';
const LENGTH_PATTERN = /OriginalContent:\s*type=[^\r\n]*?;\s*Length=(\d+)/i;

/** One sealed message: the mechanism's header (signature or token header) and the encrypted bytes. */
export interface SealedMessage {
  header: Uint8Array;
  data: Uint8Array;
}

/** The Content-Type header of a sealed request. */
export function encryptedContentType(protocol: string): string {
  return `multipart/encrypted;protocol="${protocol}";boundary="${ENCRYPTED_BOUNDARY}"`;
}

/** Whether a Content-Type names a multipart/encrypted body, and its protocol. */
export function encryptedProtocolOf(contentType: string | null): string | null {
  if (contentType === null || !/^\s*multipart\/encrypted\s*;/i.test(contentType)) return null;
  return /protocol="?([^";]+)"?/i.exec(contentType)?.[1] ?? null;
}

/** Builds the body of a sealed request. */
export function encodeEncryptedBody(protocol: string, sealed: SealedMessage, plaintextLength: number): Uint8Array {
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${ENCRYPTED_BOUNDARY}\r\n\tContent-Type: ${protocol}\r\n` +
      `\tOriginalContent: type=${SOAP_CONTENT_TYPE};Length=${plaintextLength}\r\n` +
      `--${ENCRYPTED_BOUNDARY}\r\n\t${OCTET_STREAM_LINE}`,
  );
  const tail = encoder.encode(`--${ENCRYPTED_BOUNDARY}--\r\n`);
  return concatBytes([head, uint32LE(sealed.header.byteLength), sealed.header, sealed.data, tail]);
}

/** Thrown (and mapped by the caller) when a sealed body does not have the expected shape. */
export class MalformedEncryptedBody extends Error {}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  outer: for (let index = haystack.indexOf(first!, from); index !== -1 && index + needle.length <= haystack.length; index = haystack.indexOf(first!, index + 1)) {
    for (let offset = 1; offset < needle.length; offset += 1) if (haystack[index + offset] !== needle[offset]) continue outer;
    return index;
  }
  return -1;
}

/** Reads a sealed body: the expected plaintext length and the sealed message. */
export function decodeEncryptedBody(body: Uint8Array): { plaintextLength: number; sealed: SealedMessage } {
  const encoder = new TextEncoder();
  const streamLine = encoder.encode(OCTET_STREAM_LINE);
  const streamAt = indexOfBytes(body, streamLine, 0);
  if (streamAt === -1) throw new MalformedEncryptedBody('no application/octet-stream part');
  const preamble = new TextDecoder('latin1').decode(body.subarray(0, streamAt));
  const length = LENGTH_PATTERN.exec(preamble);
  if (length === null) throw new MalformedEncryptedBody('no OriginalContent length');
  const plaintextLength = Number(length[1]);
  const start = streamAt + streamLine.length;
  if (start + HEADER_LENGTH_BYTES > body.length) throw new MalformedEncryptedBody('truncated');
  const headerLength = readUint32LE(body, start);
  const headerStart = start + HEADER_LENGTH_BYTES;
  const dataStart = headerStart + headerLength;
  const dataEnd = dataStart + plaintextLength;
  if (dataEnd > body.length) throw new MalformedEncryptedBody('shorter than its declared lengths');
  return {
    plaintextLength,
    sealed: { header: body.subarray(headerStart, dataStart), data: body.subarray(dataStart, dataEnd) },
  };
}
