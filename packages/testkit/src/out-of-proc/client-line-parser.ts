/**
 * @module out-of-proc/client-line-parser
 * Reads one line a client wrote to `pwsh -s`, as strictly as PowerShell's OutOfProcessUtils does (facts from
 * ../shared/reference/protocol-notes.md §1a): one or more elements and nothing between or around them, `<Data>`
 * with exactly the attributes Stream and PSGuid and base64 text, every other element with exactly PSGuid, names
 * matched case-sensitively, GUIDs in any format .NET's `new Guid(string)` reads (D, N, B, P), no DTD and no entity
 * expansion. Where pwsh would silently skip something no client writes (comments, processing instructions), this
 * reader refuses it. Every refusal is a rule value, never an exception, so hostile input cannot crash the peer.
 */
import { decodeBase64 } from '@psrp/fragment';
import { OUT_OF_PROC_RULES, type OutOfProcRule, type RuleBreak } from './violation.js';

export type ClientStream = 'Default' | 'PromptResponse';

/** What a client may send; acks are refused while parsing. */
export type ClientPacket =
  | { readonly kind: 'Data'; readonly stream: ClientStream; readonly guid: string; readonly bytes: Uint8Array }
  | { readonly kind: 'Command' | 'Close' | 'Signal'; readonly guid: string };

export type ParsedClientLine = { readonly ok: true; readonly packets: ClientPacket[] } | { readonly ok: false; readonly broken: RuleBreak };

/** A `<Data>` carries at most 32 KiB of fragments (about 44 K base64 characters); far beyond that is not a client. */
export const MAX_CLIENT_LINE_CHARS = 1 << 20;

const DATA_ATTRIBUTE_COUNT = 2;
const CONTROL_ATTRIBUTE_COUNT = 1;
const CONTROL_KINDS = new Set(['Command', 'Close', 'Signal']);
const ACK_KINDS = new Set(['DataAck', 'CommandAck', 'CloseAck', 'SignalAck']);
const STREAMS = new Set<string>(['Default', 'PromptResponse']);
const XML_WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const NAME_PATTERN = /[A-Za-z_:][\w.:-]*/y;
const HEX_GROUPS = '([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})';
const GUID_FORMATS = [
  new RegExp(`^${HEX_GROUPS.replaceAll('-?', '-')}$`),
  new RegExp(`^${HEX_GROUPS.replaceAll('-?', '')}$`),
  new RegExp(`^\\{${HEX_GROUPS.replaceAll('-?', '-')}\\}$`),
  new RegExp(`^\\(${HEX_GROUPS.replaceAll('-?', '-')}\\)$`),
];
/** How much of an offending line a message quotes. */
const QUOTED_CHARS = 80;

interface ScannedElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** null for `<X ... />`; the text between the tags otherwise. */
  readonly content: string | null;
}

/** Carries a rule break out of the scanner's nested reads; caught in parseClientLine only. */
class Refusal {
  constructor(
    readonly rule: OutOfProcRule,
    readonly message: string,
  ) {}
}

function refuse(rule: OutOfProcRule, message: string): never {
  throw new Refusal(rule, message);
}

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTED_CHARS ? `${text.slice(0, QUOTED_CHARS)}…` : text);
}

/** The lowercase D form of a GUID in any format `new Guid(string)` reads, or null. */
export function readDotNetGuid(text: string): string | null {
  for (const format of GUID_FORMATS) {
    const groups = format.exec(text);
    if (groups) return groups.slice(1).join('-').toLowerCase();
  }
  return null;
}

class LineScanner {
  #position = 0;

  constructor(readonly line: string) {}

  get done(): boolean {
    return this.#position >= this.line.length;
  }

  element(): ScannedElement {
    const here = this.line[this.#position];
    if (here !== '<') {
      const what = XML_WHITESPACE.has(here ?? '') ? 'whitespace' : 'text';
      refuse(OUT_OF_PROC_RULES.unknownNode, `${what} outside an element at column ${this.#position}`);
    }
    const next = this.line[this.#position + 1];
    if (this.line.startsWith('<!DOCTYPE', this.#position)) refuse(OUT_OF_PROC_RULES.malformedXml, 'a DOCTYPE (DTDs are prohibited)');
    if (next === '!' || next === '?') refuse(OUT_OF_PROC_RULES.unknownNode, `a comment, CDATA or processing instruction at column ${this.#position}`);
    this.#position++;
    const name = this.#name('an element name');
    const attributes = this.#attributes(name);
    if (this.line.startsWith('/>', this.#position)) {
      this.#position += 2;
      return { name, attributes, content: null };
    }
    this.#position++; // the '>' #attributes stopped at
    const close = this.line.indexOf('<', this.#position);
    if (close < 0) refuse(OUT_OF_PROC_RULES.malformedXml, `<${name}> is never closed`);
    const content = this.line.slice(this.#position, close);
    if (content.includes('&')) refuse(OUT_OF_PROC_RULES.malformedXml, `an entity reference in <${name}> (entities are not expanded)`);
    this.#position = close;
    if (!this.line.startsWith('</', this.#position)) refuse(OUT_OF_PROC_RULES.unknownNode, `an element inside <${name}>`);
    this.#position += 2;
    const end = this.#name('an end tag name');
    this.#skipWhitespace();
    if (end !== name || this.line[this.#position] !== '>') refuse(OUT_OF_PROC_RULES.malformedXml, `<${name}> closed by </${end}`);
    this.#position++;
    return { name, attributes, content };
  }

  #name(what: string): string {
    NAME_PATTERN.lastIndex = this.#position;
    const match = NAME_PATTERN.exec(this.line);
    if (!match) refuse(OUT_OF_PROC_RULES.malformedXml, `${what} expected at column ${this.#position}`);
    this.#position += match[0].length;
    return match[0];
  }

  #skipWhitespace(): number {
    const start = this.#position;
    while (XML_WHITESPACE.has(this.line[this.#position] ?? '')) this.#position++;
    return this.#position - start;
  }

  #attributes(element: string): Map<string, string> {
    const attributes = new Map<string, string>();
    for (;;) {
      const separated = this.#skipWhitespace() > 0;
      if (this.line.startsWith('/>', this.#position) || this.line[this.#position] === '>') return attributes;
      if (this.done) refuse(OUT_OF_PROC_RULES.malformedXml, `the start tag of <${element}> is never finished`);
      if (!separated) refuse(OUT_OF_PROC_RULES.malformedXml, `no whitespace before an attribute of <${element}>`);
      const name = this.#name(`an attribute name in <${element}>`);
      this.#skipWhitespace();
      if (this.line[this.#position] !== '=') refuse(OUT_OF_PROC_RULES.malformedXml, `attribute ${name} of <${element}> has no value`);
      this.#position++;
      this.#skipWhitespace();
      const quoteChar = this.line[this.#position];
      if (quoteChar !== "'" && quoteChar !== '"') refuse(OUT_OF_PROC_RULES.malformedXml, `attribute ${name} of <${element}> is not quoted`);
      const end = this.line.indexOf(quoteChar, this.#position + 1);
      if (end < 0) refuse(OUT_OF_PROC_RULES.malformedXml, `attribute ${name} of <${element}> is never closed`);
      const value = this.line.slice(this.#position + 1, end);
      if (value.includes('<') || value.includes('&')) {
        refuse(OUT_OF_PROC_RULES.malformedXml, `attribute ${name} of <${element}> holds '<' or an entity reference`);
      }
      if (attributes.has(name)) refuse(OUT_OF_PROC_RULES.malformedXml, `attribute ${name} appears twice in <${element}>`);
      attributes.set(name, value);
      this.#position = end + 1;
    }
  }
}

function guidOf(element: ScannedElement): string {
  const text = element.attributes.get('PSGuid');
  if (text === undefined) refuse(OUT_OF_PROC_RULES.missingAttribute, `<${element.name}> has no PSGuid attribute`);
  const guid = readDotNetGuid(text);
  if (guid === null) refuse(OUT_OF_PROC_RULES.badGuid, `PSGuid ${quote(text)} of <${element.name}> is not a GUID`);
  return guid;
}

function toPacket(element: ScannedElement): ClientPacket {
  const { name, attributes } = element;
  const isData = name === 'Data';
  if (!isData && !CONTROL_KINDS.has(name) && !ACK_KINDS.has(name)) {
    refuse(OUT_OF_PROC_RULES.unknownElement, `unknown element ${quote(name)}`);
  }
  const expected = isData ? DATA_ATTRIBUTE_COUNT : CONTROL_ATTRIBUTE_COUNT;
  if (attributes.size !== expected) {
    refuse(OUT_OF_PROC_RULES.attributeCount, `<${name}> has ${attributes.size} attributes where pwsh requires exactly ${expected}`);
  }
  if (ACK_KINDS.has(name)) refuse(OUT_OF_PROC_RULES.clientSentAck, `the client sent <${name}>, which only the server sends`);
  const guid = guidOf(element);
  if (!isData) {
    if (element.content !== null && element.content !== '') refuse(OUT_OF_PROC_RULES.unknownNode, `text inside <${name}>`);
    return { kind: name as 'Command' | 'Close' | 'Signal', guid };
  }
  const stream = attributes.get('Stream');
  if (stream === undefined) refuse(OUT_OF_PROC_RULES.missingAttribute, '<Data> has no Stream attribute');
  if (!STREAMS.has(stream)) refuse(OUT_OF_PROC_RULES.badStream, `<Data> Stream ${quote(stream)} is neither Default nor PromptResponse`);
  if (element.content === null || element.content === '') refuse(OUT_OF_PROC_RULES.badBase64, '<Data> carries no text');
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(element.content);
  } catch (error) {
    refuse(OUT_OF_PROC_RULES.badBase64, `<Data> text is not base64 (${error instanceof Error ? error.message : String(error)})`);
  }
  return { kind: 'Data', stream: stream as ClientStream, guid, bytes };
}

/** Every packet of one client line (without its line ending), or the first rule the line breaks. */
export function parseClientLine(line: string, maxChars = MAX_CLIENT_LINE_CHARS): ParsedClientLine {
  if (line.length > maxChars) {
    return { ok: false, broken: { rule: OUT_OF_PROC_RULES.lineTooLong, message: `a line of ${line.length} characters (limit ${maxChars})` } };
  }
  const scanner = new LineScanner(line);
  const packets: ClientPacket[] = [];
  try {
    do packets.push(toPacket(scanner.element()));
    while (!scanner.done);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, broken: { rule: error.rule, message: error.message } };
    throw error;
  }
  return { ok: true, packets };
}
