/**
 * How PowerShell's host encoder writes the values of host calls (MS-PSRP 2.2.3), and the primitive readers and
 * writer checks that the host data types in this folder are built from. Each of those types is a plain JS value
 * with a reader (`from*`) for what the server sends and a writer (`to*`) for what the server expects back.
 *
 * PowerShell's host encoder writes a .NET struct or class as an `<Obj>` without type names whose extended
 * properties are the type's fields (`x`/`y`, `width`/`height`, `virtualKeyCode`, `label`, ...), an enum as its
 * Int32 value, a collection as an ArrayList and a dictionary as a Hashtable; the writers produce the same shapes.
 * Readers look a property up by its exact name first and then, as PowerShell does, without regard to case.
 * A reader given anything else throws PsrpProtocolError; a writer given an invalid value (a host's answer out of
 * range) throws PsrpHostError.
 */
import { PSChar, PSObject, type PsValue } from '@psrp/clixml';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Readers: what the server sends; anything else is a protocol error

/** A property of an object sent by the server: the exact name first, then any case (PowerShell's lookup). */
export function hostMember(object: PSObject, name: string): PsValue | undefined {
  const exact = object.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const record of [object.extended, object.adapted]) {
    for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  }
  return undefined;
}

export function readHostObject(value: PsValue | undefined, what: string): PSObject {
  if (value instanceof PSObject) return value;
  throw invalid(what, 'an object', value);
}

/** An Int32; an enum (an `<Obj>` around its integer) reads as its value. */
export function readHostInt32(value: PsValue | undefined, what: string): number {
  const number = unwrapEnum(value);
  if (typeof number === 'number' && Number.isInteger(number) && number >= INT32_MIN && number <= INT32_MAX) return number;
  if (typeof number === 'bigint' && number >= BigInt(INT32_MIN) && number <= BigInt(INT32_MAX)) return Number(number);
  throw invalid(what, 'an Int32', value);
}

/** An Int64 as a bigint (deserialize returns `<I64>` as a bigint; smaller integers are widened). */
export function readHostInt64(value: PsValue | undefined, what: string): bigint {
  const number = unwrapEnum(value);
  if (typeof number === 'bigint' && number >= INT64_MIN && number <= INT64_MAX) return number;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return BigInt(number);
  throw invalid(what, 'an Int64', value);
}

export function readHostString(value: PsValue | undefined, what: string): string {
  if (typeof value === 'string') return value;
  throw invalid(what, 'a string', value);
}

/** A string, or null for `<Nil/>` (and for an absent property). */
export function readHostOptionalString(value: PsValue | undefined, what: string): string | null {
  if (value === undefined || value === null) return null;
  return readHostString(value, what);
}

export function readHostBoolean(value: PsValue | undefined, what: string): boolean {
  if (typeof value === 'boolean') return value;
  throw invalid(what, 'a boolean', value);
}

/**
 * The items of a collection: an ArrayList / object[] `<Obj>` (how PowerShell's host encoder sends a collection),
 * a one-dimensional `{ mae, mal }` array object (how it sends a .NET array, such as an int[]), or a bare array.
 */
export function readHostList(value: PsValue | undefined, what: string): PsValue[] {
  if (Array.isArray(value)) return value;
  if (value instanceof PSObject) {
    if (Array.isArray(value.baseValue)) return value.baseValue;
    if (hostMember(value, 'mae') !== undefined) {
      const { lengths, elements } = readHostArray(value, what);
      if (lengths.length !== 1) throw invalid(what, 'a one-dimensional array', value);
      return elements;
    }
  }
  throw invalid(what, 'a collection', value);
}

/** Most elements an array from the server may have. */
export const MAX_HOST_ARRAY_ELEMENTS = 1 << 22;

/**
 * A .NET array as PowerShell's host encoder writes it: an `<Obj>` with `mae`, the elements in row-major order (an
 * ArrayList), and `mal`, the length of each dimension (an Int32[]).
 */
export function readHostArray(value: PsValue | undefined, what: string): { lengths: number[]; elements: PsValue[] } {
  const object = readHostObject(value, what);
  const lengths = readHostList(member(object, 'mal', what), `${what}.mal`).map((length, index) =>
    readHostInt32(length, `${what}.mal[${index}]`),
  );
  if (lengths.length === 0 || lengths.some((length) => length < 0)) {
    throw new PsrpProtocolError(`Host call: ${what}.mal should be the non-negative lengths of the dimensions, got [${lengths.join(', ')}]`);
  }
  const count = lengths.reduce((product, length) => product * length, 1);
  if (count > MAX_HOST_ARRAY_ELEMENTS) throw new PsrpProtocolError(`Host call: ${what} of ${lengths.join('x')} elements is too large`);
  const elementsValue = member(object, 'mae', what);
  const elements = elementsValue instanceof PSObject && Array.isArray(elementsValue.baseValue) ? elementsValue.baseValue : elementsValue;
  if (!Array.isArray(elements)) throw invalid(`${what}.mae`, 'a collection', elementsValue);
  if (elements.length !== count) {
    throw new PsrpProtocolError(`Host call: ${what} has ${elements.length} elements, not ${lengths.join('x')}`);
  }
  return { lengths, elements };
}

/** A `<C>` char as a one-code-unit string (also accepts such a string or the code as a number). */
export function readHostChar(value: PsValue | undefined, what: string): string {
  if (value instanceof PSChar) return value.toString();
  if (typeof value === 'string' && value.length === 1) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff) return String.fromCharCode(value);
  throw invalid(what, 'a char', value);
}

function unwrapEnum(value: PsValue | undefined): PsValue | undefined {
  return value instanceof PSObject && value.baseValue !== undefined ? value.baseValue : value;
}

/** The error for a value from the server that is not what `what` should be. */
export function invalid(what: string, expected: string, value: PsValue | undefined): PsrpProtocolError {
  return new PsrpProtocolError(`Host call: ${what} should be ${expected}, got ${describe(value)}`);
}

function describe(value: PsValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof PSObject) return `an object (${value.typeNames[0] ?? 'no type name'})`;
  if (typeof value === 'object') return `a ${value.constructor.name}`;
  if (typeof value === 'string') return value.length > 40 ? 'a string' : JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

/** A property the server must have sent, found as {@link hostMember} does. */
export function member(object: PSObject, name: string, what: string): PsValue | undefined {
  const value = hostMember(object, name);
  if (value === undefined) throw new PsrpProtocolError(`Host call: ${what} has no property ${name}`);
  return value;
}

// Writers: the host encoder's shapes; a host's answer that does not fit the .NET type is the host's error

/** A host's Int32 answer, checked. @throws PsrpHostError when it is not an Int32 */
export function toInt32(value: number, what: string): number {
  if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return value;
  throw new PsrpHostError(`The host returned ${String(value)} for ${what}, which is not an Int32`);
}

/** A host's string answer, checked. @throws PsrpHostError when it is not a string */
export function checkString(value: string, what: string): string {
  if (typeof value === 'string') return value;
  throw new PsrpHostError(`The host returned ${typeof value} for ${what}, which should be a string`);
}

/** A host's char answer as a `<C>`. @throws PsrpHostError when it is not one UTF-16 code unit */
export function checkChar(value: string, what: string): PSChar {
  if (typeof value === 'string' && value.length === 1) return new PSChar(value.charCodeAt(0));
  throw new PsrpHostError(`The host returned ${JSON.stringify(value)} for ${what}, which should be one UTF-16 code unit`);
}

/** An `<Obj>` with only extended properties: PowerShell's encoding of a host struct or class. */
export function fields(extended: Record<string, PsValue>): PSObject {
  return new PSObject({ extended });
}

const ARRAY_LIST_TYPE_NAMES = ['System.Collections.ArrayList', 'System.Object'] as const;

/** An ArrayList `<Obj>`: what PowerShell's host encoder makes of any collection. */
export function arrayList(items: readonly PsValue[]): PSObject {
  return new PSObject({ typeNames: ARRAY_LIST_TYPE_NAMES, baseValue: [...items] });
}

const INT32_ARRAY_TYPE_NAMES = ['System.Int32[]', 'System.Array', 'System.Object'] as const;

/** A .NET array in the host encoder's `{ mae, mal }` form. */
export function toHostArray(elements: readonly PsValue[], lengths: readonly number[]): PSObject {
  return fields({
    mae: arrayList(elements),
    mal: new PSObject({ typeNames: INT32_ARRAY_TYPE_NAMES, baseValue: lengths.map((length) => toInt32(length, 'an array length')) }),
  });
}
