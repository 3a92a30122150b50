import { describe, expect, it } from 'vitest';
import { InvalidGuidError } from './errors.js';
import { EMPTY_GUID, bytesToGuid, guidToBytes } from './guid.js';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');

describe('guid', () => {
  // The WinRM gem vector quoted in ms-psrp-examples.md 2.2.1.
  it('writes .NET Guid.ToByteArray() order', () => {
    expect(hex(guidToBytes('bc1bfbba-8215-4a04-b2df-7a3ac0310e16'))).toBe('ba fb 1b bc 15 82 04 4a b2 df 7a 3a c0 31 0e 16');
    expect(hex(guidToBytes('4218a578-0f18-4b19-82c3-46b433319126'))).toBe('78 a5 18 42 18 0f 19 4b 82 c3 46 b4 33 31 91 26');
  });

  it('reads back lowercase text, at an offset', () => {
    const bytes = new Uint8Array(20);
    bytes.set(guidToBytes('BC1BFBBA-8215-4A04-B2DF-7A3AC0310E16'), 4);
    expect(bytesToGuid(bytes, 4)).toBe('bc1bfbba-8215-4a04-b2df-7a3ac0310e16');
    expect(bytesToGuid(new Uint8Array(16))).toBe(EMPTY_GUID);
  });

  it.each(['', 'bc1bfbba82154a04b2df7a3ac0310e16', '{bc1bfbba-8215-4a04-b2df-7a3ac0310e16}', 'gc1bfbba-8215-4a04-b2df-7a3ac0310e16'])(
    'rejects %j',
    (text) => {
      expect(() => guidToBytes(text)).toThrow(InvalidGuidError);
    },
  );

  it('gives the same answers when GUIDs recur, however many and in whatever case (recent ones are remembered)', () => {
    const random = (): string => crypto.randomUUID();
    const guids = Array.from({ length: 9 }, random);
    for (let round = 0; round < 200; round++) {
      const guid = guids[(round * 7) % guids.length]!;
      const given = round % 3 === 0 ? guid.toUpperCase() : guid;
      const bytes = guidToBytes(given);
      expect(bytesToGuid(bytes)).toBe(guid);
      // The bytes handed out are the caller's: changing them changes nothing remembered.
      bytes.fill(0);
      expect(bytesToGuid(guidToBytes(given))).toBe(guid);
      const framed = new Uint8Array(20);
      framed.set(guidToBytes(guid), 3);
      expect(bytesToGuid(framed, 3)).toBe(guid);
      framed.fill(0xff);
      expect(bytesToGuid(framed, 3)).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
    }
    expect(() => guidToBytes('bc1bfbba-8215-4a04-b2df-7a3ac0310e1g')).toThrow(InvalidGuidError);
  });

  it('rejects too few bytes and bad offsets', () => {
    expect(() => bytesToGuid(new Uint8Array(15))).toThrow(InvalidGuidError);
    expect(() => bytesToGuid(new Uint8Array(16), 1)).toThrow(InvalidGuidError);
    expect(() => bytesToGuid(new Uint8Array(16), -1)).toThrow(InvalidGuidError);
  });
});
