/**
 * @module property-record
 * The records that hold a PSObject's properties (adapted, extended, a member set's): objects that inherit nothing,
 * so that names such as `__proto__`, `constructor` or `toString` are plain keys.
 */
import { sameNames } from '../same-names.js';
import type { PsValue } from '../value.js';

/**
 * The prototype of every property record: empty, frozen, itself without a prototype. Nothing is inherited, so
 * names such as `__proto__`, `constructor` or `toString` are plain keys (no setter, no Object.prototype) —
 * and, unlike `Object.create(null)`, V8 keeps such objects in fast mode (property stores about 3x and key
 * enumeration about 18x faster, measured).
 */
const NO_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

/** True for a record made here. */
export function isPropertyRecord(value: object): boolean {
  return Object.getPrototypeOf(value) === NO_PROTOTYPE;
}

/** A property bag that inherits nothing, so names such as `__proto__` or `constructor` are plain keys. */
export function createPropertyRecord(from?: Readonly<Record<string, PsValue>>): Record<string, PsValue> {
  const record = Object.create(NO_PROTOTYPE) as Record<string, PsValue>;
  if (from !== undefined) {
    for (const name of Object.keys(from)) record[name] = from[name] as PsValue;
  }
  return record;
}

/**
 * Records of more properties than this are made from a template of their shape: V8 turns an object that gains more
 * than about 20 properties one by one into a slow dictionary (measured with 60: 139 ns per property one by one, 32
 * from a template; with 10, 23 one by one and 44 from a template).
 */
const TEMPLATE_MIN_PROPERTIES = 16;
/**
 * Shapes of more names are made one by one: JSON.parse makes an object of 128 keys or more a dictionary, whose copies
 * cost more than stores one by one (measured with 200: 438 ns per property).
 */
const MAX_TEMPLATE_PROPERTIES = 127;
/** Shapes remembered, by their first name, then the cache starts again; and the characters a shape remembered may have. */
const MAX_SHAPES = 256;
const MAX_SHAPE_CHARACTERS = 4096;

interface Shape {
  readonly names: readonly string[];
  /** An object with the shape's own keys in order; made when the shape is met a second time. */
  template: Record<string, null> | null;
}

/** Shapes met lately. Module-wide: the objects of one type repeat from message to message. */
const shapesByFirstName = new Map<string, Shape>();

function charactersOf(names: readonly string[], count: number): number {
  let characters = 0;
  for (let index = 0; index < count; index++) characters += (names[index] as string).length;
  return characters;
}

/** An object with these own keys, in this order (JSON.parse makes each a data property, `__proto__` too). */
function templateOf(names: readonly string[]): Record<string, null> {
  return JSON.parse(`{${names.map((name) => `${JSON.stringify(name)}:null`).join(',')}}`) as Record<string, null>;
}

/** Stores the first `count` names and values into `record`, in order (a repeated name keeps its place and its last value). */
export function storeProperties(record: Record<string, PsValue>, names: readonly string[], values: readonly PsValue[], count: number): void {
  for (let index = 0; index < count; index++) record[names[index] as string] = values[index] as PsValue;
}

/** A new record of the first `count` names and values: as storeProperties into an empty record would make it. */
export function propertyRecordOf(names: readonly string[], values: readonly PsValue[], count: number): Record<string, PsValue> {
  let template: Record<string, null> | null = null;
  if (count > TEMPLATE_MIN_PROPERTIES && count <= MAX_TEMPLATE_PROPERTIES) {
    const first = names[0] as string;
    const shape = shapesByFirstName.get(first);
    if (shape !== undefined && sameNames(shape.names, names, count)) {
      template = shape.template ??= templateOf(shape.names);
    } else if (charactersOf(names, count) <= MAX_SHAPE_CHARACTERS) {
      if (shapesByFirstName.size >= MAX_SHAPES) shapesByFirstName.clear();
      shapesByFirstName.set(first, { names: names.slice(0, count), template: null });
    }
  }
  const record = template === null ? (Object.create(NO_PROTOTYPE) as Record<string, PsValue>) : ({ ...template } as Record<string, PsValue>);
  if (template !== null) Object.setPrototypeOf(record, NO_PROTOTYPE);
  storeProperties(record, names, values, count);
  return record;
}
