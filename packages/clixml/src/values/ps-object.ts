/**
 * @module ps-object
 * `<Obj>` and its parts (MS-PSRP 2.2.5.2): type names, ToString, adapted properties (`<Props>`),
 * extended properties (`<MS>`), and a base value (a primitive, or the content of LST/IE/STK/QUE/DCT).
 *
 * Every PSObject is a Proxy over itself, so that properties read as in PowerShell: `process.Name`,
 * `process.name` (case-insensitive, like PowerShell), `hashtable.key`. The class's own members
 * (`typeNames`, `get`, `toString`, ...) come first; a property that shares a name with one of them is read
 * with `get(name)`.
 */
import { formatDouble } from '../number-format.js';
import { ownString } from '../own-string.js';
import { sameNames } from '../same-names.js';
import { reserveListStamp } from '../type-name-lists.js';
import type { PsValue } from '../value.js';
import { toPlainJson } from './plain-json.js';
import { createPropertyRecord } from './property-record.js';
import { inspectObject, type Inspect, type InspectOptions } from './ps-object-inspect.js';
import type { PSUnknownElement } from './ps-unknown-element.js';

export interface PSObjectInit {
  typeNames?: readonly string[];
  toStringValue?: string | null;
  adapted?: Readonly<Record<string, PsValue>>;
  extended?: Readonly<Record<string, PsValue>>;
  baseValue?: PsValue;
}

/** What PowerShell's deserializer puts before every type name it reads (unless the name already has it). */
export const DESERIALIZED_PREFIX = 'Deserialized.';

/** `name` as PowerShell's deserializer presents it: with the prefix, added only when missing (any case). */
export function withDeserializedPrefix(name: string): string {
  return hasDeserializedPrefix(name) ? name : DESERIALIZED_PREFIX + name;
}

/**
 * Types PowerShell's deserializer turns back into live objects (types.ps1xml `TargetTypeForDeserialization`,
 * as `Get-TypeData` lists them in PowerShell 7.6): it presents their type names without `Deserialized.`.
 */
const REHYDRATED_TYPE_NAMES: ReadonlySet<string> = new Set([
  'Microsoft.PowerShell.Commands.ModuleSpecification',
  'System.Globalization.CultureInfo',
  'System.Management.Automation.Breakpoint',
  'System.Management.Automation.BreakpointUpdatedEventArgs',
  'System.Management.Automation.CommandCompletion',
  'System.Management.Automation.CompletionResult',
  'System.Management.Automation.CustomControlEntry',
  'System.Management.Automation.CustomItemBase',
  'System.Management.Automation.DebuggerCommand',
  'System.Management.Automation.DebuggerCommandResults',
  'System.Management.Automation.DebuggerStopEventArgs',
  'System.Management.Automation.DisplayEntry',
  'System.Management.Automation.EntrySelectedBy',
  'System.Management.Automation.ExtendedTypeDefinition',
  'System.Management.Automation.FormatViewDefinition',
  'System.Management.Automation.JobStateEventArgs',
  'System.Management.Automation.JobStateInfo',
  'System.Management.Automation.ListControlEntry',
  'System.Management.Automation.ListControlEntryItem',
  'System.Management.Automation.ParameterSetMetadata',
  'System.Management.Automation.PSControl',
  'System.Management.Automation.PSControlGroupBy',
  'System.Management.Automation.PSCredential',
  'System.Management.Automation.PSListModifier',
  'System.Management.Automation.PSPrimitiveDictionary',
  'System.Management.Automation.Remoting.PSSessionOption',
  'System.Management.Automation.SwitchParameter',
  'System.Management.Automation.TableControlColumn',
  'System.Management.Automation.TableControlColumnHeader',
  'System.Management.Automation.TableControlRow',
  'System.Management.Automation.WideControlEntryItem',
  'System.Net.IPAddress',
  'System.Net.Mail.MailAddress',
  'System.Security.AccessControl.FileSystemSecurity',
  'System.Security.AccessControl.RegistrySecurity',
  'System.Security.Cryptography.X509Certificates.X500DistinguishedName',
  'System.Security.Cryptography.X509Certificates.X509Certificate2',
]);

/** True when `name` starts with `Deserialized.` in any case (PowerShell takes every case as the prefix). */
function hasDeserializedPrefix(name: string): boolean {
  if (name.startsWith(DESERIALIZED_PREFIX)) return true;
  const first = name.charCodeAt(0);
  // 'D' or 'd': maybe the prefix in another case.
  return (first === 0x44 || first === 0x64) && name.slice(0, DESERIALIZED_PREFIX.length).toLowerCase() === 'deserialized.';
}

function withoutDeserializedPrefix(name: string): string {
  return hasDeserializedPrefix(name) ? name.slice(DESERIALIZED_PREFIX.length) : name;
}

/**
 * REHYDRATED_TYPE_NAMES by length: a received name is compared with the few of its length, instead of being
 * hashed for a Set (a long generic type name costs a hash over all of it, and most names are not there).
 */
const REHYDRATED_BY_LENGTH: string[][] = [];
for (const name of REHYDRATED_TYPE_NAMES) (REHYDRATED_BY_LENGTH[name.length] ??= []).push(name);

function isRehydrated(plainName: string): boolean {
  const candidates = REHYDRATED_BY_LENGTH[plainName.length];
  return candidates !== undefined && candidates.includes(plainName);
}

/**
 * The type names PowerShell presents for an object that arrived with `original`: each with `Deserialized.`
 * in front, except for the types its deserializer rebuilds as live objects (IPAddress, PSCredential,
 * CultureInfo, PSPrimitiveDictionary, ...), which keep their own names.
 */
function presentedNames(original: readonly string[]): string[] {
  let rehydrated = false;
  for (let index = 0; index < original.length && !rehydrated; index++) rehydrated = isRehydrated(withoutDeserializedPrefix(original[index] as string));
  const presented: string[] = [];
  for (let index = 0; index < original.length; index++) {
    const name = original[index] as string;
    presented.push(rehydrated ? withoutDeserializedPrefix(name) : withDeserializedPrefix(name));
  }
  return presented;
}

/** Lists remembered by presentTypeNames, and the characters a list remembered may have in all (a bound on the memory kept). */
const MAX_PRESENTED_LISTS = 256;
const MAX_PRESENTED_LIST_CHARACTERS = 1024;
/** Lists met lately, by their first name: one type's list comes again in every message that holds the type. */
const presentedByFirstName = new Map<string, { readonly original: readonly string[]; readonly presented: readonly string[] }>();

/** presentedNames(original), the same array for a list met lately (the readers copy it into each object). */
export function presentTypeNames(original: readonly string[]): readonly string[] {
  const first = original[0];
  if (first === undefined) return presentedNames(original);
  const known = presentedByFirstName.get(first);
  if (known !== undefined && sameNames(known.original, original)) return known.presented;
  let characters = 0;
  for (const name of original) characters += name.length;
  if (characters > MAX_PRESENTED_LIST_CHARACTERS) return presentedNames(original);
  if (presentedByFirstName.size >= MAX_PRESENTED_LISTS) presentedByFirstName.clear();
  // Remembered as copies: names sliced from an input would keep all of it alive.
  const owned = original.map(ownString);
  const presented = presentedNames(owned);
  presentedByFirstName.set(owned[0] as string, { original: owned, presented });
  return presented;
}

/** The type names a deserialized object arrived with, shared by every object whose `<TN>`/`<TNRef>` named the same list. */
export interface TypeNameSource {
  /** As the sender wrote them. */
  readonly original: readonly string[];
  /** As PowerShell presents them: each with `Deserialized.` in front. */
  readonly presented: readonly string[];
}

/**
 * The source of the type names read in one `<TN>`: `original` frozen, as every object of the list (by `<TNRef>`, or
 * from a list remembered between calls) shares it.
 */
export function typeNameSource(original: string[]): TypeNameSource {
  // The writer keeps the list it makes of these names on the array (type-name-lists), found again without a key.
  reserveListStamp(original);
  return { original: Object.freeze(original), presented: presentTypeNames(original) };
}

/** The CLIXML elements of a list: LST (IList), IE (other enumerables), STK (Stack), QUE (Queue). */
export type ListTag = 'LST' | 'IE' | 'STK' | 'QUE';

/** Asked of a PSObject's proxy, answers the object behind it (so internal code can skip the traps). */
const TARGET: unique symbol = Symbol('PSObject target');
/** Passed by createForReader: construct without the proxy, which it makes itself. */
const BARE: unique symbol = Symbol('bare PSObject');
const EMPTY_INIT: PSObjectInit = Object.freeze({});

export class PSObject {
  /**
   * Most specific first, as PowerShell presents them: a deserialized object's names carry the
   * `Deserialized.` prefix PowerShell's deserializer adds (`Deserialized.System.Diagnostics.Process`). The
   * names as the sender wrote them are `originalTypeNames`.
   */
  typeNames: string[];
  /** `<ToString>`: the sender's ToString() of the object, or null. */
  toStringValue: string | null;
  /** `<Props>`: adapted (.NET) properties. */
  adapted: Record<string, PsValue>;
  /** `<MS>`: extended (note) properties. Remoting message bodies keep all their fields here. */
  extended: Record<string, PsValue>;
  /** A primitive inside the Obj (an enum's `<I32>`), or the content of LST/IE/STK/QUE (array) or DCT. */
  baseValue: PsValue | undefined;
  // Kept in private fields, so that equality checks and JSON see only the public ones.
  #typeNameSource: TypeNameSource | undefined = undefined;
  #unknownElements: PSUnknownElement[] | undefined = undefined;
  #listTag: ListTag | undefined = undefined;
  /** The writer that last wrote this object (its generation) and the RefId it gave it: no Map lookup per object. */
  #writtenBy = 0;
  #writtenAs = 0;

  constructor(init: PSObjectInit = {}, bare?: typeof BARE) {
    this.typeNames = init.typeNames === undefined ? [] : [...init.typeNames];
    this.toStringValue = init.toStringValue ?? null;
    this.adapted = createPropertyRecord(init.adapted);
    this.extended = createPropertyRecord(init.extended);
    this.baseValue = init.baseValue;
    // Returning the proxy makes it what `new` gives back; `instanceof PSObject` still holds.
    if (bare !== BARE) return new Proxy(this, MEMBER_ACCESS);
  }

  /**
   * The type names as the sender wrote them (for an object built here: `typeNames`). Read ones are frozen: every
   * object read with the same list shares them.
   */
  get originalTypeNames(): readonly string[] {
    const self = targetOf(this);
    return self.#typeNameSource?.original ?? self.typeNames;
  }

  /** True when this object's type names came from deserialize (they carry the `Deserialized.` prefix). */
  get isDeserialized(): boolean {
    return targetOf(this).#typeNameSource !== undefined;
  }

  /**
   * Elements a newer serializer wrote inside this `<Obj>` that this version does not know, in order;
   * serialize() writes them back.
   */
  get unknownElements(): PSUnknownElement[] {
    return targetOf(this).#unknownElements ?? [];
  }

  set unknownElements(elements: PSUnknownElement[]) {
    targetOf(this).#unknownElements = elements;
  }

  /** A property by name: extended first, then adapted (PowerShell's lookup order), then ignoring case. */
  get(name: string): PsValue | undefined {
    return findProperty(this.extended, this.adapted, name);
  }

  /** PowerShell's string conversion (`"$object"`): ToString when the sender wrote one, else as PowerShell builds it. */
  toString(): string {
    return objectString(this, true);
  }

  /** The primitive inside (an enum's number, a string with notes), so `color == 9` works; otherwise the object. */
  valueOf(): unknown {
    const base = this.baseValue;
    return base !== null && base !== undefined && typeof base !== 'object' ? base : this;
  }

  /**
   * A plain view for printing: properties merged, containers and enums unwrapped; cycles cut. A value met again (an
   * object or byte array shared with `<Ref>`) is given in full once, then as "[Shared]"; the view stops at
   * MAX_PLAIN_NODES nodes and MAX_PLAIN_CHARS characters of text ("[Truncated]"), so hostile input cannot make it
   * explode.
   */
  toJSON(): unknown {
    return toPlainJson(this);
  }

  /** console.log and util.inspect (Node, Deno, Bun): the properties under the type name, not the model's fields (see ps-object-inspect). */
  [Symbol.for('nodejs.util.inspect.custom')](depth?: number | null, options: InspectOptions = {}, inspect?: Inspect): unknown {
    return inspectObject(targetOf(this), depth, options, inspect);
  }

  /** For the reader: a new object and the target behind its proxy, whose fields it fills without the traps. */
  static createForReader(): { object: PSObject; target: PSObject } {
    const target = new PSObject(EMPTY_INIT, BARE);
    return { object: new Proxy(target, MEMBER_ACCESS), target };
  }

  static setTypeNameSource(object: PSObject, source: TypeNameSource): void {
    const self = targetOf(object);
    self.typeNames = source.presented.slice();
    self.#typeNameSource = source;
  }

  static setListTag(object: PSObject, tag: ListTag): void {
    targetOf(object).#listTag = tag;
  }

  static listTagOf(object: PSObject): ListTag | undefined {
    return targetOf(object).#listTag;
  }

  /** The unknown elements read into an object, if any (for the writer: no empty array made per object). */
  static unknownElementsOf(object: PSObject): readonly PSUnknownElement[] | undefined {
    return targetOf(object).#unknownElements;
  }

  static typeNameSourceOf(object: PSObject): TypeNameSource | undefined {
    return targetOf(object).#typeNameSource;
  }

  /** The object behind the proxy, for internal code that reads many fields (the writer). */
  static unwrap(object: PSObject): PSObject {
    return targetOf(object);
  }

  /**
   * The RefId writer `generation` gave `target` earlier, or -1 after giving it `refId` now. A writer's generation
   * is unique, so an object written by another writer before counts as new.
   */
  static claimRefId(target: PSObject, generation: number, refId: number): number {
    if (target.#writtenBy === generation) return target.#writtenAs;
    target.#writtenBy = generation;
    target.#writtenAs = refId;
    return -1;
  }
}

/** The object behind a PSObject's proxy (itself when it is already the target). */
function targetOf(object: PSObject): PSObject {
  // Not told apart from a target by a private field first: `#field in proxy` costs as much as this trap (35 ns measured).
  return (object as unknown as Record<typeof TARGET, PSObject | undefined>)[TARGET] ?? object;
}

/** Marks `object` as deserialized with the type names of `source`, and gives it its own copy of them (the reader calls this). */
export function setTypeNameSource(object: PSObject, source: TypeNameSource): void {
  PSObject.setTypeNameSource(object, source);
}

/** Remembers that a deserialized list was an `<IE>`, `<STK>` or `<QUE>` (the reader calls this). */
export function setListTag(object: PSObject, tag: ListTag): void {
  PSObject.setListTag(object, tag);
}

/** The element a deserialized list arrived in, if it was not `<LST>`. */
export function listTagOf(object: PSObject): ListTag | undefined {
  return PSObject.listTagOf(object);
}

/**
 * The type names serialize() writes: a deserialized object whose `typeNames` were not changed goes out with
 * the names it came with (both read the same on a PowerShell receiver, which adds the prefix where missing).
 */
export function typeNamesToWrite(object: PSObject): readonly string[] {
  const typeNames = object.typeNames;
  const source = PSObject.typeNameSourceOf(object);
  if (source === undefined) return typeNames;
  const presented = source.presented;
  if (presented.length !== typeNames.length) return typeNames;
  for (let index = 0; index < typeNames.length; index++) {
    if (typeNames[index] !== presented[index]) return typeNames;
  }
  return source.original;
}

function findProperty(extended: Record<string, PsValue>, adapted: Record<string, PsValue>, name: string): PsValue | undefined {
  if (name in extended) return extended[name];
  if (name in adapted) return adapted[name];
  const lower = name.toLowerCase();
  for (const record of [extended, adapted]) {
    for (const key in record) {
      if (key.toLowerCase() === lower) return record[key];
    }
  }
  return undefined;
}

/** The record holding property `name`, or undefined. */
function recordHolding(target: PSObject, name: string): Record<string, PsValue> | undefined {
  const { extended, adapted } = target;
  if (name in extended) return extended;
  if (name in adapted) return adapted;
  return undefined;
}

const MEMBER_ACCESS: ProxyHandler<PSObject> = {
  get(target, key, receiver) {
    if (key === TARGET) return target;
    if (typeof key !== 'string' || key in target) return Reflect.get(target, key, receiver);
    const property = findProperty(target.extended, target.adapted, key);
    if (property !== undefined) return property;
    // A hashtable's keys read as properties, as in PowerShell ($table.key).
    const base = target.baseValue;
    return base instanceof Map ? base.get(key) : undefined;
  },
  set(target, key, value, receiver) {
    if (typeof key !== 'string' || key in target) return Reflect.set(target, key, value, receiver);
    // An existing property is changed where it lives; a new one becomes a note (extended), like Add-Member.
    (recordHolding(target, key) ?? target.extended)[key] = value as PsValue;
    return true;
  },
  has(target, key) {
    if (key in target) return true;
    return typeof key === 'string' && findProperty(target.extended, target.adapted, key) !== undefined;
  },
};

/** `<DCT>`: keys may be any value (PowerShell hashtables often use strings or integers). */
export class PSDictionary extends Map<PsValue, PsValue> {
  toJSON(): unknown {
    return toPlainJson(this);
  }
}

/** A nested `<MS N="...">` inside an `<MS>`: a property set with its own members. */
export class PSMemberSet {
  readonly members: Record<string, PsValue>;

  constructor(members?: Readonly<Record<string, PsValue>>) {
    this.members = createPropertyRecord(members);
  }

  toJSON(): unknown {
    return toPlainJson(this);
  }
}

const ENUM_TYPE_NAMES = new Set(['System.Enum', 'Deserialized.System.Enum']);

export function isEnum(value: PSObject): boolean {
  return value.typeNames.some((name) => ENUM_TYPE_NAMES.has(name));
}

const ORDERED_DICTIONARY = 'System.Collections.Specialized.OrderedDictionary';

/**
 * The .NET type of a container's base object as PowerShell's deserializer rebuilds it: lists as ArrayList
 * (Stack and Queue as themselves), dictionaries as Hashtable (an OrderedDictionary as itself).
 */
export function containerTypeName(object: PSObject): string {
  const base = object.baseValue;
  const first = withoutDeserializedPrefix(object.originalTypeNames[0] ?? '');
  if (base instanceof Map) return first === ORDERED_DICTIONARY ? ORDERED_DICTIONARY : 'System.Collections.Hashtable';
  if (!object.isDeserialized) return 'System.Object[]';
  const tag = listTagOf(object);
  if (tag === 'STK' || first === 'System.Collections.Stack') return 'System.Collections.Stack';
  if (tag === 'QUE' || first === 'System.Collections.Queue') return 'System.Collections.Queue';
  return 'System.Collections.ArrayList';
}

/**
 * PowerShell's string conversion of an object. `topLevel`: the object itself (`"$object"`); otherwise one
 * item of a list or a property inside `@{...}`, where PowerShell writes a container's type name and a
 * property bag as nothing.
 */
function objectString(object: PSObject, topLevel: boolean): string {
  if (object.toStringValue !== null) return object.toStringValue;
  const base = object.baseValue;
  if (base !== undefined && base !== null && !(Array.isArray(base) || base instanceof Map)) return itemString(base);
  if (Array.isArray(base) || base instanceof Map) {
    if (!topLevel || base instanceof Map) return containerTypeName(object);
    return base.map((item) => itemString(item)).join(' ');
  }
  if (!topLevel) return '';
  const parts: string[] = [];
  for (const record of [object.adapted, object.extended]) {
    for (const name of Object.keys(record)) {
      const item = record[name] as PsValue;
      // Member sets (PSStandardMembers, property sets) are members but not properties: PowerShell leaves them out.
      if (!(item instanceof PSMemberSet)) parts.push(`${name}=${itemString(item)}`);
    }
  }
  return parts.length === 0 ? '' : `@{${parts.join('; ')}}`;
}

/** One value inside a list or property bag, converted as PowerShell converts it to text. */
function itemString(value: PsValue | undefined): string {
  if (value === null || value === undefined) return '';
  switch (typeof value) {
    case 'string':
      return value;
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return numberString(value);
    case 'bigint':
      return String(value);
    default:
      break;
  }
  if (value instanceof PSObject) return objectString(value, false);
  if (value instanceof Date) return dateString(value);
  if (Array.isArray(value)) return 'System.Object[]';
  if (value instanceof Map) return 'System.Collections.Hashtable';
  if (value instanceof Uint8Array) return 'System.Byte[]';
  return String(value);
}

/** A number as .NET converts it to text (invariant culture): shortest round-trip digits, `Infinity`, `NaN`. */
export function numberString(value: number): string {
  const text = formatDouble(value);
  return text === 'INF' ? 'Infinity' : text === '-INF' ? '-Infinity' : text;
}

/** A DateTime as PowerShell converts it to text (invariant culture): `MM/dd/yyyy HH:mm:ss`, at the time's own offset. */
function dateString(value: Date): string {
  const offsetMinutes = (value as { offsetMinutes?: number | null }).offsetMinutes ?? 0;
  const wall = new Date(value.getTime() + offsetMinutes * 60_000);
  const pad = (part: number): string => String(part).padStart(2, '0');
  return (
    `${pad(wall.getUTCMonth() + 1)}/${pad(wall.getUTCDate())}/${String(wall.getUTCFullYear()).padStart(4, '0')} ` +
    `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`
  );
}
