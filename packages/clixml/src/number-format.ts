/**
 * @module number-format
 * Floating-point text as .NET Core writes it (XmlConvert.ToString, the "R" format): the shortest digits that
 * round-trip, in fixed notation unless the exponent is below -4 or the decimal point would sit more than 17
 * places (a Single: 9) after the first digit, then `d.dddE+XX` with at least two exponent digits; INF, -INF,
 * NaN and -0 spelled as .NET spells them. Checked against PowerShell 7.6 in test/pwsh-corpus.test.ts.
 * (Windows PowerShell 5.1 switches to E notation from 15 digits on; the values read the same.)
 */

const FIXED_MIN_EXPONENT = -4;
/** Digits .NET's "R" lays out in fixed notation at most: G17 for a Double, G9 for a Single. */
const DOUBLE_PRECISION = 17;
const SINGLE_PRECISION = 9;
const MIN_EXPONENT_DIGITS = 2;
/** float32 needs at most 9 significant digits to round-trip. */
const MAX_SINGLE_DIGITS = 9;

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'INF';
  if (value === Number.NEGATIVE_INFINITY) return '-INF';
  if (Object.is(value, -0)) return '-0';
  return undefined;
}

/** Lays out significant `digits` with decimal `exponent` (value = d.ddd x 10^exponent) the .NET way. */
function layout(negative: boolean, digits: string, exponent: number, precision: number): string {
  const sign = negative ? '-' : '';
  if (exponent < FIXED_MIN_EXPONENT || exponent + 1 > precision) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${mantissa}E${exponentSign}${String(Math.abs(exponent)).padStart(MIN_EXPONENT_DIGITS, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return sign + digits + '0'.repeat(exponent + 1 - digits.length);
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Splits the output of toExponential/toPrecision-in-exponent-form into digits and exponent. */
function decompose(exponential: string): [string, number] {
  const [mantissa = '0', exponent = '0'] = exponential.split('e');
  return [mantissa.replace('-', '').replace('.', ''), Number(exponent)];
}

/** Between these, JS's own shortest text is fixed notation exactly as .NET's "R" writes it. */
const PLAIN_MIN = 1e-4;
const PLAIN_MAX = 1e16;

export function formatDouble(value: number): string {
  const named = special(value);
  if (named !== undefined) return named;
  const magnitude = Math.abs(value);
  if (magnitude >= PLAIN_MIN && magnitude < PLAIN_MAX) return String(value);
  // toExponential() without an argument gives the shortest digits that round-trip, as .NET Core does.
  const [digits, exponent] = decompose(value.toExponential());
  return layout(value < 0, digits, exponent, DOUBLE_PRECISION);
}

export function formatSingle(value: number): string {
  const named = special(value);
  if (named !== undefined) return named;
  const single = Math.fround(value);
  for (let precision = 1; precision <= MAX_SINGLE_DIGITS; precision++) {
    const candidate = single.toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === single) {
      const [digits, exponent] = decompose(candidate);
      return layout(single < 0, digits.replace(/0+$/, '') || '0', exponent, SINGLE_PRECISION);
    }
  }
  return formatDouble(single);
}
