/**
 * @module common-form-reader
 * deserialize()'s first way through a whole text: the CLIXML PowerShell writes, read in one pass with no token
 * stream and no per-element frame work (measured on recorded message bodies: a quarter to a third less time than the
 * general reader, ClixmlReader over XmlTokenizer; a short body such as `<Nil />`, a third of the time). It takes only
 * that form: known elements, attributes written ` N="..."` and ` RefId="..."` (either first), whitespace between
 * elements. On anything else (a comment, CDATA, an XML declaration, a newer serializer's element,
 * attributes in another form, a limit reached, anything wrong) it gives up and the general reader reads the text from
 * the start, which alone says what is wrong. Both make values with the same functions; tests read every recorded body,
 * hand-written forms and (as a fuzz invariant) mutated inputs both ways and compare.
 */
import { DICTIONARY_KEY, DICTIONARY_VALUE, ELEMENT, type PrimitiveTag } from './element-names.js';
import type { ClixmlDocumentEntry } from './clixml-reader.js';
import {
  TAG_ADAPTED_PROPERTIES,
  TAG_DICTIONARY,
  TAG_DICTIONARY_ENTRY,
  TAG_LIST,
  TAG_MEMBER_SET,
  TAG_NIL,
  TAG_OBJECT,
  TAG_OBJECTS,
  TAG_PRIMITIVE,
  TAG_REFERENCE,
  TAG_TO_STRING,
  TAG_TYPE_NAME,
  TAG_TYPE_NAMES,
  TAG_TYPE_NAMES_REFERENCE,
} from './element-kinds.js';
import type { DeserializeSettings } from './limits.js';
import { ownString } from './own-string.js';
import { decodePrimitive } from './primitive-codec.js';
import { RememberedTexts } from './remembered-texts.js';
import { decodePsString } from './string-escaping.js';
import type { PsValue } from './value.js';
import { PSDictionary, PSMemberSet, PSObject, setListTag, setTypeNameSource, typeNameSource, type ListTag, type TypeNameSource } from './values/ps-object.js';
import { propertyRecordOf, storeProperties } from './values/property-record.js';
import { Frame, FRAME_DICTIONARY, FRAME_ENTRY, FRAME_LIST, FRAME_MEMBERS, FRAME_OBJECT, FRAME_OBJECTS, FRAME_ROOT, FRAME_TYPE_NAMES } from './reader-frame.js';
import { holdsInvalidXmlCharacter, isAt, isNameChar, type TextKnowledge } from './xml-chars.js';
import {
  isNameAttributeAt,
  isRefIdAttributeAt,
  knownTagAt,
  NAME_ATTRIBUTE_OPEN,
  NAMESPACE_ATTRIBUTE_OPEN,
  REF_ID_ATTRIBUTE_OPEN,
  VERSION_ATTRIBUTE_OPEN,
} from './common-form-markup.js';
import { decodeXmlText, isXmlWhitespace } from './xml-text.js';

/** What readCommonForm returns when the text is not in the common form (or not valid): the general reader's turn. */
export const NOT_COMMON_FORM: unique symbol = Symbol('not the common form of CLIXML');

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = 0xfeff;
const DOUBLE_QUOTE = 0x22;
const DIGIT_ZERO = 0x30;
const DIGIT_NINE = 0x39;
/** RefIds of up to this many digits are read as numbers (PowerShell numbers objects from 0 up). */
const MAX_REF_ID_DIGITS = 9;
/** `</` and `>` around an end tag's name. */
const END_TAG_MARKUP = 3;
/** As the tokenizer allows around a tag's names and values (TAG_MARKUP_ALLOWANCE). */
const TAG_MARKUP_ALLOWANCE = 1024;

/** The `N` texts and the `<T>` texts met lately, each with the string it stands for (see RememberedTexts). */
const PROPERTY_NAMES = new RememberedTexts<string>(1024, 128);
const TYPE_NAMES = new RememberedTexts<string>(1024, 128);
/**
 * Whole `<TN>` contents met lately (the `<T>` elements between its tags, as written), each with the list it makes:
 * a body names its types in full, so every message of a kind repeats the same few lists.
 */
const TYPE_NAME_LISTS = new RememberedTexts<TypeNameSource>(256, 1024);
const TYPE_NAMES_END_TAG = `</${ELEMENT.typeNames}>`;

/** Thrown to give up; caught by readCommonForm. */
const GIVE_UP: unique symbol = Symbol('give up');

function giveUp(): never {
  throw GIVE_UP;
}

/**
 * The value of a whole CLIXML text in the common form, or NOT_COMMON_FORM. `input` is within maxInputLength (the
 * caller checked); `known`: what is known of its characters (see holdsInvalidXmlCharacter).
 */
export function readCommonForm(input: string, limits: DeserializeSettings, known: TextKnowledge): PsValue | typeof NOT_COMMON_FORM {
  const reader = readWhole(input, limits, false, known);
  return reader === null ? NOT_COMMON_FORM : reader.value;
}

/**
 * The entries of a whole `<Objs>` document as Export-Clixml writes it (one document, its children without `S`
 * attributes), or NOT_COMMON_FORM (stderr's `#< CLIXML` form, several documents, anything else: the general reader's).
 */
export function readCommonFormDocument(input: string, limits: DeserializeSettings, known: TextKnowledge): ClixmlDocumentEntry[] | typeof NOT_COMMON_FORM {
  const reader = readWhole(input, limits, true, known);
  return reader === null ? NOT_COMMON_FORM : reader.entries;
}

/** A reader that has read all of `input`, or null when it gave up. */
function readWhole(input: string, limits: DeserializeSettings, document: boolean, known: TextKnowledge): CommonFormReader | null {
  try {
    const reader = new CommonFormReader(input, limits, document);
    reader.read(known);
    return reader;
  } catch {
    // Given up, or something went wrong (a bad number, a bad reference): the general reader says what.
    return null;
  }
}

class CommonFormReader {
  readonly #input: string;
  readonly #limits: DeserializeSettings;
  /** An `<Objs>` document is read (its entries), not one value. */
  readonly #document: boolean;
  readonly entries: ClixmlDocumentEntry[] = [];
  /** The open elements: [0] is the document, [depth] the innermost. Reused level by level. */
  readonly #open: Frame[] = [new Frame(FRAME_ROOT, '', 0)];
  #depth = 0;
  #elements = 0;
  #rootRead = false;
  /**
   * Objects and type-name lists by RefId. The common form's RefIds are decimal numbers as PowerShell writes them
   * (#refId gives up on any other), so arrays serve: no Map to make per body, no string to cut per RefId.
   */
  readonly #objects: PSObject[] = [];
  readonly #typeNames: TypeNameSource[] = [];
  /**
   * The first '<', '&' and CR at or after the last position asked about (-1: none left); they only move forward. The
   * tokenizer keeps the same as ForwardSearch objects; here three objects more per body made small bodies 1-2 % slower.
   */
  #nextLessThan = -2;
  #nextAmpersand = -2;
  #nextCarriageReturn = -2;

  constructor(input: string, limits: DeserializeSettings, document: boolean) {
    this.#input = input;
    this.#limits = limits;
    this.#document = document;
  }

  /** The value read (a single value's text). */
  get value(): PsValue {
    return (this.#open[0] as Frame).value as PsValue;
  }

  read(known: TextKnowledge): void {
    const input = this.#input;
    if (holdsInvalidXmlCharacter(input, known)) giveUp();
    let position = input.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    for (;;) {
      const lessThan = this.#lessThanFrom(position);
      const textEnd = lessThan < 0 ? input.length : lessThan;
      // Between elements and around the root only whitespace stands; text is read with its element.
      if (textEnd > position && !isXmlWhitespace(input, position, textEnd)) giveUp();
      if (lessThan < 0) break;
      position = input.charCodeAt(lessThan + 1) === SLASH ? this.#endTag(lessThan) : this.#startTag(lessThan);
    }
    if (this.#depth > 0 || !this.#rootRead) giveUp();
  }

  #lessThanFrom(position: number): number {
    if (this.#nextLessThan !== -1 && this.#nextLessThan < position) this.#nextLessThan = this.#input.indexOf('<', position);
    return this.#nextLessThan;
  }

  #ampersandFrom(position: number): number {
    if (this.#nextAmpersand !== -1 && this.#nextAmpersand < position) this.#nextAmpersand = this.#input.indexOf('&', position);
    return this.#nextAmpersand;
  }

  #carriageReturnFrom(position: number): number {
    if (this.#nextCarriageReturn !== -1 && this.#nextCarriageReturn < position) this.#nextCarriageReturn = this.#input.indexOf('\r', position);
    return this.#nextCarriageReturn;
  }

  /** Character data `[start, end)` decoded as the tokenizer decodes it. */
  #text(start: number, end: number): string {
    const ampersand = this.#ampersandFrom(start);
    const carriageReturn = this.#carriageReturnFrom(start);
    if ((ampersand < 0 || ampersand >= end) && (carriageReturn < 0 || carriageReturn >= end)) return this.#input.slice(start, end);
    return decodeXmlText(this.#input, start, end, false, ampersand);
  }

  /** The attribute value starting at `start` (after its `="`), and where its closing quote is (in #valueEnd). */
  #attribute(start: number): string {
    const input = this.#input;
    const end = input.indexOf('"', start);
    if (end < 0) giveUp();
    const lessThan = this.#lessThanFrom(start);
    if (lessThan >= 0 && lessThan < end) giveUp();
    this.#valueEnd = end;
    const ampersand = this.#ampersandFrom(start);
    let plain = ampersand < 0 || ampersand >= end;
    for (let index = start; plain && index < end; index++) {
      const code = input.charCodeAt(index);
      plain = code !== TAB && code !== LINE_FEED && code !== CARRIAGE_RETURN;
    }
    return plain ? input.slice(start, end) : decodeXmlText(input, start, end, true, ampersand);
  }

  #valueEnd = 0;

  /**
   * The RefId starting at `start` (after its `="`) as a number, and where its closing quote is (in #valueEnd). Only
   * decimal as PowerShell writes it, without a leading zero, of at most MAX_REF_ID_DIGITS digits; on any other the
   * general reader, whose RefIds are texts, reads the input.
   */
  #refId(start: number): number {
    const input = this.#input;
    let value = 0;
    let cursor = start;
    for (let code = input.charCodeAt(cursor); code >= DIGIT_ZERO && code <= DIGIT_NINE; code = input.charCodeAt(++cursor)) {
      value = value * 10 + (code - DIGIT_ZERO);
    }
    const digits = cursor - start;
    if (digits === 0 || digits > MAX_REF_ID_DIGITS || (digits > 1 && input.charCodeAt(start) === DIGIT_ZERO) || input.charCodeAt(cursor) !== DOUBLE_QUOTE) giveUp();
    this.#valueEnd = cursor;
    return value;
  }

  /** The `N` value starting at `start`: the property name it stands for (XML and PowerShell escapes decoded). */
  #name(start: number): string {
    const end = this.#input.indexOf('"', start);
    const remembered = PROPERTY_NAMES.find(this.#input, start, end);
    if (remembered !== undefined) {
      this.#valueEnd = end;
      return remembered;
    }
    const value = this.#attribute(start);
    // Written plainly (no reference; a tab or line break reads as the space it became): found again, it needs no check.
    if (value.length !== end - start) return decodePsString(value);
    const name = ownString(decodePsString(value));
    PROPERTY_NAMES.remember(value, name);
    return name;
  }

  #startTag(lessThan: number): number {
    const input = this.#input;
    const limits = this.#limits;
    if (this.#depth === 0 && this.#rootRead) giveUp();
    let cursor = lessThan + 1;
    while (isNameChar(input.charCodeAt(cursor))) cursor++;
    const known = knownTagAt(input, lessThan + 1, cursor) ?? giveUp();
    const { tag, kind } = known;
    if (kind === TAG_OBJECTS) return this.#documentStart(lessThan, cursor);
    // A document holds values only inside its <Objs>.
    if (this.#document && this.#depth === 0) giveUp();
    let name: string | undefined;
    let refId = -1;
    // PowerShell writes N before RefId; other writers (pypsrp, psrpcore) the other way round.
    if (isNameAttributeAt(input, cursor)) {
      name = this.#name(cursor + NAME_ATTRIBUTE_OPEN.length);
      cursor = this.#valueEnd + 1;
    }
    if (isRefIdAttributeAt(input, cursor)) {
      refId = this.#refId(cursor + REF_ID_ATTRIBUTE_OPEN.length);
      cursor = this.#valueEnd + 1;
      if (name === undefined && isNameAttributeAt(input, cursor)) {
        name = this.#name(cursor + NAME_ATTRIBUTE_OPEN.length);
        cursor = this.#valueEnd + 1;
      }
    }
    if (input.charCodeAt(cursor) === SPACE) cursor++;
    let selfClosing = false;
    if (input.charCodeAt(cursor) === SLASH) {
      if (input.charCodeAt(cursor + 1) !== GREATER_THAN) giveUp();
      selfClosing = true;
      cursor += 2;
    } else if (input.charCodeAt(cursor) === GREATER_THAN) {
      cursor++;
    } else {
      giveUp();
    }
    if (cursor - lessThan > limits.maxStringLength + TAG_MARKUP_ALLOWANCE) giveUp();
    if (this.#depth >= limits.maxDepth || ++this.#elements > limits.maxElements) giveUp();
    const parent = this.#open[this.#depth] as Frame;
    switch (kind) {
      case TAG_PRIMITIVE:
      case TAG_TO_STRING:
      case TAG_TYPE_NAME:
        return this.#textElement(kind, tag, name, parent, cursor, selfClosing);
      case TAG_NIL:
        if (!selfClosing) giveUp();
        this.#deliver(parent, null, name);
        return cursor;
      case TAG_REFERENCE: {
        if (!selfClosing || refId < 0) giveUp();
        const object = this.#objects[refId] ?? giveUp();
        this.#deliver(parent, object, name);
        return cursor;
      }
      case TAG_TYPE_NAMES_REFERENCE: {
        if (!selfClosing || refId < 0 || parent.kind !== FRAME_OBJECT) giveUp();
        const source = this.#typeNames[refId] ?? giveUp();
        // As the general reader charges it: each object gets its own copy of the names.
        this.#elements += source.presented.length;
        if (this.#elements > limits.maxElements) giveUp();
        setTypeNameSource(parent.target as PSObject, source);
        return cursor;
      }
      case TAG_TYPE_NAMES: {
        const end = selfClosing ? -1 : this.#rememberedTypeNames(parent, refId, cursor);
        if (end >= 0) return end;
        this.#openContainer(kind, tag, name, refId, parent);
        if (selfClosing) this.#close(-1);
        // Where its content starts: to remember it when it ends.
        else (this.#open[this.#depth] as Frame).offset = cursor;
        return cursor;
      }
      default:
        this.#openContainer(kind, tag, name, refId, parent);
        if (selfClosing) this.#close(-1);
        return cursor;
    }
  }

  /**
   * A `<TN>` whose content up to its end tag is one met lately: its list, without reading its `<T>`s one by one.
   * Returns where the end tag ends, or -1 (not met lately, or a limit to check element by element).
   */
  #rememberedTypeNames(parent: Frame, refId: number, start: number): number {
    const end = this.#input.indexOf(TYPE_NAMES_END_TAG, start);
    const source = end < 0 ? undefined : TYPE_NAME_LISTS.find(this.#input, start, end);
    if (source === undefined) return -1;
    const limits = this.#limits;
    const count = source.original.length;
    // What reading its <T>s would check: their depth, their number, and each one's length (at most the whole content's).
    if (parent.kind !== FRAME_OBJECT || (count > 0 && this.#depth + 1 >= limits.maxDepth) || end - start > limits.maxStringLength) return -1;
    this.#elements += count;
    if (this.#elements > limits.maxElements) giveUp();
    if (refId >= 0) this.#typeNames[refId] = source;
    setTypeNameSource(parent.target as PSObject, source);
    return end + TYPE_NAMES_END_TAG.length;
  }

  /** `<Objs>` at `lessThan`, its name read up to `cursor`: the root of a document, as Export-Clixml writes it. */
  #documentStart(lessThan: number, cursor: number): number {
    const input = this.#input;
    if (!this.#document || this.#depth > 0 || this.#rootRead) giveUp();
    if (isAt(input, cursor, VERSION_ATTRIBUTE_OPEN)) cursor = this.#ignoredAttribute(cursor + VERSION_ATTRIBUTE_OPEN.length);
    if (isAt(input, cursor, NAMESPACE_ATTRIBUTE_OPEN)) cursor = this.#ignoredAttribute(cursor + NAMESPACE_ATTRIBUTE_OPEN.length);
    if (input.charCodeAt(cursor) !== GREATER_THAN) giveUp();
    cursor++;
    if (cursor - lessThan > this.#limits.maxStringLength + TAG_MARKUP_ALLOWANCE) giveUp();
    if (this.#depth >= this.#limits.maxDepth || ++this.#elements > this.#limits.maxElements) giveUp();
    this.#push(FRAME_OBJECTS, ELEMENT.objects, undefined);
    return cursor;
  }

  /** An attribute the reader does not use: only checked (as the tokenizer checks it); returns where it ends. */
  #ignoredAttribute(start: number): number {
    this.#attribute(start);
    return this.#valueEnd + 1;
  }

  /** A primitive, `<ToString>` or `<T>`: its text and end tag are read with it. */
  #textElement(kind: number, tag: string, name: string | undefined, parent: Frame, start: number, selfClosing: boolean): number {
    const input = this.#input;
    let text = '';
    let next = start;
    if (!selfClosing) {
      const end = this.#lessThanFrom(start);
      if (end < 0 || input.charCodeAt(end + 1) !== SLASH || !isAt(input, end + 2, tag) || input.charCodeAt(end + 2 + tag.length) !== GREATER_THAN) giveUp();
      if (end - start > this.#limits.maxStringLength) giveUp();
      next = end + END_TAG_MARKUP + tag.length;
      if (kind === TAG_TYPE_NAME) {
        this.#typeName(parent, start, end);
        return next;
      }
      text = start === end ? '' : this.#text(start, end);
    }
    if (kind === TAG_TO_STRING) {
      if (parent.kind !== FRAME_OBJECT) giveUp();
      (parent.target as PSObject).toStringValue = decodePsString(text);
    } else if (kind === TAG_TYPE_NAME) {
      if (parent.kind !== FRAME_TYPE_NAMES) giveUp();
      (parent.typeNames as string[]).push(decodePsString(text));
    } else {
      this.#deliver(parent, decodePrimitive(tag as PrimitiveTag, text, this.#limits.preserveNumberTypes), name);
    }
    return next;
  }

  /** A `<T>` of `<TN>`: its text `[start, end)` is a type name, found among those met lately when it is one of them. */
  #typeName(parent: Frame, start: number, end: number): void {
    if (parent.kind !== FRAME_TYPE_NAMES) giveUp();
    let name = TYPE_NAMES.find(this.#input, start, end);
    if (name === undefined) {
      const text = start === end ? '' : this.#text(start, end);
      name = decodePsString(text);
      // Written plainly (no reference, no CR): found again, it needs no check.
      if (text.length === end - start) {
        name = ownString(name);
        TYPE_NAMES.remember(text, name);
      }
    }
    (parent.typeNames as string[]).push(name);
  }

  #push(kind: number, tag: string, name: string | undefined): Frame {
    const depth = ++this.#depth;
    const pooled = this.#open[depth];
    const element = pooled === undefined ? new Frame(kind, tag, 0) : pooled.reset(kind, tag, 0);
    this.#open[depth] = element;
    element.name = name;
    return element;
  }

  #openContainer(kind: number, tag: string, name: string | undefined, refId: number, parent: Frame): void {
    switch (kind) {
      case TAG_OBJECT: {
        const element = this.#push(FRAME_OBJECT, tag, name);
        const { object, target } = PSObject.createForReader();
        element.object = object;
        element.target = target;
        // Registered before its content, so that references inside it resolve to it.
        if (refId >= 0) this.#objects[refId] = object;
        return;
      }
      case TAG_LIST:
        this.#push(FRAME_LIST, tag, name).list = [];
        return;
      case TAG_DICTIONARY:
        this.#push(FRAME_DICTIONARY, tag, name).dictionary = new PSDictionary();
        return;
      case TAG_DICTIONARY_ENTRY:
        if (parent.kind !== FRAME_DICTIONARY) giveUp();
        this.#push(FRAME_ENTRY, tag, undefined);
        return;
      case TAG_TYPE_NAMES: {
        if (parent.kind !== FRAME_OBJECT) giveUp();
        const element = this.#push(FRAME_TYPE_NAMES, tag, undefined);
        element.typeNames = [];
        element.refNumber = refId;
        return;
      }
      case TAG_ADAPTED_PROPERTIES:
        if (parent.kind !== FRAME_OBJECT) giveUp();
        this.#push(FRAME_MEMBERS, tag, undefined);
        return;
      case TAG_MEMBER_SET: {
        if (parent.kind === FRAME_OBJECT) {
          this.#push(FRAME_MEMBERS, tag, undefined);
          return;
        }
        // A property set: a named <MS> inside a member set.
        if (parent.kind !== FRAME_MEMBERS || name === undefined) giveUp();
        this.#push(FRAME_MEMBERS, tag, name).isNestedMemberSet = true;
        return;
      }
      default:
        // <Objs>, <PR>, and what the general reader keeps as unknown elements.
        giveUp();
    }
  }

  #endTag(lessThan: number): number {
    const input = this.#input;
    const element = this.#open[this.#depth] as Frame;
    const tag = element.tag;
    if (this.#depth === 0 || !isAt(input, lessThan + 2, tag) || input.charCodeAt(lessThan + 2 + tag.length) !== GREATER_THAN) giveUp();
    this.#close(lessThan);
    return lessThan + END_TAG_MARKUP + tag.length;
  }

  /** Closes the innermost open element, handing what it made to the one around it; its content ends at `contentEnd` (-1: none). */
  #close(contentEnd: number): void {
    const element = this.#open[this.#depth] as Frame;
    const parent = this.#open[--this.#depth] as Frame;
    switch (element.kind) {
      case FRAME_OBJECT:
        this.#deliver(parent, element.object as PSObject, element.name);
        return;
      case FRAME_MEMBERS:
        this.#closeMembers(element, parent);
        return;
      case FRAME_LIST:
        if (element.tag !== ELEMENT.list && parent.kind === FRAME_OBJECT) setListTag(parent.target as PSObject, element.tag as ListTag);
        this.#deliver(parent, element.list as PsValue[], element.name);
        return;
      case FRAME_DICTIONARY:
        this.#deliver(parent, element.dictionary as PSDictionary, element.name);
        return;
      case FRAME_ENTRY:
        if (!element.hasKey || !element.hasValue) giveUp();
        (parent.dictionary as PSDictionary).set(element.key as PsValue, element.value as PsValue);
        return;
      case FRAME_OBJECTS:
        this.#rootRead = true;
        return;
      case FRAME_TYPE_NAMES: {
        const original = element.typeNames as string[];
        const source = typeNameSource(original);
        if (element.refNumber >= 0) this.#typeNames[element.refNumber] = source;
        setTypeNameSource(parent.target as PSObject, source);
        if (contentEnd >= 0) rememberTypeNames(this.#input.slice(element.offset, contentEnd), source);
        return;
      }
      default:
        giveUp();
    }
  }

  /** `<Props>` and `<MS>` become their object's record (added to one read before), a nested `<MS>` a PSMemberSet. */
  #closeMembers(element: Frame, parent: Frame): void {
    const { memberNames: names, memberValues: values, memberCount: count } = element;
    if (element.isNestedMemberSet) {
      const memberSet = new PSMemberSet();
      storeProperties(memberSet.members, names, values, count);
      this.#deliver(parent, memberSet, element.name);
    } else if (count > 0) {
      const target = parent.target as PSObject;
      const adapted = element.tag === ELEMENT.adaptedProperties;
      const existing = adapted ? target.adapted : target.extended;
      if (!isEmptyRecord(existing)) storeProperties(existing, names, values, count);
      else if (adapted) target.adapted = propertyRecordOf(names, values, count);
      else target.extended = propertyRecordOf(names, values, count);
    }
    // The values go with the element: the reused arrays keep none of them (a loop: fill() costs a call of 25 ns).
    for (let index = 0; index < count; index++) values[index] = null;
  }

  /** Hands a finished value to the element around it. */
  #deliver(parent: Frame, value: PsValue, name: string | undefined): void {
    switch (parent.kind) {
      case FRAME_ROOT:
        parent.value = value;
        this.#rootRead = true;
        return;
      case FRAME_OBJECTS:
        this.entries.push({ value, stream: null });
        return;
      case FRAME_OBJECT:
        if (parent.hasBaseValue) giveUp();
        (parent.target as PSObject).baseValue = value;
        parent.hasBaseValue = true;
        return;
      case FRAME_MEMBERS:
        if (name === undefined) giveUp();
        parent.memberNames[parent.memberCount] = name;
        parent.memberValues[parent.memberCount++] = value;
        return;
      case FRAME_LIST:
        (parent.list as PsValue[]).push(value);
        return;
      case FRAME_ENTRY:
        if (name === DICTIONARY_KEY && !parent.hasKey) {
          parent.key = value;
          parent.hasKey = true;
        } else if (name === DICTIONARY_VALUE && !parent.hasValue) {
          parent.value = value;
          parent.hasValue = true;
        } else {
          giveUp();
        }
        return;
      default:
        giveUp();
    }
  }
}

/**
 * Remembers the list a `<TN>`'s content made. Read element by element, any text makes the same list wherever it
 * stands (text between the `<T>`s can only be whitespace), so the text alone stands for it. Kept as copies, frozen:
 * every object read from the same text later shares the list.
 */
function rememberTypeNames(content: string, source: TypeNameSource): void {
  if (content.length === 0) return;
  TYPE_NAME_LISTS.remember(content, typeNameSource(source.original.map(ownString)));
}

function isEmptyRecord(record: Record<string, PsValue>): boolean {
  for (const _name in record) return false;
  return true;
}
