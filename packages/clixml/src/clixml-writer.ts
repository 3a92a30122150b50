/**
 * @module clixml-writer
 * JS values -> CLIXML text in PowerShell's own shape (MS-PSRP 2.2.5): `<Obj RefId>` counters from 0,
 * type-name lists written once as `<TN RefId>` and then as `<TNRef>`, repeated objects as `<Ref>`
 * (which also makes cyclic structures finite), strings escaped as `_xHHHH_` then XML-escaped.
 *
 * JS values go out as a PowerShell user expects: an integer number as Int32 when it fits, else Int64
 * while it is a safe integer, else Double; a bigint as Int64; an array as object[]; a Map as a Hashtable; a
 * plain object as a PSCustomObject. PSNumber and the PS* wrapper classes pick any other type.
 */
import { encodeBase64 } from '@psrp/fragment';
import { DICTIONARY_KEY, DICTIONARY_VALUE } from './element-names.js';
import { ClixmlLimitError, ClixmlSerializeError, formatValuePath } from './errors.js';
import { formatSingle } from './number-format.js';
import { ClixmlOutput, markup } from './clixml-output.js';
import { writePlainMembers } from './planned-members.js';
import { claimRefId, NEWLY_STAMPED, NOT_STAMPABLE } from './ref-stamps.js';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, FORM_ENDINGS, nameAttribute, startTag, TAG_BEFORE_REF_ID, TAG_EMPTY, TAG_START, tagMarkup, type TagForm, type TagMarkup } from './tag-markup.js';
import { type TypeNameList, typeNameListOf } from './type-name-lists.js';
import { ESCAPED_IN_ELEMENT, escapeXmlAttribute, escapeXmlText } from './string-escaping.js';
import type { PsValue } from './value.js';
import { PSChar } from './values/ps-char.js';
import { PSDateTime, type DateTimeKind } from './values/ps-date-time.js';
import { PSDecimal } from './values/ps-decimal.js';
import { PSGuid } from './values/ps-guid.js';
import { BIG_INTEGER_RANGES, INTEGER_RANGES, PSNumber } from './values/ps-number.js';
import { DESERIALIZED_PREFIX, listTagOf, PSDictionary, PSMemberSet, PSObject, typeNamesToWrite } from './values/ps-object.js';
import { isPropertyRecord } from './values/property-record.js';
import { progressRecordContent, PSProgressRecord } from './values/ps-progress-record.js';
import { PSSecureString, PSScriptBlock, PSUri, PSXmlDocument } from './values/ps-text-values.js';
import { PSTimeSpan } from './values/ps-time-span.js';
import { PSUnknownElement } from './values/ps-unknown-element.js';
import { PSVersion } from './values/ps-version.js';

export const ARRAY_TYPE_NAMES: readonly string[] = ['System.Object[]', 'System.Array', 'System.Object'];
export const HASHTABLE_TYPE_NAMES: readonly string[] = ['System.Collections.Hashtable', 'System.Object'];
export const PSCUSTOMOBJECT_TYPE_NAMES: readonly string[] = ['System.Management.Automation.PSCustomObject', 'System.Object'];
const STACK_TYPE_NAME = 'System.Collections.Stack';
const QUEUE_TYPE_NAME = 'System.Collections.Queue';
const [INT32_MIN, INT32_MAX] = INTEGER_RANGES.I32;
const [INT64_MIN, INT64_MAX] = BIG_INTEGER_RANGES.I64;
/** Type-name arrays remembered by identity per writer (see #typeNameList). */
const RECENT_TYPE_NAME_LISTS = 8;
const NIL = tagMarkup('Nil');
const STRING = tagMarkup('S');
const BETWEEN_STRINGS = markup('</S><S>');
const BOOLEAN = tagMarkup('B');
const INT32 = tagMarkup('I32');
const INT64 = tagMarkup('I64');
const DOUBLE = tagMarkup('Db');
const DATE_TIME = tagMarkup('DT');
const BYTES = tagMarkup('BA');
const OBJECT = tagMarkup('Obj');
const REFERENCE = tagMarkup('Ref');
const TO_STRING = tagMarkup('ToString');
const DICTIONARY = tagMarkup('DCT');
const LIST = tagMarkup('LST');
const DICTIONARY_ENTRY = tagMarkup('En');
const REF_ID_END_START = markup('">');
const REF_ID_END_EMPTY = markup('" />');
/** The end of an `<Obj RefId="n` start tag and the start of its type names. */
const TYPE_NAMES_AFTER_REF_ID = markup('"><TN RefId="');
const TYPE_NAMES_REFERENCE_AFTER_REF_ID = markup('"><TNRef RefId="');
const ADAPTED_MEMBERS = tagMarkup('Props');
const EXTENDED_MEMBERS = tagMarkup('MS');

/**
 * What serialize() accepts: every PsValue, `undefined` (as `<Nil/>`), and plain objects (`{ Name: 'x' }`,
 * written as a PSCustomObject whose properties are notes).
 */
export type PsSerializable = PsValue | undefined | PsPlainObject | readonly PsSerializable[];
export interface PsPlainObject {
  readonly [name: string]: PsSerializable;
}

/** The tag a list arrived in; else LST, or STK/QUE when the type names say the array came from a Stack or Queue. */
function listTag(typeNames: readonly string[], object?: PSObject): string {
  const known = object === undefined ? undefined : listTagOf(object);
  if (known !== undefined) return known;
  const first = typeNames[0] ?? '';
  const typeName = first.startsWith(DESERIALIZED_PREFIX) ? first.slice(DESERIALIZED_PREFIX.length) : first;
  if (typeName === STACK_TYPE_NAME) return 'STK';
  if (typeName === QUEUE_TYPE_NAME) return 'QUE';
  return 'LST';
}

function isPlainObject(value: object): value is PsPlainObject {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null || isPropertyRecord(value);
}

/** Counts writers, so that each has its own generation. */
let writerGenerations = 0;

export class ClixmlWriter {
  readonly #output: ClixmlOutput;
  /**
   * RefIds of written arrays, Maps and plain objects that cannot carry theirs (see ref-stamps; PSObjects carry theirs
   * too: see #openPSObject). Never iterated, so weak; made when first needed.
   */
  #unstampableIds: WeakMap<object, number> | undefined = undefined;
  #nextObjectId = 0;
  #nextTypeNameId = 0;
  /**
   * The last few type-name arrays met in this piece of output and their lists: objects of one type share one array,
   * found here by identity.
   */
  readonly #recentTypeNameArrays: (readonly string[])[] = [];
  readonly #recentTypeNameLists: TypeNameList[] = [];
  #nextRecentTypeNames = 0;
  readonly #maxDepth: number;
  /** Property names and indexes down to the value being written, formatted only for an error. */
  readonly #path: (string | number | PsSerializable)[] = [];
  #depth = 0;
  /** Tells this writer's RefIds on objects from any other writer's (see PSObject.claimRefId and ref-stamps). */
  readonly #generation = ++writerGenerations;
  /** The `S` attribute the next opened tag gets (a top-level value of a document). */
  #stream: string | undefined = undefined;
  /**
   * A plain object's member written the general way (for writePlainMembers): made by the first plain object a writer
   * meets (most writers meet none: a message body of deserialized objects).
   */
  #writeNote: ((member: string, item: PsSerializable) => void) | undefined = undefined;

  /**
   * Written objects are remembered weakly, so a long document stream does not keep its values alive. `utf8`: the output
   * is taken as UTF-8 bytes (takeBytes), not as text (take).
   */
  constructor(maxDepth: number, utf8 = false) {
    this.#maxDepth = maxDepth;
    this.#output = new ClixmlOutput(utf8);
  }

  /** Hands out what was written so far and starts a new piece (a streaming writer's chunk). */
  take(): string {
    // An array of type names may be changed before the next piece: it is looked up by its names again then.
    this.#recentTypeNameArrays.length = 0;
    this.#nextRecentTypeNames = 0;
    return this.#output.take();
  }

  /** What was written, as UTF-8, from a writer made with `utf8`. */
  takeBytes(): Uint8Array {
    this.#recentTypeNameArrays.length = 0;
    this.#nextRecentTypeNames = 0;
    return this.#output.takeBytes();
  }

  append(text: string): void {
    this.#output.raw(text);
  }

  #fail(message: string): never {
    throw new ClixmlSerializeError(message, formatValuePath(this.#path));
  }

  /** `<tag N="name"` (and the pending stream attribute), ending as `form` says. */
  #open(tag: TagMarkup, name: string | undefined, form: TagForm): void {
    if (this.#stream === undefined) {
      this.#output.markup(startTag(tag, name, form));
      return;
    }
    // The stream name is any text: appended as a string, in case it holds a lone surrogate.
    this.#output.string(this.#openText(tag.tag, name) + FORM_ENDINGS[form]);
  }

  /** `<tag N="name"` (and the pending stream attribute) as text, for the elements written whole as strings. */
  #openText(tag: string, name: string | undefined): string {
    const stream = this.#stream;
    if (stream === undefined) return `<${tag}${nameAttribute(name)}`;
    this.#stream = undefined;
    return `<${tag}${nameAttribute(name)} S="${escapeXmlAttribute(stream)}"`;
  }

  /** An element whose text is written as it is (numbers, dates, base64). */
  #rawElement(tag: TagMarkup, name: string | undefined, text: string): void {
    this.#open(tag, name, TAG_START);
    this.#output.raw(text);
    this.#output.markup(tag.end);
  }

  /** An element whose text is escaped as PowerShell escapes strings. Empty text stays `<S></S>`, as PowerShell writes it. */
  #textElement(tag: TagMarkup, name: string | undefined, text: string): void {
    this.#open(tag, name, TAG_START);
    this.#output.text(text, ESCAPED_IN_ELEMENT);
    this.#output.markup(tag.end);
  }

  #integerElement(tag: TagMarkup, name: string | undefined, value: number): void {
    this.#open(tag, name, TAG_START);
    this.#output.integer(value);
    this.#output.markup(tag.end);
  }

  /** A top-level value of an `<Objs>` document, with the stream its `S` attribute names (e.g. "Error"). */
  writeEntry(value: PsSerializable, stream: string | null | undefined): void {
    this.#stream = stream ?? undefined;
    this.#writeValue(value, undefined);
    this.#stream = undefined;
  }

  writeValue(value: PsSerializable, name: string | undefined): void {
    this.#writeValue(value, name);
  }

  #writeValue(value: PsSerializable, name: string | undefined): void {
    switch (typeof value) {
      case 'undefined':
        this.#open(NIL, name, TAG_EMPTY);
        return;
      case 'string':
        this.#textElement(STRING, name, value);
        return;
      case 'boolean':
        this.#open(BOOLEAN, name, TAG_START);
        this.#output.markup(value ? BOOLEAN_TRUE : BOOLEAN_FALSE);
        this.#output.markup(BOOLEAN.end);
        return;
      case 'number':
        this.#writeNumber(value, name);
        return;
      case 'bigint':
        if (value < INT64_MIN || value > INT64_MAX) this.#fail('a bigint outside Int64 (use PSNumber.uint64 for UInt64)');
        this.#rawElement(INT64, name, String(value));
        return;
      case 'object':
        if (value === null) {
          this.#open(NIL, name, TAG_EMPTY);
          return;
        }
        this.#writeObjectValue(value, name);
        return;
      default:
        this.#fail(`a ${typeof value} has no CLIXML form`);
    }
  }

  /**
   * Int32 when it fits, Int64 for larger safe integers, Double otherwise (fractions, -0, NaN, beyond 2^53): numberKind's
   * decision, made here in place (the kind returned and tested again measured 3-6 % slower on the Get-Process document).
   */
  #writeNumber(value: number, name: string | undefined): void {
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value >= INT32_MIN && value <= INT32_MAX) {
        this.#integerElement(INT32, name, value);
        return;
      }
      if (Number.isSafeInteger(value)) {
        this.#integerElement(INT64, name, value);
        return;
      }
    }
    this.#doubleElement(DOUBLE, name, value);
  }

  #doubleElement(tag: TagMarkup, name: string | undefined, value: number): void {
    this.#open(tag, name, TAG_START);
    this.#output.double(value);
    this.#output.markup(tag.end);
  }

  #writeObjectValue(value: object, name: string | undefined): void {
    // A PSObject is a Proxy: `instanceof` through it costs about 50 ns, unwrap (one trap) less, and then
    // `instanceof` on the object behind it is cheap. Any other object unwraps to itself.
    const target = PSObject.unwrap(value as PSObject);
    if (target instanceof PSObject) return this.#writePSObject(target, name);
    this.#writeOtherObject(value, name);
  }

  /**
   * Any object but a PSObject; `members` is the member set it is a member of (where a PSMemberSet may be). The
   * common kinds are told by their prototype first: each `instanceof` below walks the prototype chain again.
   */
  #writeOtherObject(value: object, name: string | undefined, members?: TagMarkup): void {
    if (Array.isArray(value)) return this.#writeWrapped(value as PsSerializable[], ARRAY_TYPE_NAMES, name);
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype === Object.prototype || prototype === null) return this.#writePlainObject(value as PsPlainObject, name);
    if (prototype === Date.prototype) return this.#writeDate(value as Date, name);
    // Every `<DT>` read is one, and the instanceof tests below would each walk its prototype chain first.
    if (prototype === PSDateTime.prototype) return this.#writeDateTime(value as PSDateTime, name);
    if (value instanceof PSMemberSet) return this.#writeMemberSet(value, name, members);
    if (value instanceof Map) return this.#writeWrapped(value as Map<PsValue, PsValue>, HASHTABLE_TYPE_NAMES, name);
    if (value instanceof PSNumber) return this.#writeTypedNumber(value, name);
    if (value instanceof Date) {
      if (value instanceof PSDateTime) return this.#writeDateTime(value, name);
      return this.#writeDate(value, name);
    }
    if (value instanceof Uint8Array) {
      // PowerShell writes no bytes as an empty element.
      if (value.length === 0) return this.#open(BYTES, name, TAG_EMPTY);
      return this.#rawElement(BYTES, name, encodeBase64(value));
    }
    if (value instanceof PSTimeSpan) return this.#rawElement(tagMarkup('TS'), name, value.toClixml());
    if (value instanceof PSGuid) return this.#rawElement(tagMarkup('G'), name, value.value);
    if (value instanceof PSVersion) return this.#rawElement(tagMarkup('Version'), name, value.toString());
    if (value instanceof PSChar) return this.#rawElement(tagMarkup('C'), name, String(value.code));
    if (value instanceof PSDecimal) return this.#rawElement(tagMarkup('D'), name, value.text);
    if (value instanceof PSUri) return this.#textElement(tagMarkup('URI'), name, value.text);
    if (value instanceof PSSecureString) {
      // Any text (base64 when it came from PowerShell): appended as a string, in case it holds a lone surrogate.
      this.#open(tagMarkup('SS'), name, TAG_START);
      this.#output.string(escapeXmlText(value.text));
      return this.#output.markup(tagMarkup('SS').end);
    }
    if (value instanceof PSScriptBlock) return this.#textElement(tagMarkup('SBK'), name, value.text);
    if (value instanceof PSXmlDocument) return this.#textElement(tagMarkup('XD'), name, value.text);
    if (value instanceof PSProgressRecord) return this.#writeProgressRecord(value, name);
    if (value instanceof PSUnknownElement) return this.#writeUnknown(value, name);
    if (isPlainObject(value)) return this.#writePlainObject(value, name);
    this.#fail(`${Object.prototype.toString.call(value)} has no CLIXML form (use a plain object, a PSObject or a PS* wrapper)`);
  }

  /** A PSDateTime: its wire text when that must be kept as it is, else straight into the output as #writeDate does. */
  #writeDateTime(value: PSDateTime, name: string | undefined): void {
    const verbatim = PSDateTime.verbatimText(value);
    if (verbatim !== undefined) return this.#rawElement(DATE_TIME, name, verbatim);
    this.#dateTimeElement(name, value.getTime(), value.kind, value.offsetMinutes ?? 0, value.subMillisecondTicks);
  }

  /** A Date that is no PSDateTime: UTC, written straight into the output. */
  #writeDate(value: Date, name: string | undefined): void {
    this.#dateTimeElement(name, value.getTime(), 'Utc', 0, 0);
  }

  #dateTimeElement(name: string | undefined, epochMilliseconds: number, kind: DateTimeKind, offsetMinutes: number, subMillisecondTicks: number): void {
    this.#open(DATE_TIME, name, TAG_START);
    this.#output.dateTime(epochMilliseconds, kind, offsetMinutes, subMillisecondTicks);
    this.#output.markup(DATE_TIME.end);
  }

  /** A nested `<MS N="...">`: only as a member of an `<MS>`. */
  #writeMemberSet(value: PSMemberSet, name: string | undefined, members: TagMarkup | undefined): void {
    if (members === undefined) this.#fail('a PSMemberSet can only be a member of a PSObject');
    if (members !== EXTENDED_MEMBERS) this.#fail('a PSMemberSet can only be an extended (MS) member');
    this.#enter();
    this.#writeMembers(EXTENDED_MEMBERS, value.members, name);
    this.#leave();
  }

  #writeTypedNumber(value: PSNumber, name: string | undefined): void {
    const number = value.value;
    if (value.tag === 'Db') return this.#doubleElement(DOUBLE, name, number as number);
    let text: string;
    if (typeof number === 'bigint') text = String(number);
    else if (value.tag === 'Sg') text = formatSingle(number);
    else text = String(number);
    this.#rawElement(tagMarkup(value.tag), name, text);
  }

  /** Path segments are pushed by whoever names the child (member, index, key); this only counts depth. */
  #enter(): void {
    if (++this.#depth > this.#maxDepth) {
      throw new ClixmlLimitError('maxDepth', this.#maxDepth, `nesting at ${formatValuePath(this.#path)}`);
    }
  }

  #leave(): void {
    this.#depth--;
  }

  /** `<Ref RefId="known" />` for an object written before. */
  #writeReference(known: number, name: string | undefined): void {
    this.#open(REFERENCE, name, TAG_BEFORE_REF_ID);
    this.#output.integer(known);
    this.#output.markup(REF_ID_END_EMPTY);
  }

  /** `<Obj RefId="refId`: #writeTypeNames, which always comes next, ends the tag (one piece fewer per object). */
  #writeObjectStart(refId: number, name: string | undefined): void {
    this.#open(OBJECT, name, TAG_BEFORE_REF_ID);
    this.#output.integer(refId);
  }

  /** #openObject for a PSObject (given its target): the RefId is kept on the object, not looked up in a Map. */
  #openPSObject(target: PSObject, name: string | undefined): boolean {
    const known = PSObject.claimRefId(target, this.#generation, this.#nextObjectId);
    if (known >= 0) {
      this.#writeReference(known, name);
      return false;
    }
    this.#writeObjectStart(this.#nextObjectId++, name);
    return true;
  }

  /** Writes `<Ref>` and returns false when the object was written before; otherwise opens its `<Obj>`. */
  #openObject(identity: object, name: string | undefined): boolean {
    let known = claimRefId(identity, this.#generation, this.#nextObjectId);
    if (known === NOT_STAMPABLE) {
      const objectIds = (this.#unstampableIds ??= new WeakMap());
      known = objectIds.get(identity) ?? NEWLY_STAMPED;
      if (known === NEWLY_STAMPED) objectIds.set(identity, this.#nextObjectId);
    }
    if (known !== NEWLY_STAMPED) {
      this.#writeReference(known, name);
      return false;
    }
    this.#writeObjectStart(this.#nextObjectId++, name);
    return true;
  }

  #typeNameList(typeNames: readonly string[], shared: boolean): TypeNameList {
    const arrays = this.#recentTypeNameArrays;
    for (let index = 0; index < arrays.length; index++) {
      if (arrays[index] === typeNames) return this.#recentTypeNameLists[index] as TypeNameList;
    }
    const list = typeNameListOf(typeNames, shared);
    const slot = this.#nextRecentTypeNames;
    this.#nextRecentTypeNames = (slot + 1) % RECENT_TYPE_NAME_LISTS;
    arrays[slot] = typeNames;
    this.#recentTypeNameLists[slot] = list;
    return list;
  }

  /**
   * Ends the `<Obj RefId="n` that #writeObjectStart began, then `<TN>` the first time this writer meets a list of names,
   * `<TNRef>` after. `shared`: see typeNameListOf.
   */
  #writeTypeNames(typeNames: readonly string[], shared = true): void {
    const output = this.#output;
    if (typeNames.length === 0) {
      output.markup(REF_ID_END_START);
      return;
    }
    const list = this.#typeNameList(typeNames, shared);
    if (list.writer === this.#generation) {
      output.markup(TYPE_NAMES_REFERENCE_AFTER_REF_ID);
      output.integer(list.refId);
      output.markup(REF_ID_END_EMPTY);
      return;
    }
    list.writer = this.#generation;
    list.refId = this.#nextTypeNameId++;
    output.markup(TYPE_NAMES_AFTER_REF_ID);
    output.integer(list.refId);
    output.markup(REF_ID_END_START);
    output.markup(list.body);
  }

  /** A bare array or Map becomes an Obj with PowerShell's type names for object[] or Hashtable. */
  #writeWrapped(value: PsSerializable[] | Map<PsValue, PsValue>, typeNames: readonly string[], name: string | undefined): void {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(typeNames);
    this.#writeContent(value, typeNames);
    this.#output.markup(OBJECT.end);
    this.#leave();
  }

  #writeContent(value: PsSerializable[] | Map<PsValue, PsValue>, typeNames: readonly string[], object?: PSObject): void {
    const output = this.#output;
    if (Array.isArray(value)) {
      const tag = typeNames === ARRAY_TYPE_NAMES ? LIST : tagMarkup(listTag(typeNames, object));
      if (value.length === 0) {
        output.markup(tag.unnamed[TAG_EMPTY]);
        return;
      }
      output.markup(tag.unnamed[TAG_START]);
      const path = this.#path;
      // Strings in a row are joined by one piece, `</S><S>` (a list of names is common, and mostly its markup).
      let stringOpen = false;
      for (let index = 0; index < value.length; index++) {
        const item = value[index];
        if (typeof item === 'string') {
          output.markup(stringOpen ? BETWEEN_STRINGS : STRING.unnamed[TAG_START]);
          output.text(item, ESCAPED_IN_ELEMENT);
          stringOpen = true;
          continue;
        }
        if (stringOpen) {
          output.markup(STRING.end);
          stringOpen = false;
        }
        path.push(index);
        this.#writeValue(item, undefined);
        path.pop();
      }
      if (stringOpen) output.markup(STRING.end);
      output.markup(tag.end);
      return;
    }
    if (value.size === 0) {
      output.markup(DICTIONARY.unnamed[TAG_EMPTY]);
      return;
    }
    output.markup(DICTIONARY.unnamed[TAG_START]);
    for (const [key, item] of value) {
      this.#path.push(key);
      output.markup(DICTIONARY_ENTRY.unnamed[TAG_START]);
      this.#writeValue(key, DICTIONARY_KEY);
      this.#writeValue(item, DICTIONARY_VALUE);
      output.markup(DICTIONARY_ENTRY.end);
      this.#path.pop();
    }
    output.markup(DICTIONARY.end);
  }

  /** A plain object is what `[pscustomobject]@{...}` is in PowerShell: notes on a PSCustomObject. */
  #writePlainObject(value: PsPlainObject, name: string | undefined): void {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(PSCUSTOMOBJECT_TYPE_NAMES);
    writePlainMembers(this.#output, value, (this.#writeNote ??= (member, item) => this.#writeMember(EXTENDED_MEMBERS, member, item)));
    this.#leave();
  }

  /** `value` is the object behind a PSObject's proxy: its fields are read with no trap per field. */
  #writePSObject(value: PSObject, name: string | undefined): void {
    if (!this.#openPSObject(value, name)) return;
    this.#enter();
    const typeNames = typeNamesToWrite(value);
    // The object's own array (one built here, or changed since it was read) is not shared with other objects.
    this.#writeTypeNames(typeNames, typeNames !== value.typeNames);
    if (value.toStringValue !== null) this.#textElement(TO_STRING, undefined, value.toStringValue);
    const base = value.baseValue;
    if (base !== undefined) {
      if (Array.isArray(base) || base instanceof PSDictionary || base instanceof Map) {
        this.#writeContent(base, typeNames, value);
      } else if (base instanceof PSMemberSet) {
        this.#fail('the baseValue of a PSObject cannot be a PSMemberSet');
      } else {
        // Anything else, an object included (PowerShell reads an <Obj> inside an <Obj> as its base).
        this.#writeValue(base, undefined);
      }
    }
    this.#writeMembers(ADAPTED_MEMBERS, value.adapted);
    this.#writeMembers(EXTENDED_MEMBERS, value.extended);
    const unknownElements = PSObject.unknownElementsOf(value);
    if (unknownElements !== undefined) {
      for (let index = 0; index < unknownElements.length; index++) this.#writeUnknown(unknownElements[index] as PSUnknownElement, undefined);
    }
    this.#output.markup(OBJECT.end);
    this.#leave();
  }

  #writeMembers(tag: TagMarkup, members: Readonly<Record<string, PsSerializable>>, name?: string): void {
    let opened = false;
    const path = this.#path;
    const output = this.#output;
    // for-in rather than Object.keys: the records have no prototype, and no key array is made.
    for (const member in members) {
      if (!opened) {
        output.markup(startTag(tag, name, TAG_START));
        opened = true;
      }
      const item = members[member];
      path.push(member);
      if (typeof item !== 'object' || item === null) this.#writeValue(item, member);
      else this.#writeMemberObject(tag, item, member);
      path.pop();
    }
    if (opened) output.markup(tag.end);
    // An empty property set is written as PowerShell writes it; an empty top-level member set not at all.
    else if (name !== undefined) output.markup(startTag(tag, name, TAG_EMPTY));
  }

  /** One member, its start tag included; its name is on the path while it is written. */
  #writeMember(set: TagMarkup, member: string, item: PsSerializable): void {
    const path = this.#path;
    path.push(member);
    if (typeof item !== 'object' || item === null) this.#writeValue(item, member);
    else this.#writeMemberObject(set, item, member);
    path.pop();
  }

  /** A member that is an object: a PSObject, a nested member set (in an `<MS>`), or any other object. */
  #writeMemberObject(tag: TagMarkup, item: object, member: string): void {
    const target = PSObject.unwrap(item as PSObject);
    if (target instanceof PSObject) return this.#writePSObject(target, member);
    this.#writeOtherObject(item, member, tag);
  }

  /**
   * Writes an element a newer serializer sent back as it came; its `N` is the name it is written under now. Its
   * text is not PowerShell-escaped, so it goes out as strings (which keep a lone surrogate as it is).
   */
  #writeUnknown(element: PSUnknownElement, name: string | undefined): void {
    let out = this.#openText(element.tag, name);
    for (const attribute of Object.keys(element.attributes)) {
      if (attribute === 'N' && name !== undefined) continue;
      out += ` ${attribute}="${escapeXmlAttribute(element.attributes[attribute] as string)}"`;
    }
    if (element.children.length === 0) {
      this.#output.string(`${out} />`);
      return;
    }
    this.#output.string(`${out}>`);
    this.#enter();
    for (const child of element.children) {
      if (typeof child === 'string') this.#output.string(escapeXmlText(child));
      else this.#writeUnknown(child, undefined);
    }
    this.#leave();
    this.#output.string(`</${element.tag}>`);
  }

  #writeProgressRecord(record: PSProgressRecord, name: string | undefined): void {
    this.#output.raw(`${this.#openText('PR', name)}>${progressRecordContent(record, (message) => this.#fail(message))}`);
  }
}
