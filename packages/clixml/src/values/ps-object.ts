/**
 * @module ps-object
 * `<Obj>` and its parts (MS-PSRP 2.2.5.2): type names, ToString, adapted properties (`<Props>`),
 * extended properties (`<MS>`), and a base value (a primitive, or the content of LST/IE/STK/QUE/DCT).
 */
import { encodeBase64 } from '@psrp/fragment';
import type { PsValue } from '../value.js';

export interface PSObjectInit {
  typeNames?: readonly string[];
  toStringValue?: string | null;
  adapted?: Readonly<Record<string, PsValue>>;
  extended?: Readonly<Record<string, PsValue>>;
  baseValue?: PsValue;
}

/** A property bag without a prototype, so names such as `__proto__` or `constructor` are plain keys. */
export function createPropertyRecord(from?: Readonly<Record<string, PsValue>>): Record<string, PsValue> {
  const record = Object.create(null) as Record<string, PsValue>;
  if (from !== undefined) {
    for (const name of Object.keys(from)) record[name] = from[name] as PsValue;
  }
  return record;
}

export class PSObject {
  /** Most specific first, as on the wire (a "Deserialized." prefix is kept when the sender wrote one). */
  typeNames: string[];
  /** `<ToString>`: the sender's ToString() of the object, or null. */
  toStringValue: string | null;
  /** `<Props>`: adapted (.NET) properties. */
  adapted: Record<string, PsValue>;
  /** `<MS>`: extended (note) properties. Remoting message bodies keep all their fields here. */
  extended: Record<string, PsValue>;
  /** A primitive inside the Obj (an enum's `<I32>`), or the content of LST/IE/STK/QUE (array) or DCT. */
  baseValue: PsValue | undefined;

  constructor(init: PSObjectInit = {}) {
    this.typeNames = init.typeNames === undefined ? [] : [...init.typeNames];
    this.toStringValue = init.toStringValue ?? null;
    this.adapted = createPropertyRecord(init.adapted);
    this.extended = createPropertyRecord(init.extended);
    this.baseValue = init.baseValue;
  }

  /** A property by name: extended first, then adapted (PowerShell's lookup order). */
  get(name: string): PsValue | undefined {
    if (name in this.extended) return this.extended[name];
    if (name in this.adapted) return this.adapted[name];
    return undefined;
  }

  /**
   * A plain view for printing: properties merged, containers and enums unwrapped; cycles cut. Shared
   * objects are repeated in full, up to MAX_PLAIN_NODES nodes, so hostile input cannot make it explode.
   */
  toJSON(): unknown {
    return toPlainValue(this, newPlainContext());
  }
}

/** `<DCT>`: keys may be any value (PowerShell hashtables often use strings or integers). */
export class PSDictionary extends Map<PsValue, PsValue> {
  toJSON(): unknown {
    return toPlainValue(this, newPlainContext());
  }
}

/** A nested `<MS N="...">` inside an `<MS>`: a property set with its own members. */
export class PSMemberSet {
  readonly members: Record<string, PsValue>;

  constructor(members?: Readonly<Record<string, PsValue>>) {
    this.members = createPropertyRecord(members);
  }

  toJSON(): unknown {
    return toPlainValue(this, newPlainContext());
  }
}

const ENUM_TYPE_NAMES = new Set(['System.Enum', 'Deserialized.System.Enum']);

function isEnum(value: PSObject): boolean {
  return value.typeNames.some((name) => ENUM_TYPE_NAMES.has(name));
}

/** Largest plain view toJSON builds; `<Ref>` sharing could otherwise expand exponentially. */
export const MAX_PLAIN_NODES = 1_000_000;
/** Deepest nesting toJSON follows (it recurses; deserialized values are far shallower). */
export const MAX_PLAIN_DEPTH = 1000;

interface PlainContext {
  /** Containers being converted: a cycle made with `<Ref>` prints as "[Circular]". */
  inProgress: Set<object>;
  remaining: number;
}

function newPlainContext(): PlainContext {
  return { inProgress: new Set(), remaining: MAX_PLAIN_NODES };
}

function plainRecord(records: readonly Record<string, PsValue>[], context: PlainContext): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const record of records) {
    for (const name of Object.keys(record)) out[name] = toPlainValue(record[name] as PsValue, context);
  }
  return out;
}

/** The JSON-ready form of any value. */
function toPlainValue(value: PsValue | undefined, context: PlainContext): unknown {
  if (--context.remaining < 0) return '[Truncated]';
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    default:
      break;
  }
  const isContainer =
    value instanceof PSObject || Array.isArray(value) || value instanceof Map || value instanceof PSMemberSet;
  if (!isContainer) return 'toJSON' in value ? value.toJSON() : plainBytes(value);
  const { inProgress } = context;
  if (inProgress.has(value)) return '[Circular]';
  if (inProgress.size >= MAX_PLAIN_DEPTH) return '[Truncated]';
  inProgress.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toPlainValue(item, context));
    if (value instanceof Map) {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of value) out[String(toPlainValue(key, context))] = toPlainValue(item, context);
      return out;
    }
    if (value instanceof PSMemberSet) return plainRecord([value.members], context);
    const hasProperties = Object.keys(value.adapted).length > 0 || Object.keys(value.extended).length > 0;
    if (isEnum(value) && value.toStringValue !== null) return value.toStringValue;
    // A primitive with notes (Get-Date's DisplayHint, Get-Content's PSPath...) prints as the primitive, as in PowerShell.
    if (value.baseValue !== undefined && value.baseValue !== null && !isCollection(value.baseValue)) {
      return toPlainValue(value.baseValue, context);
    }
    if (!hasProperties) {
      if (value.baseValue !== undefined) return toPlainValue(value.baseValue, context);
      return value.toStringValue ?? {};
    }
    return plainRecord([value.adapted, value.extended], context);
  } finally {
    inProgress.delete(value);
  }
}

function isCollection(value: PsValue): boolean {
  return Array.isArray(value) || value instanceof Map;
}

/** Byte arrays print as base64, as PowerShell's own CLIXML carries them. */
function plainBytes(value: object): unknown {
  return value instanceof Uint8Array ? encodeBase64(value) : value;
}
