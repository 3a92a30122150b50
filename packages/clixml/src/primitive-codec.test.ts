/**
 * `<BA>` byte arrays: base64 by @psrp/fragment's strict codec (its own tests cover the codec), with what CLIXML adds
 * on top: XML whitespace inside the text, and ClixmlValueError for anything that is not base64.
 */
import { InvalidBase64Error } from '@psrp/fragment';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { deserialize } from './deserialize.js';
import { ClixmlValueError } from './errors.js';
import { serialize } from './serialize.js';

describe('<BA> byte arrays', () => {
  test('match Buffer for any bytes, both ways', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        // PowerShell writes no bytes as `<BA />`.
        const text = bytes.length === 0 ? '<BA />' : `<BA>${Buffer.from(bytes).toString('base64')}</BA>`;
        expect(serialize(bytes)).toBe(text);
        expect(deserialize(text)).toEqual(bytes);
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  test('skip XML whitespace, as pretty-printed documents wrap the text', () => {
    expect(deserialize('<BA> AQ\nID\r\n\tBA== </BA>')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(deserialize('<BA>\n  AQIDBA==\n</BA>')).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(deserialize('<BA></BA>')).toEqual(new Uint8Array());
    expect(deserialize('<BA />')).toEqual(new Uint8Array());
  });

  // 'AQ' lacks its padding: .NET's Convert.FromBase64String refuses it too.
  test.each(['A', 'AQ', 'AQ=', 'AQ===', '=AQI', 'AQ=I', 'AQ-I', 'AQI\u00e9', 'AQIDBA===', 'AQ\u00a0ID'])(
    'reject %j with ClixmlValueError caused by InvalidBase64Error',
    (text) => {
      let thrown: unknown;
      try {
        deserialize(`<BA>${text}</BA>`);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ClixmlValueError);
      expect(thrown).toMatchObject({ code: 'CLIXML_ERR_VALUE', tag: 'BA', text });
      expect((thrown as ClixmlValueError).cause).toBeInstanceOf(InvalidBase64Error);
    },
  );
});
