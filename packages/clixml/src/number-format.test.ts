/**
 * Double and Single text as .NET's "R" writes it, written as bytes: the same text as JS's own shortest digits laid out
 * by the rule (fixed notation from 1E-4 up to 17 digits before the point, else `d.dddE+XX`), at any offset in a buffer.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatDouble, formatSingle, MAX_FLOAT_BYTES, writeDouble } from './number-format.js';

/**
 * The long property runs take about 1 s alone, many times that while turbo runs every suite side by side on 2 cores
 * (once over the shared 30 s in a clean-clone CI run): what they check is not their speed.
 */
const PROPERTY_TIMEOUT_MS = 120_000;

/**
 * The rule spelled out on JS's own text: fixed notation (exponent -4 to 16) is String()'s there, E notation is
 * toExponential()'s digits.
 */
function expectedDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'INF';
  if (value === -Infinity) return '-INF';
  if (Object.is(value, -0)) return '-0';
  const magnitude = Math.abs(value);
  if (magnitude === 0 || (magnitude >= 1e-4 && magnitude < 1e17)) return String(value);
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}E${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

describe('formatDouble', () => {
  test.each([
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [1e-4, '0.0001'],
    [9.99e-5, '9.99E-05'],
    [123456789.125, '123456789.125'],
    [1e15, '1000000000000000'],
    [9999999999999998, '9999999999999998'],
    [1e16, '10000000000000000'],
    [1.2345e16, '12345000000000000'],
    [1e17, '1E+17'],
    [2 ** 53 + 2, '9007199254740994'],
    [1.7976931348623157e308, '1.7976931348623157E+308'],
    [5e-324, '5E-324'],
    [-2.5e-7, '-2.5E-07'],
    [0, '0'],
    [-0, '-0'],
    [NaN, 'NaN'],
    [Infinity, 'INF'],
    [-Infinity, '-INF'],
  ])('%s is %s', (value, text) => {
    expect(formatDouble(value)).toBe(text);
  });

  test('any Double: shortest digits, laid out by the rule', () => {
    fc.assert(
      fc.property(fc.double(), (value) => {
        expect(formatDouble(value)).toBe(expectedDouble(value));
      }),
      { numRuns: 100_000, seed: 9 },
    );
  }, PROPERTY_TIMEOUT_MS);

  test('writeDouble writes the same bytes at any offset, within MAX_FLOAT_BYTES, and nothing past its end', () => {
    const bytes = new Uint8Array(MAX_FLOAT_BYTES + 8);
    fc.assert(
      fc.property(fc.double(), fc.integer({ min: 0, max: 8 }), (value, at) => {
        bytes.fill(0xff);
        const end = writeDouble(bytes, at, value);
        const text = formatDouble(value);
        expect(end - at).toBe(text.length);
        expect(end - at).toBeLessThanOrEqual(MAX_FLOAT_BYTES);
        expect(String.fromCharCode(...bytes.subarray(at, end))).toBe(text);
        expect(bytes.subarray(end).every((byte) => byte === 0xff)).toBe(true);
      }),
      { numRuns: 20_000, seed: 10 },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe('formatSingle', () => {
  test.each([
    [0.1, '0.1'],
    [1 / 3, '0.33333334'],
    [16777216, '16777216'],
    [1e9, '1E+09'],
    [3.4028234663852886e38, '3.4028235E+38'],
    [1.401298464324817e-45, '1E-45'],
    [1e-4, '0.0001'],
    [1e100, 'INF'],
    [-1e100, '-INF'],
    [-0, '-0'],
  ])('%s is %s', (value, text) => {
    expect(formatSingle(value)).toBe(text);
  });

  test('any Single: the fewest digits that read back as the same Single', () => {
    fc.assert(
      fc.property(fc.float({ noDefaultInfinity: true, noNaN: true }), (value) => {
        const text = formatSingle(value);
        expect(Math.fround(Number(text.replace('INF', 'Infinity')))).toBe(Math.fround(value));
        const digits = text.replace(/^-/, '').replace(/E.*$/, '').replace('.', '').replace(/^0+/, '');
        expect(digits.length).toBeLessThanOrEqual(9);
      }),
      { numRuns: 20_000, seed: 11 },
    );
  });
});
