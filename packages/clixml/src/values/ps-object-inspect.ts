/**
 * @module ps-object-inspect
 * What console.log and util.inspect show for a PSObject (runtimes that honour `nodejs.util.inspect.custom`: Node, Deno, Bun):
 * its properties as one object, labelled with the class and the most specific type name, as Format-List lists them,
 * instead of the fields the model keeps them in (typeNames, adapted, extended, baseValue):
 *
 *   PSObject [Deserialized.System.IO.FileInfo] { Name: 'a.txt', Length: 5n, PSPath: '...' }
 *
 * The view is formatted by the inspect function the runtime hands over, with the depth left and the colours asked for;
 * an object met again inside itself is shown as `[Circular PSObject [type]]`.
 */
import type { PsValue } from '../value.js';

/** What the view needs of a PSObject (its target, so that no trap runs). */
export interface InspectedObject {
  readonly typeNames: readonly string[];
  readonly toStringValue: string | null;
  readonly adapted: Readonly<Record<string, PsValue>>;
  readonly extended: Readonly<Record<string, PsValue>>;
  readonly baseValue: PsValue | undefined;
}

/** Keys for what is no property; symbols, so that no property name can collide with them. */
const BASE_VALUE = Symbol('baseValue');
const TO_STRING = Symbol('toString');

/** The label's class: the runtime prints its name, and the toStringTag (the type name) after it. */
const { PSObject: ViewClass } = { PSObject: class {} };

/** Node's inspect options as a custom inspector receives them (the ones used here). */
export interface InspectOptions {
  readonly depth?: number | null;
  readonly stylize?: (text: string, style: string) => string;
}
export type Inspect = (value: unknown, options: InspectOptions) => string;

/** The objects whose views are being formatted (ancestors of what is formatted now): one met again is a cycle. */
const inProgress = new Set<InspectedObject>();

/**
 * The text util.inspect shows for `object` (`depth`: levels left below it, as the runtime passes it). A runtime that
 * passes no inspect function gets the view to format itself.
 */
export function inspectObject(object: InspectedObject, depth: number | null | undefined, options: InspectOptions, inspect: Inspect | undefined): unknown {
  if (typeof inspect !== 'function') return makeView(object);
  const stylize = options.stylize ?? ((text: string) => text);
  const typeName = object.typeNames[0];
  const label = typeName === undefined ? 'PSObject' : `PSObject [${typeName}]`;
  if (inProgress.has(object)) return stylize(`[Circular ${label}]`, 'special');
  if (typeof depth === 'number' && depth < 0) return stylize(`[${label}]`, 'special');
  inProgress.add(object);
  try {
    return inspect(makeView(object), { ...options, depth: depth ?? null });
  } finally {
    inProgress.delete(object);
  }
}

function makeView(object: InspectedObject): unknown {
  const { adapted, extended, baseValue } = object;
  const view = Object.create(ViewClass.prototype) as Record<string | symbol, unknown>;
  const define = (key: string | symbol, value: unknown): void => {
    // defineProperty: a property named `__proto__` is one more key, not the prototype.
    Object.defineProperty(view, key, { value, enumerable: true, configurable: true, writable: true });
  };
  let properties = 0;
  // Extended after adapted: where both hold a name, the extended one is what `object.name` reads.
  for (const record of [adapted, extended]) {
    for (const name in record) {
      define(name, record[name]);
      properties++;
    }
  }
  // A list or hashtable without notes is shown as its content, as PowerShell lists it.
  if (properties === 0 && (Array.isArray(baseValue) || baseValue instanceof Map)) return baseValue;
  const typeName = object.typeNames[0];
  if (typeName !== undefined) Object.defineProperty(view, Symbol.toStringTag, { value: typeName });
  if (properties === 0 && object.toStringValue !== null) define(TO_STRING, object.toStringValue);
  if (baseValue !== undefined) define(BASE_VALUE, baseValue);
  return view;
}
