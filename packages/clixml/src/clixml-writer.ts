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
import { DICTIONARY_KEY, DICTIONARY_VALUE, PROGRESS_FIELD } from './element-names.js';
import { ClixmlLimitError, ClixmlSerializeError } from './errors.js';
import { formatDouble, formatSingle } from './number-format.js';
import { encodeAttributeText, encodeElementText, escapeXmlAttribute, escapeXmlText } from './string-escaping.js';
import type { PsValue } from './value.js';
import { PSChar } from './values/ps-char.js';
import { formatDateTime, PSDateTime } from './values/ps-date-time.js';
import { PSDecimal } from './values/ps-decimal.js';
import { PSGuid } from './values/ps-guid.js';
import { BIG_INTEGER_RANGES, INTEGER_RANGES, PSNumber } from './values/ps-number.js';
import { DESERIALIZED_PREFIX, isPropertyRecord, listTagOf, PSDictionary, PSMemberSet, PSObject, typeNamesToWrite } from './values/ps-object.js';
import { PSProgressRecord } from './values/ps-progress-record.js';
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
/** Encoded ` N="..."` attributes kept for reuse: objects of one type repeat the same property names. */
const MAX_CACHED_NAMES = 4096;
/** End tags of the primitive elements, made once. */
const END_TAGS: ReadonlyMap<string, string> = new Map(
  ['S', 'B', 'I32', 'I64', 'Db', 'Sg', 'DT', 'TS', 'G', 'By', 'SB', 'I16', 'U16', 'U32', 'U64', 'D', 'C', 'BA', 'URI', 'Version', 'SBK', 'XD', 'SS'].map(
    (tag) => [tag, `</${tag}>`],
  ),
);
/** Length at which written text is flattened and set aside (see #spill). */
const SPILL_LENGTH = 8192;

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

function formatPathSegment(segment: string | number | PsSerializable): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (typeof segment === 'string') return /^[A-Za-z_$][\w$]*$/.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  return `[${String(segment)}]`;
}

/** Counts writers, so that each has its own generation. */
let writerGenerations = 0;

export class ClixmlWriter {
  /** Text written since the last spill: kept small, so that appending to it stays cheap. */
  #out = '';
  /** Everything before #out, as flat pieces appended one after the other. */
  #done = '';
  /** RefIds of written arrays, Maps and plain objects (PSObjects carry theirs: see #openPSObject). Never iterated, so weak. */
  readonly #objectIds = new WeakMap<object, number>();
  #nextObjectId = 0;
  readonly #typeNameIds = new Map<string, number>();
  readonly #typeNameIdsByList = new WeakMap<readonly string[], number>();
  readonly #names = new Map<string, string>();
  readonly #startTags = new Map<string, Map<string, string>>();
  readonly #openTags = new Map<string, Map<string, string>>();
  readonly #maxDepth: number;
  /** Property names and indexes down to the value being written, formatted only for an error. */
  readonly #path: (string | number | PsSerializable)[] = [];
  #depth = 0;
  /** Tells this writer's RefIds on PSObjects from any other writer's (see PSObject.claimRefId). */
  readonly #generation = ++writerGenerations;
  /** The `S` attribute the next opened tag gets (a top-level value of a document). */
  #stream: string | undefined = undefined;

  /** Written objects are remembered weakly, so a long document stream does not keep its values alive. */
  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth;
  }

  get output(): string {
    return this.#done + this.#out;
  }

  /** Hands out what was written so far and starts a new piece (a streaming writer's chunk). */
  take(): string {
    const out = this.#done + this.#out;
    this.#done = '';
    this.#out = '';
    return out;
  }

  /**
   * Moves #out, flattened, onto #done once it is a few KiB long. One long rope of tiny strings costs far more
   * to flatten and to collect than a short rope of flat pieces (measured: about 3x for a 5 MB document).
   */
  #spill(): void {
    const out = this.#out;
    if (out.length < SPILL_LENGTH) return;
    out.charCodeAt(0); // flattens the rope of small pieces in one go
    this.#done += out;
    this.#out = '';
  }

  append(text: string): void {
    this.#out += text;
  }

  #fail(message: string): never {
    throw new ClixmlSerializeError(message, `$${this.#path.map(formatPathSegment).join('')}`);
  }

  #nameAttribute(name: string | undefined): string {
    if (name === undefined) return '';
    let attribute = this.#names.get(name);
    if (attribute === undefined) {
      attribute = ` N="${encodeAttributeText(name)}"`;
      if (this.#names.size >= MAX_CACHED_NAMES) this.#names.clear();
      this.#names.set(name, attribute);
    }
    return attribute;
  }

  /** `<tag N="name"` (and the pending stream attribute), without the closing `>`. */
  #openTag(tag: string, name: string | undefined): string {
    if (this.#stream === undefined) {
      if (name === undefined) return `<${tag}`;
      // Made once per tag and name (`<Obj N="Directory"`), as #element's start tags.
      let opens = this.#openTags.get(tag);
      if (opens === undefined) {
        opens = new Map();
        this.#openTags.set(tag, opens);
      }
      let open = opens.get(name);
      if (open === undefined) {
        open = `<${tag}${this.#nameAttribute(name)}`;
        if (opens.size >= MAX_CACHED_NAMES) opens.clear();
        opens.set(name, open);
      }
      return open;
    }
    const stream = this.#stream;
    this.#stream = undefined;
    return `<${tag}${this.#nameAttribute(name)} S="${escapeXmlAttribute(stream)}"`;
  }

  /** Empty text stays `<S></S>` (PowerShell writes the string even when empty); only empty containers self-close. */
  #element(tag: string, name: string | undefined, text: string): void {
    if (name === undefined || this.#stream !== undefined) {
      this.#out += `${this.#openTag(tag, name)}>${text}</${tag}>`;
      return;
    }
    // `<I32 N="Id">` made once per tag and name: objects of one type repeat them.
    let starts = this.#startTags.get(tag);
    if (starts === undefined) {
      starts = new Map();
      this.#startTags.set(tag, starts);
    }
    let start = starts.get(name);
    if (start === undefined) {
      start = `<${tag}${this.#nameAttribute(name)}>`;
      if (starts.size >= MAX_CACHED_NAMES) starts.clear();
      starts.set(name, start);
    }
    this.#out += start + text + (END_TAGS.get(tag) ?? `</${tag}>`);
  }

  /** A top-level value of an `<Objs>` document, with the stream its `S` attribute names (e.g. "Error"). */
  writeEntry(value: PsSerializable, stream: string | null | undefined): void {
    this.#stream = stream ?? undefined;
    this.writeValue(value, undefined);
    this.#stream = undefined;
  }

  writeValue(value: PsSerializable, name: string | undefined): void {
    this.#writeValue(value, name);
    this.#spill();
  }

  #writeValue(value: PsSerializable, name: string | undefined): void {
    switch (typeof value) {
      case 'undefined':
        this.#out += `${this.#openTag('Nil', name)} />`;
        return;
      case 'string':
        this.#element('S', name, encodeElementText(value));
        return;
      case 'boolean':
        this.#element('B', name, value ? 'true' : 'false');
        return;
      case 'number':
        this.#writeNumber(value, name);
        return;
      case 'bigint':
        if (value < INT64_MIN || value > INT64_MAX) this.#fail('a bigint outside Int64 (use PSNumber.uint64 for UInt64)');
        this.#element('I64', name, String(value));
        return;
      case 'object':
        if (value === null) {
          this.#out += `${this.#openTag('Nil', name)} />`;
          return;
        }
        this.#writeObjectValue(value, name);
        return;
      default:
        this.#fail(`a ${typeof value} has no CLIXML form`);
    }
  }

  /** Int32 when it fits, Int64 for larger safe integers, Double otherwise (fractions, -0, NaN, beyond 2^53). */
  #writeNumber(value: number, name: string | undefined): void {
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value >= INT32_MIN && value <= INT32_MAX) {
        this.#element('I32', name, String(value));
        return;
      }
      if (Number.isSafeInteger(value)) {
        this.#element('I64', name, String(value));
        return;
      }
    }
    this.#element('Db', name, formatDouble(value));
  }

  #writeObjectValue(value: object, name: string | undefined): void {
    if (value instanceof PSObject) return this.#writePSObject(value, name);
    if (Array.isArray(value)) return this.#writeWrapped(value as PsSerializable[], ARRAY_TYPE_NAMES, name);
    if (value instanceof Map) return this.#writeWrapped(value as Map<PsValue, PsValue>, HASHTABLE_TYPE_NAMES, name);
    if (value instanceof PSNumber) return this.#writeTypedNumber(value, name);
    if (value instanceof Date) {
      const text = value instanceof PSDateTime ? value.toClixml() : formatDateTime(value.getTime(), 'Utc', 0, 0);
      return this.#element('DT', name, text);
    }
    if (value instanceof Uint8Array) {
      // PowerShell writes no bytes as an empty element.
      if (value.length === 0) return void (this.#out += `${this.#openTag('BA', name)} />`);
      return this.#element('BA', name, encodeBase64(value));
    }
    if (value instanceof PSTimeSpan) return this.#element('TS', name, value.toClixml());
    if (value instanceof PSGuid) return this.#element('G', name, value.value);
    if (value instanceof PSVersion) return this.#element('Version', name, value.toString());
    if (value instanceof PSChar) return this.#element('C', name, String(value.code));
    if (value instanceof PSDecimal) return this.#element('D', name, value.text);
    if (value instanceof PSUri) return this.#element('URI', name, encodeElementText(value.text));
    if (value instanceof PSSecureString) return this.#element('SS', name, escapeXmlText(value.text));
    if (value instanceof PSScriptBlock) return this.#element('SBK', name, encodeElementText(value.text));
    if (value instanceof PSXmlDocument) return this.#element('XD', name, encodeElementText(value.text));
    if (value instanceof PSProgressRecord) return this.#writeProgressRecord(value, name);
    if (value instanceof PSUnknownElement) return this.#writeUnknown(value, name);
    if (value instanceof PSMemberSet) this.#fail('a PSMemberSet can only be a member of a PSObject');
    if (isPlainObject(value)) return this.#writePlainObject(value, name);
    this.#fail(`${Object.prototype.toString.call(value)} has no CLIXML form (use a plain object, a PSObject or a PS* wrapper)`);
  }

  #writeTypedNumber(value: PSNumber, name: string | undefined): void {
    const number = value.value;
    let text: string;
    if (typeof number === 'bigint') text = String(number);
    else if (value.tag === 'Sg') text = formatSingle(number);
    else if (value.tag === 'Db') text = formatDouble(number);
    else text = String(number);
    this.#element(value.tag, name, text);
  }

  /** Path segments are pushed by whoever names the child (member, index, key); this only counts depth. */
  #enter(): void {
    if (++this.#depth > this.#maxDepth) {
      throw new ClixmlLimitError('maxDepth', this.#maxDepth, `nesting at $${this.#path.map(formatPathSegment).join('')}`);
    }
  }

  #leave(): void {
    this.#depth--;
  }

  /** #openObject for a PSObject (given its target): the RefId is kept on the object, not looked up in a Map. */
  #openPSObject(target: PSObject, name: string | undefined): boolean {
    const known = PSObject.claimRefId(target, this.#generation, this.#nextObjectId);
    if (known >= 0) {
      this.#out += `${this.#openTag('Ref', name)} RefId="${known}" />`;
      return false;
    }
    this.#out += `${this.#openTag('Obj', name)} RefId="${this.#nextObjectId++}">`;
    return true;
  }

  /** Writes `<Ref>` and returns false when the object was written before; otherwise opens its `<Obj>`. */
  #openObject(identity: object, name: string | undefined): boolean {
    const known = this.#objectIds.get(identity);
    if (known !== undefined) {
      this.#out += `${this.#openTag('Ref', name)} RefId="${known}" />`;
      return false;
    }
    const refId = this.#nextObjectId++;
    this.#objectIds.set(identity, refId);
    this.#out += `${this.#openTag('Obj', name)} RefId="${refId}">`;
    return true;
  }

  #writeTypeNames(typeNames: readonly string[]): void {
    if (typeNames.length === 0) return;
    let known = this.#typeNameIdsByList.get(typeNames);
    let key: string | undefined;
    if (known === undefined) {
      key = typeNames.join('\u0000');
      known = this.#typeNameIds.get(key);
      if (known !== undefined) this.#typeNameIdsByList.set(typeNames, known);
    }
    if (known !== undefined) {
      this.#out += `<TNRef RefId="${known}" />`;
      return;
    }
    const refId = this.#typeNameIds.size;
    this.#typeNameIds.set(key as string, refId);
    this.#typeNameIdsByList.set(typeNames, refId);
    let out = `<TN RefId="${refId}">`;
    for (const typeName of typeNames) out += `<T>${encodeElementText(typeName)}</T>`;
    this.#out += `${out}</TN>`;
  }

  /** A bare array or Map becomes an Obj with PowerShell's type names for object[] or Hashtable. */
  #writeWrapped(value: PsSerializable[] | Map<PsValue, PsValue>, typeNames: readonly string[], name: string | undefined): void {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(typeNames);
    this.#writeContent(value, typeNames);
    this.#out += '</Obj>';
    this.#leave();
  }

  #writeContent(value: PsSerializable[] | Map<PsValue, PsValue>, typeNames: readonly string[], object?: PSObject): void {
    if (Array.isArray(value)) {
      const tag = listTag(typeNames, object);
      if (value.length === 0) {
        this.#out += `<${tag} />`;
        return;
      }
      this.#out += `<${tag}>`;
      const path = this.#path;
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        this.writeValue(value[index], undefined);
        path.pop();
      }
      this.#out += `</${tag}>`;
      return;
    }
    if (value.size === 0) {
      this.#out += '<DCT />';
      return;
    }
    this.#out += '<DCT>';
    for (const [key, item] of value) {
      this.#path.push(key);
      this.#out += '<En>';
      this.writeValue(key, DICTIONARY_KEY);
      this.writeValue(item, DICTIONARY_VALUE);
      this.#out += '</En>';
      this.#path.pop();
    }
    this.#out += '</DCT>';
  }

  /** A plain object is what `[pscustomobject]@{...}` is in PowerShell: notes on a PSCustomObject. */
  #writePlainObject(value: PsPlainObject, name: string | undefined): void {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(PSCUSTOMOBJECT_TYPE_NAMES);
    this.#writeMembers('MS', value);
    this.#out += '</Obj>';
    this.#leave();
  }

  #writePSObject(proxy: PSObject, name: string | undefined): void {
    // The fields are read from the object behind the proxy: no trap per field.
    const value = PSObject.unwrap(proxy);
    if (!this.#openPSObject(value, name)) return;
    this.#enter();
    const typeNames = typeNamesToWrite(value);
    this.#writeTypeNames(typeNames);
    if (value.toStringValue !== null) this.#out += `<ToString>${encodeElementText(value.toStringValue)}</ToString>`;
    const base = value.baseValue;
    if (base !== undefined) {
      if (Array.isArray(base) || base instanceof PSDictionary || base instanceof Map) {
        this.#writeContent(base, typeNames, value);
      } else if (base instanceof PSMemberSet) {
        this.#fail('the baseValue of a PSObject cannot be a PSMemberSet');
      } else {
        // Anything else, an object included (PowerShell reads an <Obj> inside an <Obj> as its base).
        this.writeValue(base, undefined);
      }
    }
    this.#writeMembers('Props', value.adapted);
    this.#writeMembers('MS', value.extended);
    for (const element of value.unknownElements) this.#writeUnknown(element, undefined);
    this.#out += '</Obj>';
    this.#leave();
  }

  #writeMembers(tag: 'Props' | 'MS', members: Readonly<Record<string, PsSerializable>>, name?: string): void {
    let opened = false;
    const path = this.#path;
    // for-in rather than Object.keys: the records have no prototype, and no key array is made.
    for (const member in members) {
      if (!opened) {
        this.#out += `<${tag}${this.#nameAttribute(name)}>`;
        opened = true;
      }
      const item = members[member];
      path.push(member);
      if (item instanceof PSMemberSet) {
        if (tag !== 'MS') this.#fail('a PSMemberSet can only be an extended (MS) member');
        this.#enter();
        this.#writeMembers('MS', item.members, member);
        this.#leave();
      } else {
        this.writeValue(item, member);
      }
      path.pop();
    }
    if (opened) this.#out += `</${tag}>`;
    // An empty property set is written as PowerShell writes it; an empty top-level member set not at all.
    else if (name !== undefined) this.#out += `<${tag}${this.#nameAttribute(name)} />`;
  }

  /** Writes an element a newer serializer sent back as it came; its `N` is the name it is written under now. */
  #writeUnknown(element: PSUnknownElement, name: string | undefined): void {
    let out = this.#openTag(element.tag, name);
    for (const attribute of Object.keys(element.attributes)) {
      if (attribute === 'N' && name !== undefined) continue;
      out += ` ${attribute}="${escapeXmlAttribute(element.attributes[attribute] as string)}"`;
    }
    if (element.children.length === 0) {
      this.#out += `${out} />`;
      return;
    }
    this.#out += `${out}>`;
    this.#enter();
    for (const child of element.children) {
      if (typeof child === 'string') this.#out += escapeXmlText(child);
      else this.#writeUnknown(child, undefined);
    }
    this.#leave();
    this.#out += `</${element.tag}>`;
  }

  #writeProgressRecord(record: PSProgressRecord, name: string | undefined): void {
    const integer = (field: string, value: number): string => {
      if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) this.#fail(`ProgressRecord.${field} must be an Int32`);
      return String(value);
    };
    const field = (tag: string, text: string): string => `<${tag}>${text}</${tag}>`;
    // PowerShell's order; the current operation is written as a value (<S> or <Nil />), not as <CO>.
    this.#out +=
      `${this.#openTag('PR', name)}>` +
      field(PROGRESS_FIELD.activity, encodeElementText(record.activity)) +
      field(PROGRESS_FIELD.activityId, integer('activityId', record.activityId)) +
      (record.currentOperation === null ? '<Nil />' : `<S>${encodeElementText(record.currentOperation)}</S>`) +
      field(PROGRESS_FIELD.parentActivityId, integer('parentActivityId', record.parentActivityId)) +
      field(PROGRESS_FIELD.percentComplete, integer('percentComplete', record.percentComplete)) +
      field(PROGRESS_FIELD.recordType, encodeElementText(record.recordType)) +
      field(PROGRESS_FIELD.secondsRemaining, integer('secondsRemaining', record.secondsRemaining)) +
      field(PROGRESS_FIELD.statusDescription, encodeElementText(record.statusDescription)) +
      '</PR>';
  }
}
