/**
 * @module plain-json
 * The one JSON view of deserialized values (PSObject.toJSON, the CLI's --json): bounded in nodes, characters and
 * depth, and a value reached again through a shared reference is written once, then as "[Shared]".
 */
import { encodeBase64 } from '@psrp/fragment';
import type { PsValue } from '../value.js';
import { isEnum, numberString, PSMemberSet, PSObject } from './ps-object.js';

/** Largest plain view toJSON builds, in nodes. */
export const MAX_PLAIN_NODES = 1_000_000;
/**
 * Most text toJSON puts in a plain view: strings, property names and byte arrays' base64, in characters (counting
 * nodes alone let a 1 MiB byte array shared by 1,000 `<Ref>`s become 1.4 GB of base64).
 */
export const MAX_PLAIN_CHARS = 64 * 1024 * 1024;
/** Deepest nesting toJSON follows (it recurses; deserialized values are far shallower). */
export const MAX_PLAIN_DEPTH = 1000;

const TRUNCATED = '[Truncated]';
const CIRCULAR = '[Circular]';
const SHARED = '[Shared]';

/** How toPlainJson shapes objects. Every shape has the same bounds and gives a shared value once. */
export interface PlainJsonOptions {
  /** Start the record of each object given as its properties with `PSTypeNames`: its type names, most specific first. */
  readonly typeNames?: boolean;
  /**
   * Shape objects as PowerShell's ConvertTo-Json does: member sets (PSStandardMembers...) left out, being members
   * and not properties, and a list or dictionary given as its items even when it carries notes. Otherwise every
   * member shows, as in toJSON.
   */
  readonly likeConvertToJson?: boolean;
}

interface PlainContext {
  readonly options: PlainJsonOptions;
  /** Containers being converted: a cycle made with `<Ref>` prints as "[Circular]". */
  readonly inProgress: Set<object>;
  /** Containers and byte arrays given already: met again, they print as "[Shared]". */
  readonly given: Set<object>;
  remaining: number;
  remainingChars: number;
}

/**
 * A value as plain JSON data, as toJSON gives it (shaped by `options`): properties merged (extended over adapted),
 * containers and enums unwrapped, byte arrays as base64, integers beyond 2^53 and non-finite numbers as text. A
 * value met again (an object or byte array shared with `<Ref>`) is given in full once, then as "[Shared]"; a cycle
 * as "[Circular]"; past MAX_PLAIN_NODES nodes, MAX_PLAIN_CHARS characters of text or MAX_PLAIN_DEPTH levels,
 * "[Truncated]". Any other object with a toJSON (a client's SecureString) gives what that returns.
 */
export function toPlainJson(value: PsValue | undefined, options: PlainJsonOptions = {}): unknown {
  const context: PlainContext = { options, inProgress: new Set(), given: new Set(), remaining: MAX_PLAIN_NODES, remainingChars: MAX_PLAIN_CHARS };
  return toPlainValue(value, context);
}

/** True when toPlainJson(value, options) gives the object's properties as a record (not a primitive, list or dictionary inside it). */
export function isPlainRecord(value: unknown, options: PlainJsonOptions = {}): boolean {
  if (!(value instanceof PSObject)) return false;
  if (isEnum(value) && typeof value.toStringValue === 'string') return false;
  const base = value.baseValue;
  if (base !== undefined && base !== null && (options.likeConvertToJson === true || !isCollection(base))) return false;
  const withMemberSets = options.likeConvertToJson !== true;
  for (const record of [value.adapted, value.extended]) {
    for (const name in record) {
      if (withMemberSets || !(record[name] instanceof PSMemberSet)) return true;
    }
  }
  return false;
}

/** Takes `chars` from the view's text budget; false (nothing taken) when they do not fit. */
function spendChars(context: PlainContext, chars: number): boolean {
  if (chars > context.remainingChars) return false;
  context.remainingChars -= chars;
  return true;
}

/** The properties of `records`, a name held by a later record given from there (PSObject.get's order). */
function plainRecord(records: readonly Record<string, PsValue>[], context: PlainContext, typeNames?: readonly string[]): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  if (typeNames !== undefined && typeNames.length > 0) out.PSTypeNames = typeNames.map((name) => plainText(name, context));
  const withMemberSets = context.options.likeConvertToJson !== true;
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as Record<string, PsValue>;
    for (const name of Object.keys(record)) {
      // Only the value that shows is converted: one given first and then replaced would leave "[Shared]" alone.
      if (heldAfter(records, index, name)) continue;
      const item = record[name] as PsValue;
      if (!withMemberSets && item instanceof PSMemberSet) continue;
      if (!spendChars(context, name.length)) {
        out[TRUNCATED] = TRUNCATED;
        return out;
      }
      out[name] = toPlainValue(item, context);
    }
  }
  return out;
}

function heldAfter(records: readonly Record<string, PsValue>[], index: number, name: string): boolean {
  for (let later = index + 1; later < records.length; later++) {
    if (name in (records[later] as Record<string, PsValue>)) return true;
  }
  return false;
}

/** The JSON-ready form of any value. */
function toPlainValue(value: PsValue | undefined, context: PlainContext): unknown {
  if (--context.remaining < 0) return TRUNCATED;
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return plainText(value, context);
    case 'number':
      return plainNumber(value);
    case 'boolean':
      return value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : plainText(value.toString(), context);
    default:
      break;
  }
  const isContainer =
    value instanceof PSObject || Array.isArray(value) || value instanceof Map || value instanceof PSMemberSet;
  if (!isContainer) {
    if (value instanceof Uint8Array) return plainBytes(value, context);
    return 'toJSON' in value ? plainLeaf(value.toJSON(), context) : value;
  }
  const { inProgress, given } = context;
  if (inProgress.has(value)) return CIRCULAR;
  if (given.has(value)) return SHARED;
  if (inProgress.size >= MAX_PLAIN_DEPTH) return TRUNCATED;
  inProgress.add(value);
  try {
    if (value instanceof PSObject) {
      // An enum and a primitive with notes (Get-Date's DisplayHint, Get-Content's PSPath...) print as the primitive,
      // as in PowerShell: repeated when met again (a byte array inside is still given once).
      if (!isPlainRecord(value, context.options)) return plainInside(value, context);
      given.add(value);
      return plainRecord([value.adapted, value.extended], context, context.options.typeNames === true ? value.typeNames : undefined);
    }
    given.add(value);
    if (Array.isArray(value)) return value.map((item) => toPlainValue(item, context));
    if (value instanceof Map) {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of value) out[String(toPlainValue(key, context))] = toPlainValue(item, context);
      return out;
    }
    return plainRecord([value.members], context);
  } finally {
    inProgress.delete(value);
  }
}

/** An object that is not given as its properties: an enum's name, the value inside, or its ToString. */
function plainInside(value: PSObject, context: PlainContext): unknown {
  if (isEnum(value) && typeof value.toStringValue === 'string') return plainText(value.toStringValue, context);
  if (value.baseValue !== undefined) return toPlainValue(value.baseValue, context);
  return typeof value.toStringValue === 'string' ? plainText(value.toStringValue, context) : {};
}

function isCollection(value: PsValue): boolean {
  return Array.isArray(value) || value instanceof Map;
}

/** Byte arrays print as base64, as PowerShell's own CLIXML carries them; its size is checked before it is made. */
function plainBytes(value: Uint8Array, context: PlainContext): string {
  if (context.given.has(value)) return SHARED;
  context.given.add(value);
  return spendChars(context, Math.ceil(value.length / 3) * 4) ? encodeBase64(value) : TRUNCATED;
}

function plainText(text: string, context: PlainContext): string {
  return spendChars(context, text.length) ? text : TRUNCATED;
}

/** NaN and the infinities as ConvertTo-Json writes them ("NaN", "Infinity"): JSON has no such numbers. */
function plainNumber(value: number): number | string {
  return Number.isFinite(value) ? value : numberString(value);
}

/** A value's own JSON form (a date, a version...): its text counts toward the budget. */
function plainLeaf(json: unknown, context: PlainContext): unknown {
  if (typeof json === 'number') return plainNumber(json);
  return typeof json === 'string' ? plainText(json, context) : json;
}
