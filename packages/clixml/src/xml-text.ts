/**
 * @module xml-text
 * XML character data: the five predefined entities and numeric character references only (no DTD, so no
 * other entity can exist) and line-end normalization. Escaping for output is in string-escaping.
 */
import { ClixmlParseError } from './errors.js';

const CARRIAGE_RETURN = 0x0d;
const HASH = 0x23;
const LOWER_X = 0x78;
const MAX_CODE_POINT = 0x10ffff;
/** `&#x10FFFF;` has 6 hex digits, `&#1114111;` 7 decimal digits; longer ones are invalid or padded. */
const MAX_CHAR_REF_DIGITS = 8;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** How much of an unknown entity name an error message shows. */
const ENTITY_NAME_IN_MESSAGE = 8;
/** `&#x` plus digits plus `;`: the longest reference worth looking for a `;` in. */
const MAX_REFERENCE_LENGTH = MAX_CHAR_REF_DIGITS + '&#x;'.length;

/** XML 1.0 `Char` production: what a character reference may produce. */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= MAX_CODE_POINT)
  );
}

/**
 * U+FFFE and U+FFFF, which XML forbids but PowerShell's remoting serializer writes as `&#xFFFE;` and `&#xFFFF;`: its
 * string escaping leaves them (it escapes controls, C1 and surrogates as `_xHHHH_`), its XmlWriter runs with
 * CheckCharacters off and writes them as references, and its reader, with the same setting, reads them back.
 */
function isReferencedNoncharacter(codePoint: number): boolean {
  return codePoint === 0xfffe || codePoint === 0xffff;
}

/** `base` maps offsets in `input` (a slice) back to the whole document for error messages. */
function decodeReference(input: string, ampersand: number, semicolon: number, base: number): string {
  const body = input.slice(ampersand + 1, semicolon);
  if (input.charCodeAt(ampersand + 1) !== HASH) {
    const named = NAMED_ENTITIES[body];
    if (named === undefined) {
      throw new ClixmlParseError(`undefined entity &${body.slice(0, ENTITY_NAME_IN_MESSAGE)};`, base + ampersand);
    }
    return named;
  }
  const hex = body.charCodeAt(1) === LOWER_X;
  const digits = body.slice(hex ? 2 : 1);
  const pattern = hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (digits.length === 0 || digits.length > MAX_CHAR_REF_DIGITS || !pattern.test(digits)) {
    throw new ClixmlParseError('malformed character reference', base + ampersand);
  }
  const codePoint = Number.parseInt(digits, hex ? 16 : 10);
  if (!isXmlChar(codePoint) && !isReferencedNoncharacter(codePoint)) {
    throw new ClixmlParseError(`character reference to U+${codePoint.toString(16).toUpperCase()} is not an XML character`, base + ampersand);
  }
  return String.fromCodePoint(codePoint);
}

/** XML section 2.11: CR LF and lone CR become LF. */
function normalizeLineEnds(text: string): string {
  return text.indexOf('\r') < 0 ? text : text.replace(/\r\n?/g, '\n');
}

/**
 * Decodes character data `input[start, end)`. `firstAmpersand` is the first '&' at or after `start`
 * (or -1): the caller tracks it across calls so that no call scans past its own range, which would make
 * a large input quadratic. `offsetBase` turns offsets in `input` into offsets in the whole document. In attribute values (XML 3.3.3) literal tab, CR and LF become spaces;
 * characters written as references are kept.
 */
export function decodeXmlText(input: string, start: number, end: number, isAttribute: boolean, firstAmpersand: number, offsetBase = 0): string {
  const raw = input.slice(start, end);
  if (firstAmpersand < 0 || firstAmpersand >= end) return isAttribute ? normalizeAttribute(raw) : normalizeLineEnds(raw);
  let out = '';
  let copied = 0;
  let ampersand = firstAmpersand - start;
  while (ampersand >= 0) {
    const semicolon = raw.indexOf(';', ampersand + 1);
    if (semicolon < 0 || semicolon - ampersand >= MAX_REFERENCE_LENGTH) {
      throw new ClixmlParseError("'&' that does not start an entity or character reference", offsetBase + start + ampersand);
    }
    const literal = raw.slice(copied, ampersand);
    out += isAttribute ? normalizeAttribute(literal) : normalizeLineEnds(literal);
    out += decodeReference(raw, ampersand, semicolon, offsetBase + start);
    copied = semicolon + 1;
    ampersand = raw.indexOf('&', copied);
  }
  const tail = raw.slice(copied);
  return out + (isAttribute ? normalizeAttribute(tail) : normalizeLineEnds(tail));
}

/** Attribute values this short are checked for tab, LF and CR with a loop, faster than a regular expression. */
const SHORT_ATTRIBUTE = 32;

function hasAttributeWhitespace(text: string): boolean {
  if (text.length > SHORT_ATTRIBUTE) return /[\t\n\r]/.test(text);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x09 || code === 0x0a || code === CARRIAGE_RETURN) return true;
  }
  return false;
}

function normalizeAttribute(text: string): string {
  return hasAttributeWhitespace(text) ? text.replace(/\r\n?/g, '\n').replace(/[\t\n]/g, ' ') : text;
}

/** A CDATA section's text is literal but still gets line-end normalization. */
export function decodeCData(input: string, start: number, end: number): string {
  return normalizeLineEnds(input.slice(start, end));
}

/** True when `input[start, end)` is only XML whitespace (space, tab, CR, LF). */
export function isXmlWhitespace(input: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = input.charCodeAt(index);
    if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== CARRIAGE_RETURN) return false;
  }
  return true;
}
