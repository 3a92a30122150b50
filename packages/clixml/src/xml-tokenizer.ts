/**
 * @module xml-tokenizer
 * A pull tokenizer for the XML subset CLIXML uses: elements, attributes, character data, CDATA, comments
 * and one leading XML declaration. DOCTYPE, ENTITY and other processing instructions are refused, so no
 * entity can expand. It checks well-formedness (matching end tags, one root, nothing after it), XML 1.0's
 * character rules and the depth, element-count and string limits, and it never recurses, so no input can
 * overflow the stack.
 *
 * Input arrives whole (`push(text); end()`) or in chunks: then `next()` answers TOKEN_MORE when the buffered
 * text ends inside a token, and long character data is handed out in pieces, so a value of any size passes
 * through without the tokenizer holding more than one piece of it.
 */
import { ClixmlArgumentError, ClixmlForbiddenMarkupError, ClixmlLimitError, ClixmlParseError } from './errors.js';
import { ForwardSearch } from './forward-search.js';
import { decodeCData, decodeXmlText, isXmlWhitespace } from './xml-text.js';
import {
  TEXT_UNCHECKED,
  findInvalidXmlCharacter,
  holdsInvalidXmlCharacter,
  isAt,
  isNameChar,
  isNameStartChar,
  isWhitespaceCode,
  nameAt,
  type TextKnowledge,
} from './xml-chars.js';

export const TOKEN_END = 0;
export const TOKEN_START_TAG = 1;
export const TOKEN_END_TAG = 2;
export const TOKEN_TEXT = 3;
/** Chunked input only: the buffered text ends inside a token; push more, or end(). */
export const TOKEN_MORE = 4;
export type TokenKind = typeof TOKEN_END | typeof TOKEN_START_TAG | typeof TOKEN_END_TAG | typeof TOKEN_TEXT | typeof TOKEN_MORE;

export interface TokenizerLimits {
  maxDepth: number;
  maxElements: number;
  /** Also bounds one start tag, end tag or comment, so a chunked reader never buffers more than this. */
  maxStringLength: number;
}

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = 0xfeff;
const FIRST_HIGH_SURROGATE = 0xd800;
const LAST_HIGH_SURROGATE = 0xdbff;
const COMMENT_OPEN = '<!--';
const COMMENT_CLOSE = '-->';
const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const DECLARATION_OPEN = '<?xml';
const DECLARATION_CLOSE = '?>';
/** First line powershell.exe writes before CLIXML on stderr (and again before later documents). */
export const CLIXML_STDERR_MARKER = '#< CLIXML';
/** Enough of `<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, ... to name it in the error. */
const DECLARATION_NAME_WINDOW = 16;
/** `</` before an end tag's name. */
const END_TAG_OPEN_LENGTH = 2;
/** CLIXML uses at most N, RefId and S (Objs: Version, xmlns); the cap keeps the duplicate check cheap. */
const MAX_ATTRIBUTES = 32;
/** `&#x10FFFF;` and a little more: the longest character reference worth keeping back at the end of a chunk. */
const MAX_REFERENCE_LENGTH = 12;
/** Markup around the names and values of one tag: `<`, `=""`, spaces, `/>`. */
const TAG_MARKUP_ALLOWANCE = 1024;

/** Thrown inside the tokenizer when chunked input ends inside a token; next() turns it into TOKEN_MORE. */
const NEED_MORE: unique symbol = Symbol('need more input');

export class XmlTokenizer {
  /** Name of the current start or end tag. */
  tagName = '';
  /** The current start tag ended with `/>`: no end-tag token follows. */
  selfClosing = false;
  attributeCount = 0;
  readonly attributeNames: string[] = [];
  readonly attributeValues: string[] = [];

  /** Offset in the whole input where the current token starts, for error messages. */
  tokenStart = 0;
  /** The current text token: where it is in the buffer, whether it is CDATA, and its decoded text once asked for. */
  #textStart = 0;
  #textEnd = 0;
  #textIsCData = false;
  #textValue: string | null = null;

  readonly #limits: TokenizerLimits;
  readonly #rootSequence: boolean;
  /** Buffered input; #base is the offset of its first character in the whole input. */
  #input = '';
  #position = 0;
  #base = 0;
  /** Characters pushed so far (whole input), for the offsets of invalid characters. */
  #pushed = 0;
  /** A high surrogate that ended a chunk, held back until the next chunk says whether its pair follows. */
  #heldSurrogate = '';
  #ended = false;
  /** 1 when a BOM was skipped: where an XML declaration may stand. */
  #documentStart = 0;
  /** While the pending token is shorter than this, more input cannot complete it yet (amortizes rescans). */
  #retryLength = 0;
  readonly #openNames: string[] = [];
  #elementCount = 0;
  #rootsClosed = 0;
  #pendingSelfClose = false;
  /** Where the next '&', '<', CR, LF and tab are: an attribute's check and the text after the tag share one scan. */
  readonly #ampersands = new ForwardSearch('&');
  readonly #lessThans = new ForwardSearch('<');
  readonly #carriageReturns = new ForwardSearch('\r');
  readonly #lineFeeds = new ForwardSearch('\n');
  readonly #tabs = new ForwardSearch('\t');

  /**
   * `rootSequence`: several root elements in a row, with whitespace and `#< CLIXML` lines before and between
   * them (the stderr of powershell.exe, which starts a new `<Objs>` document for each record).
   */
  constructor(limits: TokenizerLimits, rootSequence = false) {
    this.#limits = limits;
    this.#rootSequence = rootSequence;
  }

  /** A tokenizer over one complete text. */
  static of(input: string, limits: TokenizerLimits, rootSequence = false): XmlTokenizer {
    const tokenizer = new XmlTokenizer(limits, rootSequence);
    tokenizer.push(input);
    tokenizer.end();
    return tokenizer;
  }

  /** Current element nesting depth (the root element is depth 1). */
  get depth(): number {
    return this.#openNames.length;
  }

  /**
   * Appends input. A U+FEFF (the BOM PowerShell writes) at the very start is skipped. `known`: what is known of the
   * chunk's characters (see holdsInvalidXmlCharacter).
   */
  push(chunk: string, known: TextKnowledge = TEXT_UNCHECKED): void {
    if (this.#ended) throw new ClixmlArgumentError('push', 'called after end()');
    let text = this.#heldSurrogate + chunk;
    // A surrogate held from the chunk before was not part of what is known of this one.
    const knownNow = this.#heldSurrogate.length === 0 ? known : TEXT_UNCHECKED;
    this.#heldSurrogate = '';
    if (this.#pushed === 0 && this.#input.length === 0 && text.charCodeAt(0) === BYTE_ORDER_MARK) {
      text = text.slice(1);
      this.#base = 1;
      this.#pushed = 1;
      this.#documentStart = 1;
    }
    const last = text.charCodeAt(text.length - 1);
    if (last >= FIRST_HIGH_SURROGATE && last <= LAST_HIGH_SURROGATE) {
      this.#heldSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length === 0) return;
    this.#check(text, knownNow);
    if (this.#position === 0) {
      this.#input += text;
    } else {
      this.#base += this.#position;
      this.#input = this.#input.slice(this.#position) + text;
      this.#position = 0;
    }
    this.#ampersands.reset();
    this.#lessThans.reset();
    this.#carriageReturns.reset();
    this.#lineFeeds.reset();
    this.#tabs.reset();
  }

  /** No more input follows. */
  end(): void {
    if (this.#ended) return;
    const held = this.#heldSurrogate;
    this.#heldSurrogate = '';
    if (held.length > 0) {
      this.#check(held, TEXT_UNCHECKED);
    }
    this.#ended = true;
    this.#retryLength = 0;
  }

  #check(text: string, known: TextKnowledge): void {
    const invalid = holdsInvalidXmlCharacter(text, known) ? findInvalidXmlCharacter(text) : -1;
    if (invalid >= 0) {
      const code = text.charCodeAt(invalid).toString(16).toUpperCase().padStart(4, '0');
      throw new ClixmlParseError(`U+${code} is not allowed in XML`, this.#pushed + invalid);
    }
    this.#pushed += text.length;
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
    if (!this.#ended && this.#input.length - this.#position < this.#retryLength) return TOKEN_MORE;
    const start = this.#position;
    try {
      const kind = this.#nextToken();
      this.#retryLength = 0;
      return kind;
    } catch (error) {
      if (error !== NEED_MORE) throw error;
      this.#position = start;
      const pending = this.#input.length - start;
      if (pending > this.#limits.maxStringLength + TAG_MARKUP_ALLOWANCE) {
        throw new ClixmlLimitError('maxStringLength', this.#limits.maxStringLength, `markup at offset ${this.#base + start}`);
      }
      // Wait until the pending text has doubled before scanning it again: linear however it is chunked.
      this.#retryLength = pending * 2;
      return TOKEN_MORE;
    }
  }

  /** Throws NEED_MORE when chunked input ends before `position` could be read. */
  #needMore(): never {
    throw NEED_MORE;
  }

  #nextToken(): TokenKind {
    const input = this.#input;
    const length = input.length;
    for (;;) {
      const position = this.#position;
      this.tokenStart = this.#base + position;
      if (position >= length) {
        if (!this.#ended) return TOKEN_MORE;
        if (this.#openNames.length > 0) {
          throw new ClixmlParseError(`input ends inside <${this.#openNames[this.#openNames.length - 1]}>`, this.tokenStart);
        }
        if (this.#rootsClosed === 0) throw new ClixmlParseError('no root element', this.tokenStart);
        return TOKEN_END;
      }
      if (input.charCodeAt(position) !== LESS_THAN) {
        if (this.#openNames.length === 0) {
          this.#skipOutsideRoot(position);
          continue;
        }
        return this.#readText(position);
      }
      if (position + 1 >= length) {
        if (this.#ended) throw new ClixmlParseError("input ends after '<'", this.tokenStart);
        this.#needMore();
      }
      const marker = input.charCodeAt(position + 1);
      if (marker === SLASH) return this.#readEndTag(position);
      if (marker === BANG) {
        if (this.#readBangMarkup(position)) return TOKEN_TEXT;
        continue;
      }
      if (marker === QUESTION) {
        this.#readProcessingInstruction(position);
        continue;
      }
      return this.#readStartTag(position);
    }
  }

  /** Character data inside the root. With chunked input, a run that reaches the end is handed out as far as it is complete. */
  #readText(position: number): TokenKind {
    const input = this.#input;
    let end = this.#lessThans.from(input, position);
    if (end < 0) {
      end = input.length;
      if (!this.#ended) {
        // Keep back an entity reference the chunk cut (only the last few characters can be one: a longer '&...'
        // is an error the decoder reports now), and a CR whose LF may start the next chunk. What is kept back
        // is never longer than a reference, so chunks of any size cost linear time.
        const window = Math.max(position, end - MAX_REFERENCE_LENGTH);
        const last = input.slice(window, end).lastIndexOf('&');
        if (last >= 0 && input.indexOf(';', window + last) < 0) end = window + last;
        if (end > position && input.charCodeAt(end - 1) === CARRIAGE_RETURN) end--;
        if (end === position) return TOKEN_MORE;
      }
    }
    this.#position = end;
    this.#setText(position, end, false);
    return TOKEN_TEXT;
  }

  #setText(start: number, end: number, isCData: boolean): void {
    this.#textStart = start;
    this.#textEnd = end;
    this.#textIsCData = isCData;
    this.#textValue = null;
  }

  /**
   * Decoded character data of the current text token (one piece of it, for chunked input). Decoded when asked
   * for, so that the indentation between elements of a pretty-printed document costs no string.
   */
  get text(): string {
    if (this.#textValue === null) {
      this.#textValue = this.#textIsCData
        ? decodeCData(this.#input, this.#textStart, this.#textEnd)
        : this.#decodeText(this.#textStart, this.#textEnd);
    }
    return this.#textValue;
  }

  /**
   * Right after a start tag: when the element holds only character data and its end tag follows, all of it in the
   * buffered input, reads both (as the TEXT and END_TAG tokens would, with the same checks) and returns the decoded
   * text ('' for `<S></S>`). Otherwise (a self-closing tag, a child element, CDATA, a comment, a text or end tag the
   * buffer does not yet hold, a malformed end tag) reads nothing and returns null: next() goes on as usual and
   * reports what it finds. One call instead of three tokens for the primitive elements most documents are made of.
   */
  takeTextContent(): string | null {
    if (this.#pendingSelfClose) return null;
    const input = this.#input;
    const start = this.#position;
    const endTag = this.#lessThans.from(input, start);
    const open = this.#openNames[this.#openNames.length - 1];
    if (endTag < 0 || open === undefined || input.charCodeAt(endTag + 1) !== SLASH) return null;
    // Text past the limit takes the usual way, which reports it.
    if (endTag - start > this.#limits.maxStringLength) return null;
    const nameStart = endTag + END_TAG_OPEN_LENGTH;
    if (!isAt(input, nameStart, open)) return null;
    let close = nameStart + open.length;
    while (isWhitespaceCode(input.charCodeAt(close))) close++;
    if (input.charCodeAt(close) !== GREATER_THAN) return null;
    const text = start === endTag ? '' : this.#decodeText(start, endTag);
    this.#checkTagLength(endTag, close);
    this.tokenStart = this.#base + endTag;
    this.#position = close + 1;
    this.tagName = open;
    this.#closeElement(open);
    return text;
  }

  /** True when the current text token is only XML whitespace (as written: a reference to a space is not). */
  get textIsWhitespace(): boolean {
    return isXmlWhitespace(this.#input, this.#textStart, this.#textEnd);
  }

  /** Whitespace around the root; in a root sequence also the `#< CLIXML` lines before and between documents. */
  #skipOutsideRoot(position: number): void {
    const input = this.#input;
    const length = input.length;
    let cursor = position;
    for (;;) {
      while (cursor < length && isWhitespaceCode(input.charCodeAt(cursor))) cursor++;
      if (cursor >= length || input.charCodeAt(cursor) === LESS_THAN) break;
      if (!this.#rootSequence || !this.#startsWith(CLIXML_STDERR_MARKER, cursor)) {
        throw new ClixmlParseError('text outside the root element', this.#base + cursor);
      }
      const lineEnd = input.indexOf('\n', cursor + CLIXML_STDERR_MARKER.length);
      if (lineEnd < 0 && !this.#ended) this.#needMore();
      const rest = lineEnd < 0 ? length : lineEnd;
      if (!isXmlWhitespace(input, cursor + CLIXML_STDERR_MARKER.length, rest)) {
        throw new ClixmlParseError('text after #< CLIXML on its line', this.#base + cursor);
      }
      cursor = rest;
    }
    this.#position = cursor;
  }

  /** Comments (skipped), CDATA (a text token: returns true) and the declarations CLIXML never uses (refused). */
  #readBangMarkup(position: number): boolean {
    const input = this.#input;
    if (this.#startsWith(COMMENT_OPEN, position)) {
      this.#position = this.#skipPast(COMMENT_CLOSE, position + COMMENT_OPEN.length, 'comment');
      return false;
    }
    if (this.#startsWith(CDATA_OPEN, position)) {
      if (this.#openNames.length === 0) throw new ClixmlParseError('CDATA outside the root element', this.#base + position);
      const contentStart = position + CDATA_OPEN.length;
      const next = this.#skipPast(CDATA_CLOSE, contentStart, 'CDATA section');
      this.#setText(contentStart, next - CDATA_CLOSE.length, true);
      this.#position = next;
      return true;
    }
    const window = input.slice(position, position + DECLARATION_NAME_WINDOW);
    if (!this.#ended && window.length < DECLARATION_NAME_WINDOW && /^<![A-Z]*$/.test(window)) this.#needMore();
    const declaration = /^<!([A-Z]+)/.exec(window);
    if (declaration !== null) throw new ClixmlForbiddenMarkupError(`<!${declaration[1]}>`, this.#base + position);
    throw new ClixmlParseError("malformed markup after '<!'", this.#base + position);
  }

  /** `input.startsWith(prefix, position)`, asking for more input while what is buffered could still become it. */
  #startsWith(prefix: string, position: number): boolean {
    const input = this.#input;
    if (input.startsWith(prefix, position)) return true;
    const available = input.length - position;
    if (!this.#ended && available < prefix.length && prefix.startsWith(input.slice(position))) this.#needMore();
    return false;
  }

  #skipPast(terminator: string, from: number, what: string): number {
    const end = this.#input.indexOf(terminator, from);
    if (end < 0) {
      if (!this.#ended) this.#needMore();
      throw new ClixmlParseError(`unterminated ${what}`, this.#base + from);
    }
    return end + terminator.length;
  }

  /** Only the XML declaration, and only as the very first thing in the input. */
  #readProcessingInstruction(position: number): void {
    const atStart = this.#base + position === this.#documentStart;
    const isDeclaration = atStart && this.#startsWith(DECLARATION_OPEN, position) && isWhitespaceCode(this.#charAt(position + DECLARATION_OPEN.length));
    if (!isDeclaration) throw new ClixmlForbiddenMarkupError('processing instruction', this.#base + position);
    this.#position = this.#skipPast(DECLARATION_CLOSE, position + DECLARATION_OPEN.length, 'XML declaration');
  }

  /** The code unit at `index`; NaN past the end of complete input, NEED_MORE past the end of chunked input. */
  #charAt(index: number): number {
    if (index >= this.#input.length && !this.#ended) this.#needMore();
    return this.#input.charCodeAt(index);
  }

  #readName(position: number): number {
    const input = this.#input;
    if (!isNameStartChar(input.charCodeAt(position))) {
      if (position >= input.length && !this.#ended) this.#needMore();
      throw new ClixmlParseError('expected a name', this.#base + position);
    }
    let end = position + 1;
    // charCodeAt past the end is NaN, which is neither non-ASCII nor in the table.
    while (isNameChar(input.charCodeAt(end))) end++;
    if (end >= input.length && !this.#ended) this.#needMore();
    return end;
  }

  /** The first non-whitespace position at or after `position` (the end of complete input at most; NEED_MORE at the end of a chunk). */
  #skipWhitespace(position: number): number {
    const input = this.#input;
    while (isWhitespaceCode(input.charCodeAt(position))) position++;
    if (position >= input.length && !this.#ended) this.#needMore();
    return position;
  }

  #readStartTag(position: number): TokenKind {
    const input = this.#input;
    if (this.#rootsClosed > 0 && !this.#rootSequence && this.#openNames.length === 0) {
      throw new ClixmlParseError('more than one root element', this.#base + position);
    }
    const nameEnd = this.#readName(position + 1);
    const name = nameAt(input, position + 1, nameEnd);
    let cursor = nameEnd;
    let count = 0;
    let selfClosing = false;
    for (;;) {
      // After #skipWhitespace, what is read lies in the buffer or past the end of complete input (NaN).
      const afterSpace = this.#skipWhitespace(cursor);
      const code = input.charCodeAt(afterSpace);
      if (code === GREATER_THAN) {
        cursor = afterSpace + 1;
        break;
      }
      if (code === SLASH) {
        if (this.#charAt(afterSpace + 1) !== GREATER_THAN) throw new ClixmlParseError("expected '>' after '/'", this.#base + afterSpace);
        cursor = afterSpace + '/>'.length;
        selfClosing = true;
        break;
      }
      if (Number.isNaN(code)) throw new ClixmlParseError(`input ends inside the <${name}> tag`, this.#base + afterSpace);
      if (afterSpace === cursor) throw new ClixmlParseError('expected whitespace before an attribute', this.#base + afterSpace);
      if (count === MAX_ATTRIBUTES) throw new ClixmlParseError(`more than ${MAX_ATTRIBUTES} attributes on <${name}>`, this.#base + afterSpace);
      cursor = this.#readAttribute(afterSpace, count, name);
      count++;
    }
    this.#checkTagLength(position, cursor);
    this.selfClosing = selfClosing;
    this.attributeCount = count;
    this.tagName = name;
    this.#position = cursor;
    this.#openElement(name, position);
    this.#pendingSelfClose = selfClosing;
    return TOKEN_START_TAG;
  }

  /** Names and attribute values count toward maxStringLength: one tag is never longer. */
  #checkTagLength(start: number, end: number): void {
    if (end - start > this.#limits.maxStringLength + TAG_MARKUP_ALLOWANCE) {
      throw new ClixmlLimitError('maxStringLength', this.#limits.maxStringLength, `tag at offset ${this.#base + start}`);
    }
  }

  /** Reads `name="value"` at `position` into slot `slot`; returns the offset after the closing quote. */
  #readAttribute(position: number, slot: number, tagName: string): number {
    const input = this.#input;
    const nameEnd = this.#readName(position);
    const name = nameAt(input, position, nameEnd);
    for (let index = 0; index < slot; index++) {
      if (this.attributeNames[index] === name) {
        throw new ClixmlParseError(`attribute ${name} repeated on <${tagName}>`, this.#base + position);
      }
    }
    const equals = this.#skipWhitespace(nameEnd);
    if (input.charCodeAt(equals) !== EQUALS) throw new ClixmlParseError(`expected '=' after attribute ${name}`, this.#base + equals);
    const quotePosition = this.#skipWhitespace(equals + 1);
    const quote = input.charCodeAt(quotePosition);
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
      throw new ClixmlParseError(`expected a quoted value for attribute ${name}`, this.#base + quotePosition);
    }
    const valueEnd = input.indexOf(quote === DOUBLE_QUOTE ? '"' : "'", quotePosition + 1);
    if (valueEnd < 0) {
      if (!this.#ended) this.#needMore();
      throw new ClixmlParseError(`unterminated value of attribute ${name}`, this.#base + quotePosition);
    }
    const lessThan = this.#lessThans.from(input, quotePosition + 1);
    if (lessThan >= 0 && lessThan < valueEnd) {
      throw new ClixmlParseError(`'<' in the value of attribute ${name}`, this.#base + lessThan);
    }
    this.attributeNames[slot] = name;
    this.attributeValues[slot] = this.#decodeAttributeValue(quotePosition + 1, valueEnd);
    return valueEnd + 1;
  }

  /** Character data `input[start, end)` decoded; most has no reference and no CR, and is only sliced. */
  #decodeText(start: number, end: number): string {
    const input = this.#input;
    const ampersand = this.#ampersands.from(input, start);
    if ((ampersand < 0 || ampersand >= end) && !this.#carriageReturns.occursIn(input, start, end)) return input.slice(start, end);
    return decodeXmlText(input, start, end, false, ampersand, this.#base);
  }

  /** An attribute value `input[start, end)` decoded; most has no reference and no tab, LF or CR, and is only sliced. */
  #decodeAttributeValue(start: number, end: number): string {
    const input = this.#input;
    const ampersand = this.#ampersands.from(input, start);
    const plain =
      (ampersand < 0 || ampersand >= end) &&
      !this.#carriageReturns.occursIn(input, start, end) &&
      !this.#lineFeeds.occursIn(input, start, end) &&
      !this.#tabs.occursIn(input, start, end);
    return plain ? input.slice(start, end) : decodeXmlText(input, start, end, true, ampersand, this.#base);
  }

  #readEndTag(position: number): TokenKind {
    const input = this.#input;
    const nameStart = position + END_TAG_OPEN_LENGTH;
    // Usually the name of the open element: compared in place, no string made.
    const open = this.#openNames[this.#openNames.length - 1];
    const after = open === undefined ? Number.NaN : input.charCodeAt(nameStart + open.length);
    const matchesOpen = open !== undefined && (after === GREATER_THAN || isWhitespaceCode(after)) && isAt(input, nameStart, open);
    const nameEnd = matchesOpen ? nameStart + (open as string).length : this.#readName(nameStart);
    const name = matchesOpen ? (open as string) : input.slice(nameStart, nameEnd);
    const close = this.#skipWhitespace(nameEnd);
    if (input.charCodeAt(close) !== GREATER_THAN) throw new ClixmlParseError(`expected '>' to end </${name}`, this.#base + close);
    this.#checkTagLength(position, close);
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

  /** Starts a new element budget: a streaming reader gives each top-level value its own. */
  resetElementCount(): void {
    this.#elementCount = 0;
  }

  #openElement(name: string, position: number): void {
    if (this.#openNames.length >= this.#limits.maxDepth) {
      throw new ClixmlLimitError('maxDepth', this.#limits.maxDepth, `element nesting at offset ${this.#base + position}`);
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
    if (this.#openNames.length === 0) this.#rootsClosed++;
  }
}
