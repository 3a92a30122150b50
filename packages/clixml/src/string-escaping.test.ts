import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodePsString, encodePsString } from './string-escaping.js';

describe('encodePsString (PowerShell InternalSerializer.EncodeString)', () => {
  test.each([
    ['Order\nDetails', 'Order_x000A_Details'],
    ['Order_Details', 'Order_Details'],
    ['Order_x0020_', 'Order_x005F_x0020_'],
    ['_X', '_x005F_X'],
    ['\r\n', '_x000D__x000A_'],
    ['\u{1F600}', '_xD83D__xDE00_'],
    ['\u0085', '_x0085_'],
    ['\u007f\u009f\u00a0', '_x007F__x009F_\u00a0'],
    ['\u0000\u001f ', '_x0000__x001F_ '],
    ['tab\there', 'tab_x0009_here'],
    ['trailing_', 'trailing_'],
    ['こんにちは', 'こんにちは'],
    ['', ''],
  ])('%j -> %s', (input, encoded) => {
    expect(encodePsString(input)).toBe(encoded);
    expect(decodePsString(encoded)).toBe(input);
  });

  test('returns the same string when nothing needs escaping', () => {
    const plain = 'no escapes here';
    expect(encodePsString(plain)).toBe(plain);
  });
});

describe('decodePsString (XmlConvert.DecodeName rules)', () => {
  test('the recorded multiple_commands string', () => {
    expect(decodePsString('こんにちは - actual_x005F_x000A_string_x000A_newline: _xD801__xDC37_')).toBe(
      'こんにちは - actual_x000A_string\nnewline: \u{10437}',
    );
  });

  test.each([
    ['lowercase hex', 'Order_x005f_x0020_', 'Order_x0020_'],
    ['uppercase X marker', '_X000A_', '\n'],
    ['8-digit escape', '_x0001F600_', '\u{1F600}'],
    ['8-digit escape beyond Unicode stays literal', '_x00110000_', '_x00110000_'],
    ['too few digits', '_x20_', '_x20_'],
    ['no closing underscore', '_x0041', '_x0041'],
    ['non-hex digit', '_x00G1_', '_x00G1_'],
    ['5 digits', '_x00041_', '_x00041_'],
    ['7 digits', '_x0001F60_', '_x0001F60_'],
    ['8 digits, one not hex', '_x0001F6G0_', '_x0001F6G0_'],
    ['cut off at the end of the text', 'a_x004', 'a_x004'],
    ['4 digits and more text', '_x0041_x', 'Ax'],
    ['underscore runs', '__x0041__', '_A_'],
    ['adjacent escapes', '_x0041__x0042_', 'AB'],
    ['lone surrogate kept as a code unit', '_xD800_', '\ud800'],
  ])('%s', (_name, input, output) => {
    expect(decodePsString(input)).toBe(output);
  });

  // About a second alone; 34 s on a 2-core runner while another package's test started 32 pwsh processes.
  test('encode then decode gives back any string', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => decodePsString(encodePsString(input)) === input),
      { seed: 1, numRuns: 2000 },
    );
  });

  test('encoded text holds no control characters or surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (input) => !/[\u0000-\u001f\u007f-\u009f\ud800-\udfff]/.test(encodePsString(input))),
      { seed: 2, numRuns: 2000 },
    );
  });
});
