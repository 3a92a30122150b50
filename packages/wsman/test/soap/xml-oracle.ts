/**
 * The oracle of the SOAP fuzzers (test/soap/soap-fuzz.test.ts, scripts/fuzz.mjs): the reader src/soap/xml-reader.ts
 * replaced (issue 12: fast-xml-parser cost 30 to 100 bytes of heap per input character), kept as it was. Whatever the
 * new reader accepts, this one must accept with the same tree; the new one may refuse more.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { WSManParseError } from '../../src/errors.js';
import { NS_XML } from '../../src/namespaces.js';
import type { XmlElement } from '../../src/soap/xml-element.js';

/** Envelope size limit in UTF-16 code units; Windows caps envelopes at MaxEnvelopeSize (≤ 4 MiB configurable). */
export const DEFAULT_MAX_XML_CHARS = 8 * 1024 * 1024;
/** SOAP envelopes nest about 8 deep (config Get ~5, Receive 4); anything far deeper is an attack. */
export const DEFAULT_MAX_XML_DEPTH = 64;

export interface XmlReadLimits {
  maxChars?: number;
  maxDepth?: number;
}

const DOCTYPE_PATTERN = /<!DOCTYPE/i;
const ENTITY_DECLARATION_PATTERN = /<!ENTITY/i;
const REFERENCE_PATTERN = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);/g;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const MAX_CODE_POINT = 0x10ffff;
const HEX_RADIX = 16;
const DECIMAL_RADIX = 10;
const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';

type OrderedNode = Record<string, unknown>;

function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE_PATTERN, (_match, reference: string) => {
    if (reference.startsWith('#')) {
      const isHex = reference[1] === 'x';
      const codePoint = Number.parseInt(reference.slice(isHex ? 2 : 1), isHex ? HEX_RADIX : DECIMAL_RADIX);
      if (!Number.isFinite(codePoint) || codePoint > MAX_CODE_POINT) {
        throw new WSManParseError(`Invalid character reference &${reference};`, 'syntax');
      }
      return String.fromCodePoint(codePoint);
    }
    const replacement = PREDEFINED_ENTITIES[reference];
    if (replacement === undefined) throw new WSManParseError(`Undeclared entity &${reference};`, 'syntax');
    return replacement;
  });
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

function convert(node: OrderedNode, parentScope: ReadonlyMap<string, string>, depth: number, maxDepth: number): XmlElement {
  if (depth > maxDepth) throw new WSManParseError(`XML nests deeper than ${maxDepth} elements`, 'depth');
  const tagName = Object.keys(node).find((key) => key !== ATTRIBUTES_KEY);
  if (tagName === undefined) throw new WSManParseError('Malformed element', 'syntax');
  const rawAttributes = (node[ATTRIBUTES_KEY] ?? {}) as Record<string, string>;

  let scope = parentScope;
  const attributes = new Map<string, string>();
  for (const [name, rawValue] of Object.entries(rawAttributes)) {
    const value = decodeReferences(rawValue);
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice('xmlns:'.length), value);
    } else {
      attributes.set(splitName(name)[1], value);
    }
  }

  const [prefix, localName] = splitName(tagName);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of node[tagName] as OrderedNode[]) {
    if (TEXT_KEY in child) text += decodeReferences(String(child[TEXT_KEY]));
    else children.push(convert(child, scope, depth + 1, maxDepth));
  }
  return { namespace: resolvePrefix(prefix, scope), localName, attributes, children, text };
}

/**
 * Parses one XML document and returns its root element.
 * @throws {WSManParseError} on DOCTYPE/ENTITY declarations, size or depth over the limits, or malformed XML.
 */
export function readXmlWithFastXmlParser(xml: string, limits: XmlReadLimits = {}): XmlElement {
  const maxChars = limits.maxChars ?? DEFAULT_MAX_XML_CHARS;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  if (xml.length > maxChars) {
    throw new WSManParseError(`XML document of ${xml.length} characters exceeds the limit of ${maxChars}`, 'size');
  }
  if (DOCTYPE_PATTERN.test(xml) || ENTITY_DECLARATION_PATTERN.test(xml)) {
    throw new WSManParseError('XML with a DOCTYPE or ENTITY declaration is refused', 'doctype');
  }
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    throw new WSManParseError(`Malformed XML: ${validation.err.msg} (line ${validation.err.line})`, 'syntax');
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: maxDepth,
  });
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(xml) as OrderedNode[];
  } catch (error) {
    const tooDeep = error instanceof Error && /nested/i.test(error.message);
    throw new WSManParseError(
      tooDeep ? `XML nests deeper than ${maxDepth} elements` : 'Malformed XML',
      tooDeep ? 'depth' : 'syntax',
      { cause: error },
    );
  }
  const roots = nodes.filter((node) => !(TEXT_KEY in node));
  if (roots.length !== 1) throw new WSManParseError(`Expected one root element, found ${roots.length}`, 'syntax');
  return convert(roots[0]!, new Map(), 1, maxDepth);
}
