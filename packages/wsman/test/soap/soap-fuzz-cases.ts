/**
 * The inputs of the SOAP fuzzer, shared by the seeded slice npm test runs (soap-fuzz.test.ts) and the long run of
 * scripts/fuzz.mjs (issue 12). Three kinds: documents generated from a random tree (namespaces, prefixes, attributes,
 * references, comments, CDATA, whitespace), the same documents mutated, and random strings of XML tokens.
 * What must hold for every input:
 * - readXml, parseEnvelope and parseResponse throw nothing but WSManParseError (and parseResponse WSManFaultError);
 * - a generated document reads back as exactly the tree it was written from;
 * - whatever readXml accepts, the fast-xml-parser reader it replaced (xml-oracle.ts) accepts with the same tree: the
 *   new reader may refuse more (control characters, a bare '&', '--' in a comment), never less.
 */
import { WSManFaultError, WSManParseError, parseResponse, readXml, type XmlElement } from '../../src/index.js';
import { NS_SOAP } from '../../src/namespaces.js';
import type { SeededRandom } from '../../../../test-support/seeded-random.js';
import { readXmlWithFastXmlParser } from './xml-oracle.js';

/** What one input exercised, for the tallies that show a run was not vacuous. */
export type SoapOutcome = 'generated' | 'accepted' | 'refused' | 'refused-by-both';

const PREFIXES = ['', 's', 'a', 'rsp', 'p'];
const NAMESPACES = [NS_SOAP, 'urn:a', 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell', 'urn:é', ''];
const LOCAL_NAMES = ['Envelope', 'Body', 'Header', 'Stream', 'a', 'b_1', 'x.y', 'z-z', 'Ünï', 'Fault'];
const TEXTS = ['', ' ', 'hello', 'AAEC/+==', '<', '>', '&', '"', "'", ']]', 'é', '\t\r\n', '𝄞', 'x'.repeat(40)];
const TOKENS = ['<', '>', '/>', '</', '&', '&amp;', '&lt;', '&#65;', '&#x10FFFF;', '&#0;', '&#xD800;', '&nope;', ']]>', '<!--', '-->', '--', '<?xml version="1.0"?>',
  '<?pi x?>', '<![CDATA[', '"', "'", '=', ' ', '\n', ':', 'xmlns', 'xmlns:p="urn:p"', 'xmlns=""', 's:', 'p:', 'a', 'Body', '<s:Body>', '</s:Body>',
  `<s:Envelope xmlns:s="${NS_SOAP}">`, '</s:Envelope>', '\u0000', '\u0001', '\uFFFF', '\uD800', '<!DOCTYPE', '<!ENTITY', 'é', '\u00A0'];

const PROCESSING_INSTRUCTION = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
const CDATA = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>/g;

interface Draft {
  namespace: string;
  prefix: string;
  localName: string;
  attributes: [prefix: string, namespace: string, localName: string, value: string][];
  texts: string[];
  children: Draft[];
}

function escape(text: string, inAttribute: boolean): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return inAttribute ? escaped.replace(/"/g, '&quot;') : escaped;
}

/** A random element tree, at most `depth` deep. */
function draftTree(random: SeededRandom, depth: number): Draft {
  const prefix = random.pick(PREFIXES);
  const attributes: Draft['attributes'] = [];
  const used = new Set<string>();
  for (let count = random.below(4); count > 0; count--) {
    const localName = random.pick(LOCAL_NAMES);
    if (used.has(localName)) continue;
    used.add(localName);
    // An attribute prefix is declared on the element itself; unprefixed attributes are in no namespace.
    const attributePrefix = random.below(3) === 0 ? 'q' : '';
    attributes.push([attributePrefix, attributePrefix ? 'urn:q' : '', localName, random.pick(TEXTS)]);
  }
  const children = depth <= 1 ? [] : Array.from({ length: random.below(4) }, () => draftTree(random, depth - 1));
  return {
    namespace: prefix === '' ? random.pick(NAMESPACES) : random.pick(NAMESPACES.filter((namespace) => namespace !== '')),
    prefix,
    localName: random.pick(LOCAL_NAMES),
    attributes,
    texts: Array.from({ length: children.length + 1 }, () => (random.below(2) === 0 ? '' : random.pick(TEXTS))),
    children,
  };
}

/** Writes a draft as XML, declaring each prefix on the element that uses it, with comments, PIs and CDATA about. */
function writeDraft(random: SeededRandom, draft: Draft): string {
  const space = () => random.pick([' ', '  ', '\n', '\t']);
  let tag = `${draft.prefix ? `${draft.prefix}:` : ''}${draft.localName}`;
  let open = `<${tag}${space()}${draft.prefix ? `xmlns:${draft.prefix}` : 'xmlns'}="${escape(draft.namespace, true)}"`;
  if (draft.attributes.some(([prefix]) => prefix === 'q')) open += `${space()}xmlns:q="urn:q"`;
  for (const [prefix, , localName, value] of draft.attributes) {
    open += `${space()}${prefix ? `${prefix}:` : ''}${localName}${random.pick(['', ' '])}=${random.pick(['', ' '])}${random.below(2) ? `"${escape(value, true)}"` : `'${escape(value, true).replace(/'/g, '&apos;')}'`}`;
  }
  if (draft.children.length === 0 && draft.texts.every((text) => text === '') && random.below(2) === 0) return `${open}${random.pick(['', ' '])}/>`;
  let body = '';
  draft.texts.forEach((text, index) => {
    if (text !== '') {
      const cdata = random.below(6) === 0 && !text.includes(']]>');
      body += cdata ? `<![CDATA[${text}]]>` : escape(text, false).replace(/A/g, () => (random.below(8) === 0 ? '&#65;' : 'A'));
    }
    if (random.below(10) === 0) body += random.pick(['<!-- note -->', '<?pi data?>', '<!---->']);
    const child = draft.children[index];
    if (child) body += writeDraft(random, child);
  });
  tag += random.pick(['', ' ', '\n']);
  return `${open}>${body}</${tag}>`;
}

/** The tree a reader must give for a draft: line ends read as LF (XML 1.0, 2.11), wherever they were written. */
function expectedTree(draft: Draft): unknown {
  const lines = (text: string) => text.replace(/\r\n?/g, '\n');
  return {
    namespace: draft.namespace,
    localName: draft.localName,
    attributes: draft.attributes.map(([, , localName, value]) => [localName, lines(value)]).sort(),
    text: lines(draft.texts.join('')),
    children: draft.children.map(expectedTree),
  };
}

/** A tree as plain data, attributes sorted, for comparison. */
export function canonicalTree(element: XmlElement): unknown {
  return {
    namespace: element.namespace,
    localName: element.localName,
    attributes: [...element.attributes.entries()].sort(),
    text: element.text,
    children: element.children.map(canonicalTree),
  };
}

function mutate(random: SeededRandom, text: string): string {
  let result = text;
  for (let count = 1 + random.below(3); count > 0; count--) {
    const at = random.below(result.length + 1);
    switch (random.below(5)) {
      case 0:
        result = result.slice(0, at) + result.slice(at + 1 + random.below(8));
        break;
      case 1:
        result = result.slice(0, at) + result.slice(random.below(at + 1), at) + result.slice(at);
        break;
      case 2:
        result = result.slice(0, at);
        break;
      case 3:
        result = result.slice(0, at) + String.fromCharCode(random.below(128)) + result.slice(at + 1);
        break;
      default:
        result = result.slice(0, at) + random.pick(TOKENS) + result.slice(at);
    }
  }
  return result;
}

function failure(what: string, input: string, cause?: unknown): Error {
  return new Error(`SOAP fuzz: ${what}; input ${JSON.stringify(input.slice(0, 4000))}`, { cause });
}

function same(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

/** Reads with the oracle; any error, typed or not, is a refusal (the oracle is the old code, not under test). */
function oracle(xml: string): XmlElement | null {
  try {
    return readXmlWithFastXmlParser(xml);
  } catch {
    return null;
  }
}

/** Calls `read`; returns its tree, or null when it threw one of `allowed`; anything else is a failure. */
function readOnly<T>(read: () => T, input: string, allowed: readonly (abstract new (...args: never[]) => Error)[]): T | null {
  try {
    return read();
  } catch (error) {
    if (allowed.some((type) => error instanceof type)) return null;
    throw failure(`threw ${(error as Error)?.name ?? typeof error} (${(error as Error)?.message})`, input, error);
  }
}

/**
 * Runs input `index` (generated, mutated or random, in turn); throws when an invariant breaks. The oracle, five times
 * slower than the reader, is asked for every `oracleEvery`-th input only (the long runs of scripts/fuzz.mjs).
 */
export function soapCase(random: SeededRandom, index: number, oracleEvery = 1): SoapOutcome {
  const kind = index % 3;
  let xml: string;
  let draft: Draft | null = null;
  if (kind === 2) {
    xml = Array.from({ length: random.below(30) }, () => random.pick(TOKENS)).join('');
  } else {
    draft = draftTree(random, 1 + random.below(5));
    const written = writeDraft(random, draft);
    const wrapped = random.below(3) === 0 ? `<?xml version="1.0" encoding="utf-8"?>${random.pick(['', '\n'])}${written}${random.pick(['', '\n', '<!-- end -->'])}` : written;
    xml = kind === 0 ? wrapped : mutate(random, wrapped);
  }
  const tree = readOnly(() => readXml(xml), xml, [WSManParseError]);
  // parseResponse reads the envelope with parseEnvelope first: one call checks both.
  readOnly(() => parseResponse(xml, 200), xml, [WSManParseError, WSManFaultError]);
  if (kind === 0) {
    if (tree === null) throw failure('a generated document was refused', xml);
    if (!same(canonicalTree(tree), expectedTree(draft!))) throw failure('a generated document read back differently', xml);
  }
  if (index % oracleEvery !== 0) return tree === null ? 'refused' : kind === 0 ? 'generated' : 'accepted';
  if (tree === null) return oracle(xml) === null ? 'refused-by-both' : 'refused';
  // Two mistakes of the old reader are stepped around, by giving it the same document in another form: it decoded
  // references inside CDATA (XML 1.0, 2.7: CDATA is not parsed), so CDATA goes to it as the escaped text it stands
  // for; and fast-xml-parser reads a processing instruction's content as attributes and refuses what is not (2.6
  // lets it be any text), so a document it refuses is judged again without its processing instructions.
  // (Comments and processing instructions are matched too, and kept, so that no rewrite reaches inside one.)
  const plain = xml.replace(CDATA, (section: string, content: string | undefined) => (content === undefined ? section : escape(content, false)));
  const withoutPis = plain.replace(PROCESSING_INSTRUCTION, (markup: string, at: number) => (!markup.startsWith('<?') || (at === 0 && /^<\?xml[ \t\r\n]/.test(markup)) ? markup : ''));
  const reference = oracle(plain) ?? oracle(withoutPis);
  if (reference === null) throw failure('accepted a document the fast-xml-parser reader refuses', xml);
  if (!same(canonicalTree(tree), canonicalTree(reference))) throw failure('read a document differently from the fast-xml-parser reader', xml);
  return kind === 0 ? 'generated' : 'accepted';
}
