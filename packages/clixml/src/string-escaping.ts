/**
 * @module string-escaping
 * PowerShell's string escaping (MS-PSRP 2.2.5.3.2): the serializer writes `_xHHHH_` (uppercase hex) for
 * every UTF-16 code unit <= 0x1F, 0x7F-0x9F and 0xD800-0xDFFF (even valid surrogate pairs), and for `_`
 * when `x` or `X` follows it. The decoder follows XmlConvert.DecodeName: `_x` or `_X`, then 4 or 8 hex
 * digits of either case, then `_`.
 */

const UNDERSCORE = 0x5f;
const LOWER_X = 0x78;
const UPPER_X = 0x58;
const LAST_C0_CONTROL = 0x1f;
const FIRST_C1_RANGE = 0x7f;
const LAST_C1_RANGE = 0x9f;
const FIRST_SURROGATE = 0xd800;
const LAST_SURROGATE = 0xdfff;
const SHORT_ESCAPE_DIGITS = 4;
const LONG_ESCAPE_DIGITS = 8;
const HEX_RADIX = 16;
const MAX_CODE_POINT = 0x10ffff;

function needsEscape(input: string, index: number): boolean {
  const code = input.charCodeAt(index);
  if (code <= LAST_C0_CONTROL) return true;
  if (code === UNDERSCORE) {
    const next = input.charCodeAt(index + 1);
    return next === LOWER_X || next === UPPER_X;
  }
  return (code >= FIRST_C1_RANGE && code <= LAST_C1_RANGE) || (code >= FIRST_SURROGATE && code <= LAST_SURROGATE);
}

function escapeCodeUnit(code: number): string {
  return `_x${code.toString(HEX_RADIX).toUpperCase().padStart(SHORT_ESCAPE_DIGITS, '0')}_`;
}

/** Escapes a string as PowerShell does for `<S>`, `<ToString>`, `<T>` and `N` attributes (before XML escaping). */
export function encodePsString(input: string): string {
  let index = 0;
  const length = input.length;
  while (index < length && !needsEscape(input, index)) index++;
  if (index === length) return input;
  let out = input.slice(0, index);
  for (; index < length; index++) {
    out += needsEscape(input, index) ? escapeCodeUnit(input.charCodeAt(index)) : input[index];
  }
  return out;
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

function hexRunLength(input: string, from: number, max: number): number {
  let count = 0;
  while (count < max && isHexDigit(input.charCodeAt(from + count))) count++;
  return count;
}

/** Reverses encodePsString; also accepts lowercase hex and 8-digit `_xHHHHHHHH_` escapes. */
export function decodePsString(input: string): string {
  let underscore = input.indexOf('_');
  if (underscore < 0) return input;
  let out = '';
  let copied = 0;
  while (underscore >= 0) {
    const marker = input.charCodeAt(underscore + 1);
    if (marker === LOWER_X || marker === UPPER_X) {
      const digitsStart = underscore + 2;
      const digits = hexRunLength(input, digitsStart, LONG_ESCAPE_DIGITS);
      let escapeLength = 0;
      let codePoint = -1;
      if (digits >= SHORT_ESCAPE_DIGITS && input.charCodeAt(digitsStart + SHORT_ESCAPE_DIGITS) === UNDERSCORE) {
        escapeLength = SHORT_ESCAPE_DIGITS;
      } else if (digits === LONG_ESCAPE_DIGITS && input.charCodeAt(digitsStart + LONG_ESCAPE_DIGITS) === UNDERSCORE) {
        escapeLength = LONG_ESCAPE_DIGITS;
      }
      if (escapeLength > 0) {
        codePoint = Number.parseInt(input.slice(digitsStart, digitsStart + escapeLength), HEX_RADIX);
      }
      // An 8-digit escape beyond Unicode is not an escape; it stays literal text.
      if (escapeLength > 0 && codePoint <= MAX_CODE_POINT) {
        out += input.slice(copied, underscore);
        out += escapeLength === SHORT_ESCAPE_DIGITS ? String.fromCharCode(codePoint) : String.fromCodePoint(codePoint);
        copied = digitsStart + escapeLength + 1;
        underscore = input.indexOf('_', copied);
        continue;
      }
    }
    underscore = input.indexOf('_', underscore + 1);
  }
  return copied === 0 ? input : out + input.slice(copied);
}
