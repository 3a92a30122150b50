import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeBase64Text, encodeBase64 } from './base64.js';

describe('base64', () => {
  test('matches Buffer for any bytes, both ways', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64');
        expect(encodeBase64(bytes)).toBe(text);
        expect(decodeBase64Text(text)).toEqual(bytes);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  test('skips whitespace, as pretty-printed documents wrap the text', () => {
    expect(decodeBase64Text(' AQ\nID\r\n BA== ')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(decodeBase64Text('')).toEqual(new Uint8Array());
  });

  test.each(['A', 'AQ=', 'AQ===', '=AQI', 'AQ=I', 'AQ-I', 'AQI\u00e9', 'AQIDBA=='.replace('=', '==')])('rejects %j', (text) => {
    expect(decodeBase64Text(text)).toBeUndefined();
  });
});
