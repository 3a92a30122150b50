/**
 * @module number-format
 * Floating-point text as .NET Core writes it (XmlConvert.ToString, the "R" format): the shortest digits that
 * round-trip, in fixed notation unless the exponent is below -4 or the decimal point would sit more than 17
 * places (a Single: 9) after the first digit, then `d.dddE+XX` with at least two exponent digits; INF, -INF,
 * NaN and -0 spelled as .NET spells them. Checked against PowerShell 7.6 in test/pwsh-corpus.test.ts.
 * (Windows PowerShell 5.1 switches to E notation from 15 digits on; the values read the same.)
 *
 * The text is written as bytes (the writer's output buffer takes a Double with no string of its own). The digits come
 * from toExponential(), whose shortest digits are String()'s and which costs less than String() (measured: String()
 * and copying its text took about a third more for Doubles of 17 digits; a shortest-digits search in JS with exact
 * two-double arithmetic took twice as long as toExponential()).
 */

const FIXED_MIN_EXPONENT = -4;
/** Digits .NET's "R" lays out in fixed notation at most: G17 for a Double, G9 for a Single. */
const DOUBLE_PRECISION = 17;
const SINGLE_PRECISION = 9;
/** float32 needs at most 9 significant digits to round-trip. */
const MAX_SINGLE_DIGITS = 9;
/** Bytes of the longest text written here: `-0.000ddddddddddddddddd` (fixed) or `-d.ddddddddddddddddE-308`. */
export const MAX_FLOAT_BYTES = 32;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const DIGIT_ZERO = 0x30;
const LETTER_E = 0x45;
const DECIMAL = 10;

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'INF';
  if (value === Number.NEGATIVE_INFINITY) return '-INF';
  if (Object.is(value, -0)) return '-0';
  return undefined;
}

function writeAscii(bytes: Uint8Array, at: number, text: string): number {
  for (let index = 0; index < text.length; index++) bytes[at++] = text.charCodeAt(index);
  return at;
}

/**
 * Lays out toExponential() text (`-d.ddde-x`) the .NET way into `bytes` at `at`, trailing zeros of its digits dropped;
 * returns the end. Digit `n` of the text is at `first` (n = 0) or `first + 1 + n` (after the point).
 */
function writeLayout(bytes: Uint8Array, at: number, exponential: string, precision: number): number {
  let end = at;
  let first = 0;
  if (exponential.charCodeAt(0) === MINUS) {
    bytes[end++] = MINUS;
    first = 1;
  }
  const exponentAt = exponential.indexOf('e', first);
  let digitCount = exponentAt === first + 1 ? 1 : exponentAt - first - 1;
  while (digitCount > 1 && exponential.charCodeAt(first + digitCount) === DIGIT_ZERO) digitCount--;
  let exponent = 0;
  for (let index = exponentAt + 2; index < exponential.length; index++) exponent = exponent * DECIMAL + exponential.charCodeAt(index) - DIGIT_ZERO;
  const negativeExponent = exponential.charCodeAt(exponentAt + 1) === MINUS;
  if (negativeExponent) exponent = -exponent;
  if (exponent < FIXED_MIN_EXPONENT || exponent + 1 > precision) {
    bytes[end++] = exponential.charCodeAt(first);
    if (digitCount > 1) {
      bytes[end++] = DOT;
      for (let digit = 1; digit < digitCount; digit++) bytes[end++] = exponential.charCodeAt(first + 1 + digit);
    }
    bytes[end++] = LETTER_E;
    bytes[end++] = negativeExponent ? MINUS : PLUS;
    const magnitude = negativeExponent ? -exponent : exponent;
    // At least two exponent digits; a Double's has three at most.
    if (magnitude >= DECIMAL * DECIMAL) bytes[end++] = DIGIT_ZERO + ((magnitude / (DECIMAL * DECIMAL)) | 0);
    bytes[end++] = DIGIT_ZERO + (((magnitude / DECIMAL) | 0) % DECIMAL);
    bytes[end++] = DIGIT_ZERO + (magnitude % DECIMAL);
    return end;
  }
  if (exponent < 0) {
    bytes[end++] = DIGIT_ZERO;
    bytes[end++] = DOT;
    for (let zero = exponent + 1; zero < 0; zero++) bytes[end++] = DIGIT_ZERO;
    bytes[end++] = exponential.charCodeAt(first);
    for (let digit = 1; digit < digitCount; digit++) bytes[end++] = exponential.charCodeAt(first + 1 + digit);
    return end;
  }
  bytes[end++] = exponential.charCodeAt(first);
  for (let digit = 1; digit <= exponent; digit++) bytes[end++] = digit < digitCount ? exponential.charCodeAt(first + 1 + digit) : DIGIT_ZERO;
  if (digitCount > exponent + 1) {
    bytes[end++] = DOT;
    for (let digit = exponent + 1; digit < digitCount; digit++) bytes[end++] = exponential.charCodeAt(first + 1 + digit);
  }
  return end;
}

/** Writes a Double's text into `bytes` at `at` (room for MAX_FLOAT_BYTES needed); returns the end. */
export function writeDouble(bytes: Uint8Array, at: number, value: number): number {
  const named = special(value);
  if (named !== undefined) return writeAscii(bytes, at, named);
  // toExponential() without an argument gives the shortest digits that round-trip, as .NET Core does.
  return writeLayout(bytes, at, value.toExponential(), DOUBLE_PRECISION);
}

/** Writes a Single's text (its own shortest digits) into `bytes` at `at` (room for MAX_FLOAT_BYTES needed); returns the end. */
export function writeSingle(bytes: Uint8Array, at: number, value: number): number {
  // A Double beyond a Single's range is its infinity.
  const single = Math.fround(value);
  const named = special(single);
  if (named !== undefined) return writeAscii(bytes, at, named);
  for (let precision = 1; precision <= MAX_SINGLE_DIGITS; precision++) {
    const candidate = single.toExponential(precision - 1);
    if (Math.fround(Number(candidate)) === single) return writeLayout(bytes, at, candidate, SINGLE_PRECISION);
  }
  return writeDouble(bytes, at, single);
}

const formatted = new Uint8Array(MAX_FLOAT_BYTES);

function formattedText(end: number): string {
  return String.fromCharCode.apply(null, formatted.subarray(0, end) as unknown as number[]);
}

export function formatDouble(value: number): string {
  return formattedText(writeDouble(formatted, 0, value));
}

export function formatSingle(value: number): string {
  return formattedText(writeSingle(formatted, 0, value));
}
