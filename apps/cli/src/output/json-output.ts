/**
 * Output objects for programs as JSON: `--json` writes one array (streamed, item by item), `--ndjson` one value per
 * line. An object is its properties with `PSTypeNames` (most specific first) and, unless --hide-computer-name,
 * `PSComputerName` in front; a value that has no properties (a string, a number, a date) is wrapped as
 * `{"PSComputerName": ..., "Value": ...}` so that every item says where it came from. Dates are ISO 8601 text as
 * PowerShell wrote them, byte arrays base64, big integers beyond 2^53 decimal text.
 */
import { PSMemberSet, PSObject } from '@psrp/clixml';
import { SecureString } from '@psrp/client';
import type { ConsoleWriter } from './console-writer.js';
import { isEnum, isPropertyBag, propertyNames } from './value-text.js';

/** Nesting kept before a value is cut to its text (ConvertTo-Json's -Depth is 2 by default; this is generous). */
const MAX_JSON_DEPTH = 32;

export class JsonOutput {
  readonly #console: ConsoleWriter;
  readonly #lines: boolean;
  readonly #showComputerName: boolean;
  #count = 0;

  constructor(console: ConsoleWriter, options: { readonly lines: boolean; readonly showComputerName: boolean }) {
    this.#console = console;
    this.#lines = options.lines;
    this.#showComputerName = options.showComputerName;
  }

  write(computerName: string, value: unknown): Promise<void> | void {
    const item = JSON.stringify(taggedJson(value, this.#showComputerName ? computerName : null));
    const text = this.#lines ? `${item}\n` : `${this.#count === 0 ? '[\n  ' : ',\n  '}${item}`;
    this.#count++;
    return this.#console.out(text);
  }

  end(): Promise<void> | void {
    if (this.#lines) return;
    return this.#console.out(this.#count === 0 ? '[]\n' : '\n]\n');
  }
}

/** One output item as the JSON modes print it. */
export function taggedJson(value: unknown, computerName: string | null): unknown {
  const json = jsonValue(value);
  if (computerName === null) return json;
  if (isPropertyBag(value)) return { PSComputerName: computerName, ...(json as Record<string, unknown>) };
  return { PSComputerName: computerName, Value: json };
}

/** A deserialized value as plain JSON data. */
export function jsonValue(value: unknown, depth = 0, inProgress = new Set<object>()): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case 'object':
      break;
    default:
      return String(value);
  }
  if (value instanceof SecureString) return '[SecureString]';
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof PSMemberSet) return undefined;
  const isContainer = Array.isArray(value) || value instanceof Map || value instanceof PSObject;
  if (!isContainer) return 'toJSON' in value && typeof value.toJSON === 'function' ? (value.toJSON as () => unknown)() : String(value);
  if (inProgress.has(value)) return '[Circular]';
  if (depth >= MAX_JSON_DEPTH) return value instanceof PSObject ? (value.toStringValue ?? '[Truncated]') : '[Truncated]';
  inProgress.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => jsonValue(item, depth + 1, inProgress));
    if (value instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of value) out[String(jsonValue(key, depth + 1, inProgress))] = jsonValue(item, depth + 1, inProgress);
      return out;
    }
    const object = value as PSObject;
    if (isEnum(object)) return object.toStringValue ?? jsonValue(object.baseValue, depth + 1, inProgress);
    if (!isPropertyBag(object)) {
      if (object.baseValue !== undefined) return jsonValue(object.baseValue, depth + 1, inProgress);
      return object.toStringValue ?? {};
    }
    const out: Record<string, unknown> = {};
    if (object.typeNames.length > 0) out.PSTypeNames = [...object.typeNames];
    for (const name of propertyNames(object)) {
      const item = jsonValue(object.get(name), depth + 1, inProgress);
      if (item !== undefined) out[name] = item;
    }
    return out;
  } finally {
    inProgress.delete(value);
  }
}
