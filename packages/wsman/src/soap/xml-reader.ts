/**
 * @module soap/xml-reader
 * Reads a SOAP response into an {@link XmlElement} tree, treating the input as hostile: bounded
 * size, depth and node count, DOCTYPE rejected before parsing (so no entity can ever be declared or
 * expanded), well-formedness checked, only the five predefined and numeric character references decoded.
 *
 * A single pass over the text builds the tree directly: fast-xml-parser, used before, built
 * text one character at a time and an intermediate tree besides, 30 to 110 bytes of heap per input
 * character (an 8 MiB envelope of empty elements took 838 MB). Here text is a slice of the input, an
 * element without attributes or children shares one empty map and one empty array, and the node
 * limit bounds the tree: the heap a document costs is stated in the package README ("Hostile input").
 */
import { WSManParseError } from '../errors.js';
import { NS_XML } from '../namespaces.js';
import { positiveInteger } from '../option-checks.js';
import type { XmlElement } from './xml-element.js';

/** Envelope size limit in UTF-16 code units; Windows caps envelopes at MaxEnvelopeSize (≤ 4 MiB configurable). */
export const DEFAULT_MAX_XML_CHARS = 8 * 1024 * 1024;
/** SOAP envelopes nest about 8 deep (config Get ~5, Receive 4); anything far deeper is an attack. */
export const DEFAULT_MAX_XML_DEPTH = 64;
/**
 * Elements plus attributes (namespace declarations included). The largest real answers (an Enumerate
 * of shells, a Receive of many streams) hold a few thousand; each node costs about 150 bytes of tree.
 */
export const DEFAULT_MAX_XML_NODES = 65_536;

export interface XmlReadLimits {
  maxChars?: number;
  maxDepth?: number;
  maxNodes?: number;
}

const DOCTYPE_PATTERN = /<!DOCTYPE/i;
const ENTITY_DECLARATION_PATTERN = /<!ENTITY/i;
/** Characters XML 1.0 forbids anywhere (the Char production), literal or referenced. */
const FORBIDDEN_CHARACTER = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
const NAME_START = 'A-Za-z_\\u00C0-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_PART = `${NAME_START}0-9.\\-\\u00B7`;
/** A QName: an NCName, optionally prefixed by another and one colon (sticky: matched where the scan stands). */
const QNAME = new RegExp(`[${NAME_START}][${NAME_PART}]*(?::[${NAME_START}][${NAME_PART}]*)?`, 'y');
const ATTRIBUTE_VALUE = /[ \t\r\n]*=[ \t\r\n]*(?:"([^"<]*)"|'([^'<]*)')/y;
const WHITESPACE = /[ \t\r\n]*/y;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;
const LINE_END = /\r\n?/g;
const XML_DECLARATION =
  /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(["'])1\.[0-9]+\1(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(["'])(?:yes|no)\3)?[ \t\n]*\?>/y;
/** The longest reference accepted, `&` to `;`: `&#x10FFFF;` and `&#1114111;` are 10. */
const MAX_REFERENCE_CHARS = 10;
const HEX_DIGITS = /^[0-9a-fA-F]{1,6}$/;
const DECIMAL_DIGITS = /^[0-9]{1,7}$/;
const ENTITY_NAME = /^[A-Za-z]+$/;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_CODE_POINT = 0x10ffff;
const HEX_RADIX = 16;
const DECIMAL_RADIX = 10;
/** Above this many attributes on one element, duplicates are found with a Set rather than by looking back. */
const LINEAR_DUPLICATE_CHECK = 8;
const EMPTY_ATTRIBUTES: ReadonlyMap<string, string> = new Map();
const NO_CHILDREN: readonly XmlElement[] = Object.freeze([]);

/** An element being read: XmlElement with its fields still writable, and its name to match the end tag. */
interface OpenElement {
  namespace: string;
  localName: string;
  attributes: ReadonlyMap<string, string>;
  children: readonly XmlElement[];
  text: string;
}

interface Frame {
  readonly element: OpenElement;
  readonly qualifiedName: string;
  readonly scope: ReadonlyMap<string, string>;
}

function syntax(message: string, at: number): WSManParseError {
  return new WSManParseError(`Malformed XML: ${message} at character ${at}`, 'syntax');
}

function isXmlChar(codePoint: number): boolean {
  if (codePoint < 0x20) return codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd;
  return codePoint <= MAX_CODE_POINT && !(codePoint >= 0xd800 && codePoint <= 0xdfff) && codePoint !== 0xfffe && codePoint !== 0xffff;
}

/** The replacement of a predefined entity (`lt` `gt` `amp` `quot` `apos`) between `from` and `to`, read in place. */
function predefinedEntity(raw: string, from: number, to: number): string | undefined {
  const first = raw.charCodeAt(from);
  const length = to - from;
  if (length === 2 && raw.charCodeAt(from + 1) === 0x74 /* t */) return first === 0x6c /* l */ ? '<' : first === 0x67 /* g */ ? '>' : undefined;
  const name = length === 3 || length === 4 ? raw.slice(from, to) : '';
  return name === 'amp' || name === 'quot' || name === 'apos' ? PREDEFINED_ENTITIES[name] : undefined;
}

/** Pieces of decoded text joined in batches: one array entry per reference would cost more than the text. */
const PIECES_PER_JOIN = 1024;

/**
 * Decodes the references of text or an attribute value; every `&` must start one. Read in place, without a regular
 * expression match or a rope node per reference (a text of nothing but `&amp;` cost 6 bytes of heap per
 * input character kept, and 17 at the peak).
 */
function decodeReferences(raw: string, at: number): string {
  let ampersand = raw.indexOf('&');
  if (ampersand < 0) return raw;
  const joined: string[] = [];
  let pieces: string[] = [];
  let copied = 0;
  while (ampersand >= 0) {
    const semicolon = raw.indexOf(';', ampersand + 2);
    if (semicolon < 0 || semicolon - ampersand > MAX_REFERENCE_CHARS) throw syntax("'&' that starts no character or entity reference", at + ampersand);
    let replacement: string | undefined;
    if (raw.charCodeAt(ampersand + 1) === 0x23 /* # */) {
      const hex = raw.charCodeAt(ampersand + 2) === 0x78 /* x */;
      const digits = raw.slice(ampersand + (hex ? 3 : 2), semicolon);
      if (!(hex ? HEX_DIGITS : DECIMAL_DIGITS).test(digits)) throw syntax("'&' that starts no character or entity reference", at + ampersand);
      const codePoint = Number.parseInt(digits, hex ? HEX_RADIX : DECIMAL_RADIX);
      if (!isXmlChar(codePoint)) throw new WSManParseError(`Invalid character reference ${raw.slice(ampersand, semicolon + 1)}`, 'syntax');
      replacement = String.fromCodePoint(codePoint);
    } else {
      replacement = predefinedEntity(raw, ampersand + 1, semicolon);
      if (replacement === undefined) {
        const name = raw.slice(ampersand + 1, semicolon);
        if (!ENTITY_NAME.test(name)) throw syntax("'&' that starts no character or entity reference", at + ampersand);
        throw new WSManParseError(`Undeclared entity &${name};`, 'syntax');
      }
    }
    if (ampersand > copied) pieces.push(raw.slice(copied, ampersand));
    pieces.push(replacement);
    if (pieces.length >= PIECES_PER_JOIN) {
      joined.push(pieces.join(''));
      pieces = [];
    }
    copied = semicolon + 1;
    ampersand = raw.indexOf('&', copied);
  }
  pieces.push(raw.slice(copied));
  joined.push(pieces.join(''));
  return joined.join('');
}

function splitName(qualified: string): [prefix: string, localName: string] {
  const colon = qualified.indexOf(':');
  return colon < 0 ? ['', qualified] : [qualified.slice(0, colon), qualified.slice(colon + 1)];
}

function resolvePrefix(prefix: string, scope: ReadonlyMap<string, string>): string {
  if (prefix === 'xml') return NS_XML;
  const namespace = scope.get(prefix);
  if (namespace === undefined && prefix !== '') {
    throw new WSManParseError(`Undeclared namespace prefix '${prefix}'`, 'syntax');
  }
  return namespace ?? '';
}

/** Reads a document in one pass; see {@link readXml}. */
class XmlScan {
  readonly #xml: string;
  readonly #maxDepth: number;
  readonly #maxNodes: number;
  readonly #stack: Frame[] = [];
  #position = 0;
  #nodes = 0;
  #root: OpenElement | null = null;

  constructor(xml: string, maxDepth: number, maxNodes: number) {
    this.#xml = xml;
    this.#maxDepth = maxDepth;
    this.#maxNodes = maxNodes;
  }

  read(): XmlElement {
    const xml = this.#xml;
    while (this.#position < xml.length) {
      const open = xml.indexOf('<', this.#position);
      const textEnd = open < 0 ? xml.length : open;
      if (textEnd > this.#position) this.#text(this.#position, textEnd);
      if (open < 0) break;
      this.#markup(open);
    }
    if (this.#stack.length > 0) throw syntax(`<${this.#stack.at(-1)!.qualifiedName}> is not closed`, xml.length);
    if (this.#root === null) throw new WSManParseError('Expected one root element, found 0', 'syntax');
    return this.#root;
  }

  #text(start: number, end: number): void {
    const frame = this.#stack.at(-1);
    const raw = this.#xml.slice(start, end);
    if (frame === undefined) {
      if (!ONLY_WHITESPACE.test(raw)) throw syntax('text outside the root element', start);
      return;
    }
    const text = decodeReferences(raw, start);
    frame.element.text = frame.element.text.length === 0 ? text : frame.element.text + text;
  }

  #markup(open: number): void {
    const xml = this.#xml;
    const next = xml.charCodeAt(open + 1);
    if (next === 0x2f /* / */) return this.#endTag(open);
    // Comments, processing instructions and CDATA sections count as nodes too: each may split an element's text.
    if (next === 0x3f /* ? */) {
      this.#countNode(open);
      const target = this.#name(open + 2);
      if (target.toLowerCase() === 'xml') return this.#declaration(open);
      const after = this.#xml.charCodeAt(open + 2 + target.length);
      if (after !== 0x3f /* ? */ && after !== 0x20 && after !== 0x9 && after !== 0xa) throw syntax('a malformed processing instruction', open);
      return this.#skipTo('?>', open + 2 + target.length, 'processing instruction');
    }
    if (next === 0x21 /* ! */) {
      this.#countNode(open);
      if (xml.startsWith('<!--', open)) {
        const end = this.#skipTo('-->', open + 4, 'comment');
        if (xml.slice(open + 4, this.#position - 3).includes('--')) throw syntax("'--' inside a comment", open);
        return end;
      }
      if (xml.startsWith('<![CDATA[', open)) {
        const frame = this.#stack.at(-1);
        if (frame === undefined) throw syntax('CDATA outside the root element', open);
        this.#skipTo(']]>', open + 9, 'CDATA section');
        frame.element.text += xml.slice(open + 9, this.#position - 3);
        return;
      }
      throw syntax('a declaration', open);
    }
    this.#startTag(open);
  }

  /** The XML declaration: only at the very start, and only in its own grammar (XML 1.0, 2.8). */
  #declaration(open: number): void {
    if (open !== 0) throw syntax('an XML declaration after the start of the document', open);
    XML_DECLARATION.lastIndex = 0;
    if (!XML_DECLARATION.test(this.#xml)) throw syntax('a malformed XML declaration', open);
    this.#position = XML_DECLARATION.lastIndex;
  }

  #skipTo(terminator: string, from: number, what: string): void {
    const end = this.#xml.indexOf(terminator, from);
    if (end < 0) throw syntax(`unterminated ${what}`, from);
    this.#position = end + terminator.length;
  }

  #name(at: number): string {
    QNAME.lastIndex = at;
    const match = QNAME.exec(this.#xml);
    if (match === null) throw syntax('a name was expected', at);
    return match[0];
  }

  #whitespace(at: number): number {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(this.#xml);
    return WHITESPACE.lastIndex;
  }

  #countNode(at: number): void {
    if (++this.#nodes > this.#maxNodes) {
      throw new WSManParseError(`XML holds more than ${this.#maxNodes} elements and attributes (at character ${at})`, 'size');
    }
  }

  #startTag(open: number): void {
    const xml = this.#xml;
    const parent = this.#stack.at(-1);
    if (parent === undefined && this.#root !== null) throw new WSManParseError('Expected one root element, found 2 or more', 'syntax');
    if (this.#stack.length + 1 > this.#maxDepth) throw new WSManParseError(`XML nests deeper than ${this.#maxDepth} elements`, 'depth');
    this.#countNode(open);
    const qualifiedName = this.#name(open + 1);
    let position = open + 1 + qualifiedName.length;
    const names: string[] = [];
    const values: string[] = [];
    let seen: Set<string> | null = null;
    let selfClosing = false;
    for (;;) {
      const afterSpace = this.#whitespace(position);
      const char = xml.charCodeAt(afterSpace);
      if (char === 0x3e /* > */) {
        position = afterSpace + 1;
        break;
      }
      if (char === 0x2f /* / */ && xml.charCodeAt(afterSpace + 1) === 0x3e) {
        position = afterSpace + 2;
        selfClosing = true;
        break;
      }
      if (afterSpace === position) throw syntax(afterSpace >= xml.length ? `<${qualifiedName}> is not finished` : 'whitespace was expected before an attribute', afterSpace);
      this.#countNode(afterSpace);
      const name = this.#name(afterSpace);
      ATTRIBUTE_VALUE.lastIndex = afterSpace + name.length;
      const value = ATTRIBUTE_VALUE.exec(xml);
      if (value === null) throw syntax(`attribute ${name} has no quoted value`, afterSpace);
      if (names.length < LINEAR_DUPLICATE_CHECK ? names.includes(name) : (seen ??= new Set(names)).has(name)) {
        throw syntax(`attribute ${name} is repeated`, afterSpace);
      }
      seen?.add(name);
      names.push(name);
      values.push(decodeReferences(value[1] ?? value[2]!, afterSpace));
      position = ATTRIBUTE_VALUE.lastIndex;
    }
    this.#position = position;

    const parentScope = parent?.scope ?? new Map<string, string>();
    let scope = parentScope;
    let attributes: Map<string, string> | null = null;
    for (let index = 0; index < names.length; index++) {
      const name = names[index]!;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), values[index]!);
      }
    }
    for (let index = 0; index < names.length; index++) {
      const name = names[index]!;
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      const [prefix, localName] = splitName(name);
      if (prefix !== '') resolvePrefix(prefix, scope);
      (attributes ??= new Map()).set(localName, values[index]!);
    }
    const [prefix, localName] = splitName(qualifiedName);
    const element: OpenElement = {
      namespace: resolvePrefix(prefix, scope),
      localName,
      attributes: attributes ?? EMPTY_ATTRIBUTES,
      children: NO_CHILDREN,
      text: '',
    };
    if (parent === undefined) this.#root = element;
    else if (parent.element.children === NO_CHILDREN) parent.element.children = [element];
    else (parent.element.children as XmlElement[]).push(element);
    if (!selfClosing) this.#stack.push({ element, qualifiedName, scope });
  }

  #endTag(open: number): void {
    const name = this.#name(open + 2);
    const end = this.#whitespace(open + 2 + name.length);
    if (this.#xml.charCodeAt(end) !== 0x3e /* > */) throw syntax(`end tag </${name}> is not finished`, open);
    const frame = this.#stack.pop();
    if (frame === undefined || frame.qualifiedName !== name) {
      throw syntax(`</${name}> does not close ${frame === undefined ? 'any element' : `<${frame.qualifiedName}>`}`, open);
    }
    this.#position = end + 1;
  }
}

/**
 * Parses one XML document and returns its root element.
 * @throws {WSManParseError} on DOCTYPE/ENTITY declarations, size, node count or depth over the limits, or malformed XML.
 */
export function readXml(xml: string, limits: XmlReadLimits = {}): XmlElement {
  const maxChars = positiveInteger('maxChars', limits.maxChars ?? DEFAULT_MAX_XML_CHARS);
  const maxDepth = positiveInteger('maxDepth', limits.maxDepth ?? DEFAULT_MAX_XML_DEPTH);
  const maxNodes = positiveInteger('maxNodes', limits.maxNodes ?? DEFAULT_MAX_XML_NODES);
  if (xml.length > maxChars) {
    throw new WSManParseError(`XML document of ${xml.length} characters exceeds the limit of ${maxChars}`, 'size');
  }
  if (DOCTYPE_PATTERN.test(xml) || ENTITY_DECLARATION_PATTERN.test(xml)) {
    throw new WSManParseError('XML with a DOCTYPE or ENTITY declaration is refused', 'doctype');
  }
  const forbidden = FORBIDDEN_CHARACTER.exec(xml);
  if (forbidden !== null) throw syntax(`character U+${forbidden[0].charCodeAt(0).toString(16).padStart(4, '0')} is not allowed in XML`, forbidden.index);
  // End-of-line handling (XML 1.0, 2.11): CR LF and a lone CR are read as LF, before anything else is.
  const normalized = xml.includes('\r') ? xml.replace(LINE_END, '\n') : xml;
  return new XmlScan(normalized, maxDepth, maxNodes).read();
}
