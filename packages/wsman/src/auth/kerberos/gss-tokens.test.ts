import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../bytes.js';
import { GSS_KEY_USAGE, GssTokenError, TOKEN_FLAG, TOKEN_HEADER_BYTES, micToken, unwrapToken, verifyMicToken, wrapInIov } from './gss-tokens.js';
import { ENCTYPE, decrypt, encrypt, randomKey } from './kerberos-crypto.js';

const key = randomKey(ENCTYPE.aes256);

/** What an acceptor's gss_wrap_iov sends: flags SentByAcceptor|Sealed, RRC 28, the header copy encrypted. */
function acceptorToken(plaintext: Uint8Array, sequence: bigint): Uint8Array {
  const header = (rrc: number): Uint8Array => {
    const bytes = new Uint8Array(16);
    bytes.set([0x05, 0x04, TOKEN_FLAG.sentByAcceptor | TOKEN_FLAG.sealed, 0xff]);
    new DataView(bytes.buffer).setUint16(6, rrc, false);
    new DataView(bytes.buffer).setBigUint64(8, sequence, false);
    return bytes;
  };
  const encrypted = encrypt(key, GSS_KEY_USAGE.acceptorSeal, concatBytes([plaintext, header(0)]));
  const rotated = concatBytes([encrypted.subarray(encrypted.length - 28), encrypted.subarray(0, encrypted.length - 28)]);
  return concatBytes([header(28), rotated]);
}

describe('RFC 4121 Wrap tokens in the WinRM IOV layout', () => {
  it('puts header, rotation and confounder in a 60-byte IOV header and keeps the data as long as the plaintext', () => {
    const plaintext = new TextEncoder().encode('<s:Envelope>hello</s:Envelope>');
    const { header, data } = wrapInIov(key, TOKEN_FLAG.sealed, 42n, plaintext);
    expect(header.length).toBe(60);
    expect(data.length).toBe(plaintext.length);
    expect([...header.subarray(0, 8)]).toEqual([0x05, 0x04, TOKEN_FLAG.sealed, 0xff, 0, 0, 0, 28]);
    expect(new DataView(header.buffer, header.byteOffset).getBigUint64(8, false)).toBe(42n);
    // Rotating back and decrypting gives the plaintext and the header copy with RRC 0.
    const body = concatBytes([header, data]).subarray(TOKEN_HEADER_BYTES);
    const unrotated = concatBytes([body.subarray(28), body.subarray(0, 28)]);
    const decrypted = decrypt(key, GSS_KEY_USAGE.initiatorSeal, unrotated);
    expect(new TextDecoder().decode(decrypted.subarray(0, plaintext.length))).toBe('<s:Envelope>hello</s:Envelope>');
    expect([...decrypted.subarray(plaintext.length, plaintext.length + 8)]).toEqual([0x05, 0x04, TOKEN_FLAG.sealed, 0xff, 0, 0, 0, 0]);
  });

  it("unseals an acceptor's token, checking its sequence number and integrity", () => {
    const plaintext = new TextEncoder().encode('answer');
    expect(new TextDecoder().decode(unwrapToken(key, acceptorToken(plaintext, 7n), 7n))).toBe('answer');
    expect(() => unwrapToken(key, acceptorToken(plaintext, 8n), 7n)).toThrow(/sequence number 8/);
    const tampered = acceptorToken(plaintext, 7n);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => unwrapToken(key, tampered, 7n)).toThrow(GssTokenError);
  });

  it('MIC tokens verify with the acceptor usage only', () => {
    const message = new TextEncoder().encode('mechTypes');
    const fromAcceptor = micToken(key, TOKEN_FLAG.sentByAcceptor, 0n, message, GSS_KEY_USAGE.acceptorSign);
    expect(() => verifyMicToken(key, fromAcceptor, message)).not.toThrow();
    expect(() => verifyMicToken(key, micToken(key, 0, 0n, message, GSS_KEY_USAGE.initiatorSign), message)).toThrow(GssTokenError);
  });
});
