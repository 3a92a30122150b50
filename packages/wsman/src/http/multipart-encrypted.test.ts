import { describe, expect, it } from 'vitest';
import { MalformedEncryptedBody, decodeEncryptedBody, encodeEncryptedBody, encryptedContentType, encryptedProtocolOf } from './multipart-encrypted.js';

const PROTOCOL = 'application/HTTP-SPNEGO-session-encrypted';

describe('multipart/encrypted', () => {
  it('lays a sealed message out as MS-WSMV 2.2.9.1 shows', () => {
    const header = new Uint8Array(16).fill(7);
    const data = new TextEncoder().encode('SEALED--Encrypted Boundary inside');
    const body = encodeEncryptedBody(PROTOCOL, { header, data }, data.length);
    const text = new TextDecoder('latin1').decode(body);
    expect(text.startsWith(`--Encrypted Boundary\r\n\tContent-Type: ${PROTOCOL}\r\n\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length=${data.length}\r\n--Encrypted Boundary\r\n\tContent-Type: application/octet-stream\r\n\x10\x00\x00\x00`)).toBe(true);
    expect(text.endsWith('--Encrypted Boundary--\r\n')).toBe(true);
    const decoded = decodeEncryptedBody(body);
    expect(decoded.plaintextLength).toBe(data.length);
    expect(decoded.sealed.header).toEqual(header);
    expect(decoded.sealed.data).toEqual(data);
  });

  it('reads the protocol from the Content-Type, and refuses truncated bodies', () => {
    expect(encryptedProtocolOf(encryptedContentType(PROTOCOL))).toBe(PROTOCOL);
    expect(encryptedProtocolOf('application/soap+xml;charset=UTF-8')).toBeNull();
    const body = encodeEncryptedBody(PROTOCOL, { header: new Uint8Array(16), data: new Uint8Array(100) }, 100);
    expect(() => decodeEncryptedBody(body.subarray(0, 200))).toThrow(MalformedEncryptedBody);
    expect(() => decodeEncryptedBody(new TextEncoder().encode('nothing'))).toThrow(MalformedEncryptedBody);
  });
});
