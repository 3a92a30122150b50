/**
 * @module number-format
 * Floating-point text as .NET writes it (XmlConvert.ToString: shortest round-trip digits, "R"): fixed
 * notation for decimal exponents -4..14 (.NET "G": above -5, below 15), otherwise `d.dddE+XX` with at least two exponent digits; INF,
 * -INF, NaN and -0 spelled as .NET spells them. Singles use the shortest digits that round-trip float32.
 */

const FIXED_MIN_EXPONENT = -4;
const FIXED_MAX_EXPONENT = 14;
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
function layout(negative: boolean, digits: string, exponent: number): string {
  const sign = negative ? '-' : '';
  if (exponent < FIXED_MIN_EXPONENT || exponent > FIXED_MAX_EXPONENT) {
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

export function formatDouble(value: number): string {
  const named = special(value);
  if (named !== undefined) return named;
  // toExponential() without an argument gives the shortest digits that round-trip, as .NET Core does.
  const [digits, exponent] = decompose(value.toExponential());
  return layout(value < 0, digits, exponent);
}

export function formatSingle(value: number): string {
  const named = special(value);
  if (named !== undefined) return named;
  const single = Math.fround(value);
  for (let precision = 1; precision <= MAX_SINGLE_DIGITS; precision++) {
    const candidate = single.toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === single) {
      const [digits, exponent] = decompose(candidate);
      return layout(single < 0, digits.replace(/0+$/, '') || '0', exponent);
    }
  }
  return formatDouble(single);
}
