/**
 * @module clixml-writer
 * JS values -> CLIXML text in PowerShell's own shape (MS-PSRP 2.2.5): `<Obj RefId>` counters from 0,
 * type-name lists written once as `<TN RefId>` and then as `<TNRef>`, repeated objects as `<Ref>`
 * (which also makes cyclic structures finite), strings escaped as `_xHHHH_` then XML-escaped.
 */
import { encodeBase64 } from '@psrp/fragment';
import { DICTIONARY_KEY, DICTIONARY_VALUE, PROGRESS_FIELD } from './element-names.js';
import { ClixmlLimitError, ClixmlSerializeError } from './errors.js';
import { formatDouble, formatSingle } from './number-format.js';
import { encodePsString } from './string-escaping.js';
import type { PsValue } from './value.js';
import { PSChar } from './values/ps-char.js';
import { formatDateTime, PSDateTime } from './values/ps-date-time.js';
import { PSDecimal } from './values/ps-decimal.js';
import { PSGuid } from './values/ps-guid.js';
import { BIG_INTEGER_RANGES, INTEGER_RANGES, PSNumber } from './values/ps-number.js';
import { PSDictionary, PSMemberSet, PSObject } from './values/ps-object.js';
import { PSProgressRecord } from './values/ps-progress-record.js';
import { PSSecureString, PSScriptBlock, PSUri, PSXmlDocument } from './values/ps-text-values.js';
import { PSTimeSpan } from './values/ps-time-span.js';
import { PSVersion } from './values/ps-version.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-text.js';

export const ARRAY_TYPE_NAMES: readonly string[] = ['System.Object[]', 'System.Array', 'System.Object'];
export const HASHTABLE_TYPE_NAMES: readonly string[] = ['System.Collections.Hashtable', 'System.Object'];
const DESERIALIZED_PREFIX = 'Deserialized.';
const STACK_TYPE_NAME = 'System.Collections.Stack';
const QUEUE_TYPE_NAME = 'System.Collections.Queue';

type Writable = PsValue | undefined;

function nameAttribute(name: string | undefined): string {
  return name === undefined ? '' : ` N="${escapeXmlAttribute(encodePsString(name))}"`;
}

function encodedText(text: string): string {
  return escapeXmlText(encodePsString(text));
}

/** LST, or STK/QUE when the type names say the array came from a Stack or Queue. */
function listTag(typeNames: readonly string[]): string {
  const first = typeNames[0] ?? '';
  const typeName = first.startsWith(DESERIALIZED_PREFIX) ? first.slice(DESERIALIZED_PREFIX.length) : first;
  if (typeName === STACK_TYPE_NAME) return 'STK';
  if (typeName === QUEUE_TYPE_NAME) return 'QUE';
  return 'LST';
}

export class ClixmlWriter {
  #out = '';
  readonly #objectIds = new Map<object, number>();
  readonly #typeNameIds = new Map<string, number>();
  readonly #maxDepth: number;
  readonly #path: string[] = [];
  #depth = 0;

  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth;
  }

  get output(): string {
    return this.#out;
  }

  append(text: string): void {
    this.#out += text;
  }

  #fail(message: string): never {
    throw new ClixmlSerializeError(message, `$${this.#path.join('')}`);
  }

  /** Empty text stays `<S></S>` (PowerShell writes the string even when empty); only empty containers self-close. */
  #element(tag: string, name: string | undefined, text: string): void {
    this.#out += `<${tag}${nameAttribute(name)}>${text}</${tag}>`;
  }

  writeValue(value: Writable, name: string | undefined): void {
    switch (typeof value) {
      case 'undefined':
        this.#out += `<Nil${nameAttribute(name)} />`;
        return;
      case 'string':
        this.#element('S', name, encodedText(value));
        return;
      case 'boolean':
        this.#element('B', name, value ? 'true' : 'false');
        return;
      case 'number':
        this.#writeNumber(value, name);
        return;
      case 'bigint':
        this.#writeBigInt(value, name);
        return;
      case 'object':
        if (value === null) {
          this.#out += `<Nil${nameAttribute(name)} />`;
          return;
        }
        this.#writeObjectValue(value, name);
        return;
      default:
        this.#fail(`a ${typeof value} has no CLIXML form`);
    }
  }

  #writeNumber(value: number, name: string | undefined): void {
    const [min, max] = INTEGER_RANGES.I32;
    if (Number.isInteger(value) && value >= min && value <= max && !Object.is(value, -0)) {
      this.#element('I32', name, String(value));
    } else {
      this.#element('Db', name, formatDouble(value));
    }
  }

  #writeBigInt(value: bigint, name: string | undefined): void {
    const [min, max] = BIG_INTEGER_RANGES.I64;
    if (value < min || value > max) this.#fail('a bigint outside Int64 (use PSNumber.uint64 for UInt64)');
    this.#element('I64', name, String(value));
  }

  #writeObjectValue(value: NonNullable<PsValue>, name: string | undefined): void {
    if (value instanceof PSObject) return this.#writePSObject(value, name);
    if (Array.isArray(value)) return this.#writeWrapped(value, ARRAY_TYPE_NAMES, name);
    if (value instanceof Map) return this.#writeWrapped(value, HASHTABLE_TYPE_NAMES, name);
    if (value instanceof PSNumber) return this.#writeTypedNumber(value, name);
    if (value instanceof Date) {
      const text = value instanceof PSDateTime ? value.toClixml() : formatDateTime(value.getTime(), 'Utc', 0, 0);
      return this.#element('DT', name, text);
    }
    if (value instanceof Uint8Array) return this.#element('BA', name, encodeBase64(value));
    if (value instanceof PSTimeSpan) return this.#element('TS', name, value.toClixml());
    if (value instanceof PSGuid) return this.#element('G', name, value.value);
    if (value instanceof PSVersion) return this.#element('Version', name, value.toString());
    if (value instanceof PSChar) return this.#element('C', name, String(value.code));
    if (value instanceof PSDecimal) return this.#element('D', name, value.text);
    if (value instanceof PSUri) return this.#element('URI', name, encodedText(value.text));
    if (value instanceof PSSecureString) return this.#element('SS', name, escapeXmlText(value.text));
    if (value instanceof PSScriptBlock) return this.#element('SBK', name, encodedText(value.text));
    if (value instanceof PSXmlDocument) return this.#element('XD', name, encodedText(value.text));
    if (value instanceof PSProgressRecord) return this.#writeProgressRecord(value, name);
    if (value instanceof PSMemberSet) this.#fail('a PSMemberSet can only be a member of a PSObject');
    this.#fail(`${Object.prototype.toString.call(value)} has no CLIXML form (wrap properties in a PSObject)`);
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
      throw new ClixmlLimitError('maxDepth', this.#maxDepth, `nesting at $${this.#path.join('')}`);
    }
  }

  #leave(): void {
    this.#depth--;
  }

  /** Writes `<Ref>` and returns false when the object was written before; otherwise opens its `<Obj>`. */
  #openObject(identity: object, name: string | undefined): boolean {
    const known = this.#objectIds.get(identity);
    if (known !== undefined) {
      this.#out += `<Ref${nameAttribute(name)} RefId="${known}" />`;
      return false;
    }
    const refId = this.#objectIds.size;
    this.#objectIds.set(identity, refId);
    this.#out += `<Obj${nameAttribute(name)} RefId="${refId}">`;
    return true;
  }

  #writeTypeNames(typeNames: readonly string[]): void {
    if (typeNames.length === 0) return;
    const key = JSON.stringify(typeNames);
    const known = this.#typeNameIds.get(key);
    if (known !== undefined) {
      this.#out += `<TNRef RefId="${known}" />`;
      return;
    }
    const refId = this.#typeNameIds.size;
    this.#typeNameIds.set(key, refId);
    this.#out += `<TN RefId="${refId}">`;
    for (const typeName of typeNames) this.#out += `<T>${encodedText(typeName)}</T>`;
    this.#out += '</TN>';
  }

  /** A bare array or Map becomes an Obj with PowerShell's type names for object[] or Hashtable. */
  #writeWrapped(value: PsValue[] | Map<PsValue, PsValue>, typeNames: readonly string[], name: string | undefined): void {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(typeNames);
    this.#writeContent(value, typeNames);
    this.#out += '</Obj>';
    this.#leave();
  }

  #writeContent(value: PsValue[] | Map<PsValue, PsValue>, typeNames: readonly string[]): void {
    if (Array.isArray(value)) {
      const tag = listTag(typeNames);
      if (value.length === 0) {
        this.#out += `<${tag} />`;
        return;
      }
      this.#out += `<${tag}>`;
      for (let index = 0; index < value.length; index++) {
        this.#path.push(`[${index}]`);
        this.writeValue(value[index], undefined);
        this.#path.pop();
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
      this.#path.push(`[${typeof key === 'string' ? JSON.stringify(key) : String(key)}]`);
      this.#out += '<En>';
      this.writeValue(key, DICTIONARY_KEY);
      this.writeValue(item, DICTIONARY_VALUE);
      this.#out += '</En>';
      this.#path.pop();
    }
    this.#out += '</DCT>';
  }

  #writePSObject(value: PSObject, name: string | undefined): void {
    if (!this.#openObject(value, name)) return;
    this.#enter();
    this.#writeTypeNames(value.typeNames);
    if (value.toStringValue !== null) this.#element('ToString', undefined, encodedText(value.toStringValue));
    const base = value.baseValue;
    if (base !== undefined) {
      if (Array.isArray(base) || base instanceof PSDictionary || base instanceof Map) {
        this.#writeContent(base, value.typeNames);
      } else if (base instanceof PSObject || base instanceof PSMemberSet) {
        this.#fail('the baseValue of a PSObject cannot be an object');
      } else {
        this.writeValue(base, undefined);
      }
    }
    this.#writeMembers('Props', value.adapted);
    this.#writeMembers('MS', value.extended);
    this.#out += '</Obj>';
    this.#leave();
  }

  #writeMembers(tag: 'Props' | 'MS', members: Readonly<Record<string, PsValue>>, name?: string): void {
    const names = Object.keys(members);
    if (names.length === 0 && name === undefined) return;
    this.#out += `<${tag}${nameAttribute(name)}>`;
    for (const member of names) {
      const value = members[member];
      this.#path.push(`.${member}`);
      if (value instanceof PSMemberSet) {
        if (tag !== 'MS') this.#fail('a PSMemberSet can only be an extended (MS) member');
        this.#enter();
        this.#writeMembers('MS', value.members, member);
        this.#leave();
      } else {
        this.writeValue(value, member);
      }
      this.#path.pop();
    }
    this.#out += `</${tag}>`;
  }

  #writeProgressRecord(record: PSProgressRecord, name: string | undefined): void {
    const integer = (field: string, value: number): string => {
      const [min, max] = INTEGER_RANGES.I32;
      if (!Number.isInteger(value) || value < min || value > max) this.#fail(`ProgressRecord.${field} must be an Int32`);
      return String(value);
    };
    const field = (tag: string, text: string): string => `<${tag}>${text}</${tag}>`;
    // PowerShell's order; the current operation is written as a value (<S> or <Nil />), not as <CO>.
    this.#out +=
      `<PR${nameAttribute(name)}>` +
      field(PROGRESS_FIELD.activity, encodedText(record.activity)) +
      field(PROGRESS_FIELD.activityId, integer('activityId', record.activityId)) +
      (record.currentOperation === null ? '<Nil />' : `<S>${encodedText(record.currentOperation)}</S>`) +
      field(PROGRESS_FIELD.parentActivityId, integer('parentActivityId', record.parentActivityId)) +
      field(PROGRESS_FIELD.percentComplete, integer('percentComplete', record.percentComplete)) +
      field(PROGRESS_FIELD.recordType, encodedText(record.recordType)) +
      field(PROGRESS_FIELD.secondsRemaining, integer('secondsRemaining', record.secondsRemaining)) +
      field(PROGRESS_FIELD.statusDescription, encodedText(record.statusDescription)) +
      '</PR>';
  }
}
