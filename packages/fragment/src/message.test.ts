import { describe, expect, it } from 'vitest';
import { MESSAGE_HEADER_BYTES } from './constants.js';
import { InvalidArgumentError, InvalidGuidError, MessageTooShortError } from './errors.js';
import { Destination } from './message.js';
import { engines } from '../test/engines.js';

const utf8 = new TextEncoder();
const PIPELINE_OUTPUT = 0x00041004;
const rpid = 'bc1bfbba-8215-4a04-b2df-7a3ac0310e16';
const pid = '4218a578-0f18-4b19-82c3-46b433319126';

// ms-psrp-examples.md 2.2.1: the WinRM gem's PIPELINE_OUTPUT vector, with the BOM before the XML.
const SPEC_HEADER = [
  0x02, 0x00, 0x00, 0x00, 0x04, 0x10, 0x04, 0x00,
  0xba, 0xfb, 0x1b, 0xbc, 0x15, 0x82, 0x04, 0x4a, 0xb2, 0xdf, 0x7a, 0x3a, 0xc0, 0x31, 0x0e, 0x16,
  0x78, 0xa5, 0x18, 0x42, 0x18, 0x0f, 0x19, 0x4b, 0x82, 0xc3, 0x46, 0xb4, 0x33, 0x31, 0x91, 0x26,
];
const BOM = [0xef, 0xbb, 0xbf];

describe.each(await engines())('message codec ($path path)', ({ encodeMessage, decodeMessage }) => {
  it('encodes the spec example header (adds no BOM)', () => {
    const data = utf8.encode('<S>hi</S>');
    const bytes = encodeMessage({ destination: Destination.Server, messageType: PIPELINE_OUTPUT, rpid, pid, data });
    expect(Array.from(bytes.subarray(0, MESSAGE_HEADER_BYTES))).toEqual(SPEC_HEADER);
    expect(bytes.subarray(MESSAGE_HEADER_BYTES)).toEqual(data);
  });

  it('decodes the spec example and strips the BOM', () => {
    const body = utf8.encode('<Obj RefId="0"/>');
    const bytes = Uint8Array.from([...SPEC_HEADER, ...BOM, ...body]);
    const message = decodeMessage(bytes);
    expect(message).toEqual({ destination: 2, messageType: PIPELINE_OUTPUT, rpid, pid, data: body });
    // A view, not a copy.
    expect(message.data.buffer).toBe(bytes.buffer);
  });

  it('keeps data without a BOM, and a partial BOM as data', () => {
    const partial = Uint8Array.from([...SPEC_HEADER, 0xef, 0xbb]);
    expect(Array.from(decodeMessage(partial).data)).toEqual([0xef, 0xbb]);
    expect(decodeMessage(Uint8Array.from(SPEC_HEADER)).data.length).toBe(0);
  });

  it('throws MessageTooShortError below 40 bytes', () => {
    for (const length of [0, 1, 39]) {
      expect(() => decodeMessage(new Uint8Array(length))).toThrow(MessageTooShortError);
    }
  });

  it('round-trips at an offset inside a larger buffer', () => {
    const data = utf8.encode('x'.repeat(100));
    const encoded = encodeMessage({ destination: 1, messageType: 0x00021005, rpid, pid, data });
    const outer = new Uint8Array(encoded.length + 7);
    outer.set(encoded, 7);
    expect(decodeMessage(outer.subarray(7))).toEqual({ destination: 1, messageType: 0x00021005, rpid, pid, data });
  });

  it('rejects header values that do not fit in a u32', () => {
    const data = new Uint8Array();
    expect(() => encodeMessage({ destination: -1, messageType: 1, rpid, pid, data })).toThrow(InvalidArgumentError);
    expect(() => encodeMessage({ destination: 1, messageType: 2 ** 32, rpid, pid, data })).toThrow(InvalidArgumentError);
    expect(() => encodeMessage({ destination: 1.5, messageType: 1, rpid, pid, data })).toThrow(InvalidArgumentError);
  });

  it.each(['', 'bc1bfbba-8215-4a04-b2df-7a3ac0310e1', 'bc1bfbba-8215-4a04-b2df-7a3ac0310e16 ', 'bc1bfbba+8215-4a04-b2df-7a3ac0310e16', 'bc1bfbba-8215-4a04-b2df-7a3ac0310e1g', 'bc1bfbba-8215-4a04-b2df-7a3ac0310e1\u00e9'])(
    'rejects the GUID %j with InvalidGuidError naming it',
    (bad) => {
      const data = new Uint8Array();
      expect(() => encodeMessage({ destination: 1, messageType: 1, rpid: bad, pid, data })).toThrow(new InvalidGuidError(bad));
      expect(() => encodeMessage({ destination: 1, messageType: 1, rpid, pid: bad, data })).toThrow(new InvalidGuidError(bad));
    },
  );

  it('accepts upper-case GUIDs and reads them back lowercase', () => {
    const message = decodeMessage(encodeMessage({ destination: 1, messageType: 7, rpid: rpid.toUpperCase(), pid, data: new Uint8Array([1]) }));
    expect(message.rpid).toBe(rpid);
  });
});
