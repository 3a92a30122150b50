import { describe, expect, it } from 'vitest';
import { derOid, derSequence, readDer, readDerChildren, readOid } from '../der.js';
import { NEG_STATE, NTLMSSP_OID, SPNEGO_OID, decodeNegTokenResp, encodeNegTokenInit, encodeNegTokenResp } from './spnego-context.js';

describe('SPNEGO tokens (RFC 4178 4.2)', () => {
  it('frames NegTokenInit with the SPNEGO OID and offers the mechanism', () => {
    const token = encodeNegTokenInit(derSequence(derOid(NTLMSSP_OID)), new Uint8Array([1, 2, 3]));
    const outer = readDer(token, 0);
    expect(outer.tag).toBe(0x60);
    expect(readOid(token, readDer(token, outer.start))).toBe(SPNEGO_OID);
  });

  it('reads back a NegTokenResp with its token and MIC', () => {
    const token = encodeNegTokenResp(new Uint8Array([9, 9]), new Uint8Array([7]));
    expect(decodeNegTokenResp(token)).toEqual({ negState: null, supportedMech: null, responseToken: new Uint8Array([9, 9]), mechListMic: new Uint8Array([7]) });
    // accept-completed with supportedMech, as a server sends it.
    const server = new Uint8Array([0xa1, 0x15, 0x30, 0x13, 0xa0, 0x03, 0x0a, 0x01, 0x00, 0xa1, 0x0c, ...derOid(NTLMSSP_OID)]);
    expect(decodeNegTokenResp(server)).toMatchObject({ negState: NEG_STATE.acceptCompleted, supportedMech: NTLMSSP_OID });
    expect(readDerChildren(server, readDer(server, 0))).toHaveLength(1);
  });
});
