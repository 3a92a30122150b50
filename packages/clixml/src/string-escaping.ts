/**
 * @module string-escaping
 * PowerShell's string escaping (MS-PSRP 2.2.5.3.2): the serializer writes `_xHHHH_` (uppercase hex) for
 * every UTF-16 code unit <= 0x1F, 0x7F-0x9F and 0xD800-0xDFFF (even valid surrogate pairs), and for `_`
 * when `x` or `X` follows it. We also escape U+FFFE and U+FFFF, which XML does not allow in a document
 * (PowerShell's own serializer throws on them). The decoder follows XmlConvert.DecodeName: `_x` or `_X`,
 * then 4 or 8 hex digits of either case, then `_`.
 *
 * The encoders find what needs escaping with one regular expression and copy the runs between matches
 * whole, so a long string costs one scan, not a step per character.
 */
import { hexDigitValue, LONG_STRING_CHARACTERS, unescapeLongAscii } from './long-string-unescape.js';

const UNDERSCORE = 0x5f;
const LOWER_X = 0x78;
const UPPER_X = 0x58;
const SHORT_ESCAPE_DIGITS = 4;
const LONG_ESCAPE_DIGITS = 8;
const HEX_RADIX = 16;
const MAX_CODE_POINT = 0x10ffff;

/** What PowerShell escapes, plus U+FFFE/U+FFFF. */
const PS_ESCAPED = /[\x00-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]|_(?=[xX])/;
const PS_ESCAPED_ALL = new RegExp(PS_ESCAPED.source, 'g');
/** The same, plus what XML escapes in element text. */
const ELEMENT_TEXT_ESCAPED = new RegExp(`${PS_ESCAPED.source}|[&<>]`);
const ELEMENT_TEXT_ESCAPED_ALL = new RegExp(ELEMENT_TEXT_ESCAPED.source, 'g');
/** The same, plus what XML escapes in a double-quoted attribute value. */
const ATTRIBUTE_TEXT_ESCAPED = new RegExp(`${PS_ESCAPED.source}|[&<>"]`);
const ATTRIBUTE_TEXT_ESCAPED_ALL = new RegExp(ATTRIBUTE_TEXT_ESCAPED.source, 'g');

/** Flags of ASCII_ESCAPES: the character is changed by encodeElementText, by encodeAttributeText. */
export const ESCAPED_IN_ELEMENT = 1;
export const ESCAPED_IN_ATTRIBUTE = 2;
/**
 * For every ASCII character, which encoders change it (made from the expressions above, so that a scan without
 * them agrees). `_` is not marked: whether it is escaped depends on what follows (escapesUnderscoreAt).
 */
export const ASCII_ESCAPES: Uint8Array = Uint8Array.from({ length: 0x80 }, (_, code) => {
  const text = String.fromCharCode(code);
  return (ELEMENT_TEXT_ESCAPED.test(text) ? ESCAPED_IN_ELEMENT : 0) | (ATTRIBUTE_TEXT_ESCAPED.test(text) ? ESCAPED_IN_ATTRIBUTE : 0);
});

/** True when the `_` at `index` starts what would read as an escape (`_x`, `_X`), so it is escaped itself. */
export function escapesUnderscoreAt(input: string, index: number): boolean {
  const next = input.charCodeAt(index + 1);
  return next === LOWER_X || next === UPPER_X;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeCodeUnit(code: number): string {
  return `_x${code.toString(HEX_RADIX).toUpperCase().padStart(SHORT_ESCAPE_DIGITS, '0')}_`;
}

/** Escapes of the code units below 0xA0, made once. */
const SMALL_ESCAPES = Array.from({ length: 0xa0 }, (_, code) => escapeCodeUnit(code));

function replacement(match: string): string {
  const entity = XML_ENTITIES[match];
  if (entity !== undefined) return entity;
  const code = match.charCodeAt(0);
  return code < SMALL_ESCAPES.length ? (SMALL_ESCAPES[code] as string) : escapeCodeUnit(code);
}

/** Escapes a string as PowerShell does for `<S>`, `<ToString>`, `<T>` and `N` attributes (before XML escaping). */
export function encodePsString(input: string): string {
  return PS_ESCAPED.test(input) ? input.replace(PS_ESCAPED_ALL, replacement) : input;
}

/** encodePsString, then XML escaping for element text, in one pass. */
export function encodeElementText(input: string): string {
  return ELEMENT_TEXT_ESCAPED.test(input) ? input.replace(ELEMENT_TEXT_ESCAPED_ALL, replacement) : input;
}

/** encodePsString, then XML escaping for a double-quoted attribute value, in one pass. */
export function encodeAttributeText(input: string): string {
  return ATTRIBUTE_TEXT_ESCAPED.test(input) ? input.replace(ATTRIBUTE_TEXT_ESCAPED_ALL, replacement) : input;
}

const XML_TEXT = /[&<>]/;
const XML_TEXT_ALL = /[&<>]/g;
const XML_ATTRIBUTE = /[&<>"\t\n\r]/;
const XML_ATTRIBUTE_ALL = /[&<>"\t\n\r]/g;
const ATTRIBUTE_WHITESPACE: Readonly<Record<string, string>> = { '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/** XML escaping only, as .NET's XmlWriter does for element text: `&`, `<` and `>`. */
export function escapeXmlText(text: string): string {
  return XML_TEXT.test(text) ? text.replace(XML_TEXT_ALL, (match) => XML_ENTITIES[match] as string) : text;
}

/** XML escaping only, for a double-quoted attribute value (tab, LF and CR as references, so they survive). */
export function escapeXmlAttribute(text: string): string {
  return XML_ATTRIBUTE.test(text)
    ? text.replace(XML_ATTRIBUTE_ALL, (match) => XML_ENTITIES[match] ?? (ATTRIBUTE_WHITESPACE[match] as string))
    : text;
}

/** The value of the 4 hex digits at `from`, or -1: read from the codes, with no slice to parse (one per escape). */
function fourHexDigitsAt(input: string, from: number): number {
  const first = hexDigitValue(input.charCodeAt(from));
  const second = hexDigitValue(input.charCodeAt(from + 1));
  const third = hexDigitValue(input.charCodeAt(from + 2));
  const fourth = hexDigitValue(input.charCodeAt(from + 3));
  return (first | second | third | fourth) < 0 ? -1 : (first << 12) | (second << 8) | (third << 4) | fourth;
}

/** Reverses encodePsString; also accepts lowercase hex and 8-digit `_xHHHHHHHH_` escapes. */
export function decodePsString(input: string): string {
  let underscore = input.indexOf('_');
  if (underscore < 0) return input;
  if (input.length >= LONG_STRING_CHARACTERS) {
    const unescaped = unescapeLongAscii(input);
    if (unescaped !== null) return unescaped;
  }
  let out = '';
  let copied = 0;
  while (underscore >= 0) {
    const marker = input.charCodeAt(underscore + 1);
    if (marker === LOWER_X || marker === UPPER_X) {
      const digitsStart = underscore + 2;
      const high = fourHexDigitsAt(input, digitsStart);
      let escapeLength = 0;
      let codePoint = -1;
      if (high >= 0) {
        if (input.charCodeAt(digitsStart + SHORT_ESCAPE_DIGITS) === UNDERSCORE) {
          escapeLength = SHORT_ESCAPE_DIGITS;
          codePoint = high;
        } else {
          const low = fourHexDigitsAt(input, digitsStart + SHORT_ESCAPE_DIGITS);
          if (low >= 0 && input.charCodeAt(digitsStart + LONG_ESCAPE_DIGITS) === UNDERSCORE) {
            escapeLength = LONG_ESCAPE_DIGITS;
            codePoint = high * 0x10000 + low;
          }
        }
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
