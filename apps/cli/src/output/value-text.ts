/**
 * How one value reads as text for people, as PowerShell's formatter writes it: a string as itself, True/False,
 * numbers as numbers, a date as a local date and time, a list as `{a, b, c}`, an object without a ToString as
 * `@{Name=value; ...}`, an enum as its name.
 */
import { PSMemberSet, PSObject, type PsValue } from '@psrp/clixml';
import { SecureString } from '@psrp/client';

/** Items of a list shown in a cell before `...` (PowerShell's $FormatEnumerationLimit). */
const ENUMERATION_LIMIT = 4;
/** Nesting followed when writing `@{...}` and `{...}` inside a cell. */
const MAX_DEPTH = 2;
const ENUM_BASE_NAMES = new Set(['System.Enum', 'Deserialized.System.Enum']);

/** Names of the properties of an object, adapted first then extended, without member sets (PSStandardMembers). */
export function propertyNames(object: PSObject): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const record of [object.adapted, object.extended]) {
    for (const name of Object.keys(record)) {
      const key = name.toLowerCase();
      if (seen.has(key) || record[name] instanceof PSMemberSet) continue;
      seen.add(key);
      names.push(name);
    }
  }
  return names;
}

/** Whether a value is shown as an object (a table row or a list entry) rather than as one line of text. */
export function isPropertyBag(value: unknown): boolean {
  if (!(value instanceof PSObject) || isEnum(value)) return false;
  const base = value.baseValue;
  if (base !== undefined && base !== null && !Array.isArray(base) && !(base instanceof Map)) return false;
  if (Array.isArray(base) || base instanceof Map) return false;
  return propertyNames(value).length > 0;
}

export function isEnum(object: PSObject): boolean {
  return object.typeNames.some((name) => ENUM_BASE_NAMES.has(name));
}

/** The text of a value on its own line (output that is not a property bag). */
export function valueText(value: unknown): string {
  return textOf(value, 0, true);
}

/** The text of a property value in a table cell or a list entry. */
export function cellText(value: unknown): string {
  return textOf(value, 0, false);
}

function textOf(value: unknown, depth: number, topLevel: boolean): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toPrecision(15)));
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (value instanceof SecureString) return 'System.Security.SecureString';
  if (value instanceof Date) return dateText(value);
  if (value instanceof Uint8Array) return listText([...value.subarray(0, ENUMERATION_LIMIT + 1)], depth, value.length);
  if (Array.isArray(value)) return topLevel ? value.map((item) => textOf(item, depth + 1, false)).join('\n') : listText(value, depth);
  if (value instanceof Map) return mapText(value, depth);
  if (value instanceof PSMemberSet) return '';
  if (value instanceof PSObject) return objectText(value, depth, topLevel);
  const text = String(value);
  return text === '[object Object]' ? '' : text;
}

function objectText(object: PSObject, depth: number, topLevel: boolean): string {
  if (isEnum(object) && object.toStringValue !== null) return object.toStringValue;
  const base = object.baseValue;
  if (base !== undefined && base !== null && !Array.isArray(base) && !(base instanceof Map)) return textOf(base, depth, topLevel);
  if (Array.isArray(base)) return topLevel ? textOf(base, depth, true) : listText(base, depth);
  if (base instanceof Map) return mapText(base, depth);
  if (object.toStringValue !== null) return object.toStringValue;
  const names = propertyNames(object);
  if (names.length === 0) return object.typeNames[0] ?? '';
  if (depth >= MAX_DEPTH) return object.typeNames[0] ?? '@{...}';
  return `@{${names.map((name) => `${name}=${textOf(object.get(name), depth + 1, false)}`).join('; ')}}`;
}

function listText(items: readonly unknown[], depth: number, length = items.length): string {
  if (depth >= MAX_DEPTH) return '{...}';
  const shown = items.slice(0, ENUMERATION_LIMIT).map((item) => textOf(item, depth + 1, false));
  return `{${shown.join(', ')}${length > ENUMERATION_LIMIT ? '...' : ''}}`;
}

function mapText(map: ReadonlyMap<PsValue, PsValue>, depth: number): string {
  if (depth >= MAX_DEPTH) return '{...}';
  const entries = [...map].slice(0, ENUMERATION_LIMIT).map(([key, item]) => `[${textOf(key, depth + 1, false)}, ${textOf(item, depth + 1, false)}]`);
  return `{${entries.join(', ')}${map.size > ENUMERATION_LIMIT ? '...' : ''}}`;
}

/** A date as the local date and time, `2026-12-06 08:04:49`: PowerShell's culture-specific format has no one answer. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
