/**
 * @module xml-tokenizer
 * A pull tokenizer for the XML subset CLIXML uses: elements, attributes, character data, CDATA, comments
 * and one leading XML declaration. DOCTYPE, ENTITY and other processing instructions are refused, so no
 * entity can expand. It checks well-formedness (matching end tags, one root, nothing after it) and the
 * depth and element-count limits, and it never recurses, so no input can overflow the stack.
 */
import { ClixmlForbiddenMarkupError, ClixmlLimitError, ClixmlParseError } from './errors.js';
import { decodeCData, decodeXmlText, isXmlWhitespace } from './xml-text.js';

export const TOKEN_END = 0;
export const TOKEN_START_TAG = 1;
export const TOKEN_END_TAG = 2;
export const TOKEN_TEXT = 3;
export type TokenKind = typeof TOKEN_END | typeof TOKEN_START_TAG | typeof TOKEN_END_TAG | typeof TOKEN_TEXT;

export interface TokenizerLimits {
  maxDepth: number;
  maxElements: number;
}

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const FIRST_NON_ASCII = 0x80;
const COMMENT_OPEN = '<!--';
const COMMENT_CLOSE = '-->';
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const DECLARATION_OPEN = '<?xml';
const DECLARATION_CLOSE = '?>';
/** Enough of `<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, ... to name it in the error. */
const DECLARATION_NAME_WINDOW = 16;
/** `</` before an end tag's name. */
const END_TAG_OPEN_LENGTH = 2;
/** CLIXML uses at most N, RefId and S (Objs: Version, xmlns); the cap keeps the duplicate check cheap. */
const MAX_ATTRIBUTES = 32;

/** 1 = may appear in a name, 2 = may also start one. Non-ASCII characters are accepted in names. */
const NAME_CHAR = new Uint8Array(FIRST_NON_ASCII);
for (let code = 0; code < FIRST_NON_ASCII; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) NAME_CHAR[code] = 2;
  else if (/[0-9.-]/.test(char)) NAME_CHAR[code] = 1;
}

function isWhitespaceCode(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

export class XmlTokenizer {
  /** Name of the current start or end tag. */
  tagName = '';
  /** The current start tag ended with `/>`: no end-tag token follows. */
  selfClosing = false;
  attributeCount = 0;
  readonly attributeNames: string[] = [];
  readonly attributeValues: string[] = [];
  /** Decoded character data of the current text token. */
  text = '';
  /** Offset where the current token starts, for error messages. */
  tokenStart = 0;

  readonly #input: string;
  readonly #limits: TokenizerLimits;
  #position = 0;
  readonly #openNames: string[] = [];
  #elementCount = 0;
  #rootClosed = false;
  #pendingSelfClose = false;
  /** First '&' at or after the last position asked about, -1 when none is left; only ever moves forward. */
  #nextAmpersand = -2;

  constructor(input: string, limits: TokenizerLimits) {
    this.#input = input;
    this.#limits = limits;
  }

  /** Current element nesting depth (the root element is depth 1). */
  get depth(): number {
    return this.#openNames.length;
  }

  /** Value of attribute `name` on the current start tag. */
  attribute(name: string): string | undefined {
    for (let index = 0; index < this.attributeCount; index++) {
      if (this.attributeNames[index] === name) return this.attributeValues[index];
    }
    return undefined;
  }

  next(): TokenKind {
    if (this.#pendingSelfClose) {
      // A self-closing tag is reported as a start tag followed by an end tag, so callers see one shape.
      this.#pendingSelfClose = false;
      this.#closeElement(this.tagName);
      return TOKEN_END_TAG;
    }
    const input = this.#input;
    const length = input.length;
    for (;;) {
      const position = this.#position;
      this.tokenStart = position;
      if (position >= length) {
        if (this.#openNames.length > 0) {
          throw new ClixmlParseError(`input ends inside <${this.#openNames[this.#openNames.length - 1]}>`, position);
        }
        if (!this.#rootClosed) throw new ClixmlParseError('no root element', position);
        return TOKEN_END;
      }
      if (input.charCodeAt(position) !== LESS_THAN) {
        let end = input.indexOf('<', position);
        if (end < 0) end = length;
        this.#position = end;
        if (this.#openNames.length === 0) {
          if (!isXmlWhitespace(input, position, end)) throw new ClixmlParseError('text outside the root element', position);
          continue;
        }
        this.text = decodeXmlText(input, position, end, false, this.#ampersandFrom(position));
        return TOKEN_TEXT;
      }
      const marker = input.charCodeAt(position + 1);
      if (marker === SLASH) return this.#readEndTag(position);
      if (marker === BANG) {
        if (input.startsWith(COMMENT_OPEN, position)) {
          this.#position = this.#skipPast(COMMENT_CLOSE, position + COMMENT_OPEN.length, 'comment');
          continue;
        }
        if (input.startsWith(CDATA_OPEN, position)) {
          if (this.#openNames.length === 0) throw new ClixmlParseError('CDATA outside the root element', position);
          const contentStart = position + CDATA_OPEN.length;
          const next = this.#skipPast(CDATA_CLOSE, contentStart, 'CDATA section');
          this.text = decodeCData(input, contentStart, next - CDATA_CLOSE.length);
          this.#position = next;
          return TOKEN_TEXT;
        }
        const declaration = /^<!([A-Z]+)/.exec(input.slice(position, position + DECLARATION_NAME_WINDOW));
        if (declaration !== null) throw new ClixmlForbiddenMarkupError(`<!${declaration[1]}>`, position);
        throw new ClixmlParseError("malformed markup after '<!'", position);
      }
      if (marker === QUESTION) {
        this.#readProcessingInstruction(position);
        continue;
      }
      return this.#readStartTag(position);
    }
  }

  #skipPast(terminator: string, from: number, what: string): number {
    const end = this.#input.indexOf(terminator, from);
    if (end < 0) throw new ClixmlParseError(`unterminated ${what}`, from);
    return end + terminator.length;
  }

  /** Only the XML declaration, and only as the very first thing in the input. */
  #readProcessingInstruction(position: number): void {
    const isDeclaration =
      position === 0 &&
      this.#input.startsWith(DECLARATION_OPEN) &&
      isWhitespaceCode(this.#input.charCodeAt(DECLARATION_OPEN.length));
    if (!isDeclaration) throw new ClixmlForbiddenMarkupError('processing instruction', position);
    this.#position = this.#skipPast(DECLARATION_CLOSE, position + DECLARATION_OPEN.length, 'XML declaration');
  }

  #readName(position: number): number {
    const input = this.#input;
    const first = input.charCodeAt(position);
    if (!(first >= FIRST_NON_ASCII || NAME_CHAR[first] === 2)) {
      throw new ClixmlParseError('expected a name', position);
    }
    let end = position + 1;
    for (;;) {
      const code = input.charCodeAt(end);
      // charCodeAt past the end is NaN, which is neither non-ASCII nor in the table.
      if (code >= FIRST_NON_ASCII || (NAME_CHAR[code] ?? 0) > 0) end++;
      else return end;
    }
  }

  #skipWhitespace(position: number): number {
    const input = this.#input;
    while (isWhitespaceCode(input.charCodeAt(position))) position++;
    return position;
  }

  #readStartTag(position: number): TokenKind {
    const input = this.#input;
    if (this.#rootClosed) throw new ClixmlParseError('more than one root element', position);
    const nameEnd = this.#readName(position + 1);
    const name = input.slice(position + 1, nameEnd);
    let cursor = nameEnd;
    let count = 0;
    for (;;) {
      const afterSpace = this.#skipWhitespace(cursor);
      const code = input.charCodeAt(afterSpace);
      if (code === GREATER_THAN) {
        cursor = afterSpace + 1;
        this.selfClosing = false;
        break;
      }
      if (code === SLASH) {
        if (input.charCodeAt(afterSpace + 1) !== GREATER_THAN) throw new ClixmlParseError("expected '>' after '/'", afterSpace);
        cursor = afterSpace + '/>'.length;
        this.selfClosing = true;
        break;
      }
      if (Number.isNaN(code)) throw new ClixmlParseError(`input ends inside the <${name}> tag`, afterSpace);
      if (afterSpace === cursor) throw new ClixmlParseError('expected whitespace before an attribute', afterSpace);
      if (count === MAX_ATTRIBUTES) throw new ClixmlParseError(`more than ${MAX_ATTRIBUTES} attributes on <${name}>`, afterSpace);
      cursor = this.#readAttribute(afterSpace, count, name);
      count++;
    }
    this.attributeCount = count;
    this.tagName = name;
    this.#position = cursor;
    this.#openElement(name, position);
    if (this.selfClosing) this.#pendingSelfClose = true;
    return TOKEN_START_TAG;
  }

  /** Reads `name="value"` at `position` into slot `slot`; returns the offset after the closing quote. */
  #readAttribute(position: number, slot: number, tagName: string): number {
    const input = this.#input;
    const nameEnd = this.#readName(position);
    const name = input.slice(position, nameEnd);
    for (let index = 0; index < slot; index++) {
      if (this.attributeNames[index] === name) {
        throw new ClixmlParseError(`attribute ${name} repeated on <${tagName}>`, position);
      }
    }
    const equals = this.#skipWhitespace(nameEnd);
    if (input.charCodeAt(equals) !== EQUALS) throw new ClixmlParseError(`expected '=' after attribute ${name}`, equals);
    const quotePosition = this.#skipWhitespace(equals + 1);
    const quote = input.charCodeAt(quotePosition);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
      throw new ClixmlParseError(`expected a quoted value for attribute ${name}`, quotePosition);
    }
    const valueEnd = input.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", quotePosition + 1);
    if (valueEnd < 0) throw new ClixmlParseError(`unterminated value of attribute ${name}`, quotePosition);
    const lessThan = input.slice(quotePosition + 1, valueEnd).indexOf('<');
    if (lessThan >= 0) throw new ClixmlParseError(`'<' in the value of attribute ${name}`, quotePosition + 1 + lessThan);
    this.attributeNames[slot] = name;
    this.attributeValues[slot] = decodeXmlText(input, quotePosition + 1, valueEnd, true, this.#ampersandFrom(quotePosition + 1));
    return valueEnd + 1;
  }

  /** Positions asked about only grow, so all searches together scan the input once. */
  #ampersandFrom(position: number): number {
    if (this.#nextAmpersand !== -1 && this.#nextAmpersand < position) {
      this.#nextAmpersand = this.#input.indexOf('&', position);
    }
    return this.#nextAmpersand;
  }

  #readEndTag(position: number): TokenKind {
    const input = this.#input;
    const nameEnd = this.#readName(position + END_TAG_OPEN_LENGTH);
    const name = input.slice(position + END_TAG_OPEN_LENGTH, nameEnd);
    const close = this.#skipWhitespace(nameEnd);
    if (input.charCodeAt(close) !== GREATER_THAN) throw new ClixmlParseError(`expected '>' to end </${name}`, close);
    this.#position = close + 1;
    this.tagName = name;
    this.#closeElement(name);
    return TOKEN_END_TAG;
  }

  /**
   * Counts `count` more elements against maxElements. The reader also charges here for work that
   * repeats earlier elements (a TNRef copies its TN's type names), so that no input buys more work
   * than its element budget.
   */
  countElements(count: number): void {
    this.#elementCount += count;
    if (this.#elementCount > this.#limits.maxElements) {
      throw new ClixmlLimitError('maxElements', this.#limits.maxElements, `element count at offset ${this.tokenStart}`);
    }
  }

  #openElement(name: string, position: number): void {
    if (this.#openNames.length >= this.#limits.maxDepth) {
      throw new ClixmlLimitError('maxDepth', this.#limits.maxDepth, `element nesting at offset ${position}`);
    }
    this.countElements(1);
    this.#openNames.push(name);
  }

  #closeElement(name: string): void {
    const open = this.#openNames.pop();
    if (open !== name) {
      throw new ClixmlParseError(
        open === undefined ? `end tag </${name}> without a start tag` : `end tag </${name}> does not match <${open}>`,
        this.tokenStart,
      );
    }
    if (this.#openNames.length === 0) this.#rootClosed = true;
  }
}
