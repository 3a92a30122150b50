/**
 * @module primitive-codec
 * Text <-> value for the primitive elements (MS-PSRP 2.2.5.1), with XmlConvert's rules: surrounding
 * whitespace is allowed around numbers, booleans accept 1/0, doubles use INF, -INF and NaN.
 */
import { decodeBase64, InvalidBase64Error } from '@psrp/fragment';
import type { PrimitiveTag } from './element-names.js';
import { ClixmlValueError } from './errors.js';
import { decodePsString } from './string-escaping.js';
import type { PsValue } from './value.js';
import { PSChar } from './values/ps-char.js';
import { PSDateTime } from './values/ps-date-time.js';
import { PSDecimal } from './values/ps-decimal.js';
import { PSGuid } from './values/ps-guid.js';
import { BIG_INTEGER_RANGES, INTEGER_RANGES, PSNumber, type BigIntegerTag, type IntegerTag, type NumberTag } from './values/ps-number.js';
import { PSSecureString, PSScriptBlock, PSUri, PSXmlDocument } from './values/ps-text-values.js';
import { PSTimeSpan } from './values/ps-time-span.js';
import { PSVersion } from './values/ps-version.js';

const INTEGER_PATTERN = /^[+-]?\d{1,40}$/;
const FLOAT_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Digits beyond this cannot be a valid double literal we care about; refuse before Number() sees megabytes. */
const MAX_FLOAT_TEXT = 400;

/** Digits that always fit a double exactly and are cheap to add up by hand. */
const FAST_DIGITS = 15;

function parseInteger(range: IntegerTag, text: string, elementName: string = range): number {
  // The common case: a few plain digits, maybe a minus sign, nothing around them.
  const length = text.length;
  if (length > 0 && length <= FAST_DIGITS) {
    let index = text.charCodeAt(0) === 0x2d ? 1 : 0;
    let value = 0;
    if (index < length) {
      for (; index < length; index++) {
        const digit = text.charCodeAt(index) - 0x30;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (index === length) {
        const signed = text.charCodeAt(0) === 0x2d ? -value : value;
        // Indexed, not destructured: this runs for every integer read.
        const bounds = INTEGER_RANGES[range];
        if (signed < bounds[0] || signed > bounds[1]) throw new ClixmlValueError(elementName, text, `outside ${bounds[0]}..${bounds[1]}`);
        return signed === 0 ? 0 : signed;
      }
    }
  }
  const trimmed = text.trim();
  if (!INTEGER_PATTERN.test(trimmed)) throw new ClixmlValueError(elementName, text, 'expected an integer');
  const value = Number(trimmed);
  const [min, max] = INTEGER_RANGES[range];
  if (value < min || value > max) throw new ClixmlValueError(elementName, text, `outside ${min}..${max}`);
  // Number('-0') is -0; an integer type has no negative zero.
  return value === 0 ? 0 : value;
}

function parseBigInteger(tag: BigIntegerTag, text: string): bigint {
  const trimmed = text.trim();
  if (!INTEGER_PATTERN.test(trimmed)) throw new ClixmlValueError(tag, text, 'expected an integer');
  const value = BigInt(trimmed);
  const [min, max] = BIG_INTEGER_RANGES[tag];
  if (value < min || value > max) throw new ClixmlValueError(tag, text, `outside ${min}..${max}`);
  return value;
}

function parseFloat(tag: 'Sg' | 'Db', text: string): number {
  const trimmed = text.trim();
  if (trimmed === 'INF' || trimmed === '+INF') return Number.POSITIVE_INFINITY;
  if (trimmed === '-INF') return Number.NEGATIVE_INFINITY;
  if (trimmed === 'NaN') return Number.NaN;
  if (trimmed.length > MAX_FLOAT_TEXT || !FLOAT_PATTERN.test(trimmed)) {
    throw new ClixmlValueError(tag, text, 'expected a number, INF, -INF or NaN');
  }
  const value = Number(trimmed);
  // A Single beyond ±3.4028235E+38 and a Double beyond ±1.79E+308 are refused, as .NET Framework's XmlConvert
  // (Windows PowerShell) refuses them; PowerShell 7 reads them as infinity. No PowerShell writes them (it writes INF).
  if (!Number.isFinite(tag === 'Sg' ? Math.fround(value) : value)) {
    throw new ClixmlValueError(tag, text, `outside the range of a ${tag === 'Sg' ? 'Single' : 'Double'}`);
  }
  return value;
}

const NUMBER_TAGS: ReadonlySet<string> = new Set<NumberTag>(['By', 'SB', 'I16', 'U16', 'I32', 'U32', 'I64', 'U64', 'Sg', 'Db']);

function isNumberTag(tag: string): tag is NumberTag {
  return NUMBER_TAGS.has(tag);
}

function parseBoolean(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === '1') return true;
  if (trimmed === 'false' || trimmed === '0') return false;
  throw new ClixmlValueError('B', text, 'expected true or false');
}

/** XML whitespace: pretty-printed documents wrap long `<BA>` text, and @psrp/fragment's decoder is strict. */
const XML_WHITESPACE = /[\t\n\r ]/;
const XML_WHITESPACE_RUNS = /[\t\n\r ]+/g;

function parseBytes(text: string): Uint8Array {
  // Test before replacing: the common, unwrapped text reaches the decoder as it is, without a copy.
  const base64 = XML_WHITESPACE.test(text) ? text.replace(XML_WHITESPACE_RUNS, '') : text;
  try {
    return decodeBase64(base64);
  } catch (error) {
    if (error instanceof InvalidBase64Error) throw new ClixmlValueError('BA', text, 'not valid base64', { cause: error });
    throw error;
  }
}

/** The value of a primitive element from its (XML-decoded) text. */
export function decodePrimitive(tag: PrimitiveTag, text: string, preserveNumberTypes: boolean): PsValue {
  if (preserveNumberTypes && tag !== 'I32' && tag !== 'I64' && isNumberTag(tag)) {
    return PSNumber.of(tag, decodePrimitive(tag, text, false) as number | bigint);
  }
  switch (tag) {
    case 'S':
      return decodePsString(text);
    case 'I32':
    case 'I16':
    case 'U16':
    case 'U32':
    case 'By':
    case 'SB':
      return parseInteger(tag, text);
    case 'I64':
    case 'U64':
      return parseBigInteger(tag, text);
    case 'Db':
    case 'Sg':
      return parseFloat(tag, text);
    case 'B':
      return parseBoolean(text);
    case 'C':
      return new PSChar(parseInteger('U16', text, 'C'));
    case 'DT':
      return PSDateTime.fromClixml(text);
    case 'TS':
      return PSTimeSpan.parse(text);
    case 'G':
      return new PSGuid(text);
    case 'Version':
      return PSVersion.parse(text);
    case 'D':
      return new PSDecimal(text);
    case 'BA':
      return parseBytes(text);
    case 'URI':
      return new PSUri(decodePsString(text));
    case 'SBK':
      return new PSScriptBlock(decodePsString(text));
    case 'XD':
      return new PSXmlDocument(decodePsString(text));
    case 'SS':
      return new PSSecureString(text.trim());
  }
}

/** An integer child of `<PR>` (AI, PI, PC, SR): Int32 text, reported under the element's own name. */
export function parseInt32Field(elementName: string, text: string): number {
  return parseInteger('I32', text, elementName);
}
