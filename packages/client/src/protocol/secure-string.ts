/**
 * SecureString values (MS-PSRP 2.2.5.1.24 `<SS>`): what a user sends and receives is plain text in a SecureString;
 * on the wire it is base64 of the UTF-16LE text (protocol 2.4) or of its AES encryption under the session key
 * (2.3 and older). The pool converts at the edge: outgoing values before serialization, received ones after.
 */
import { PSDictionary, PSMemberSet, PSObject, PSSecureString, typeNamesToWrite, type PsValue } from '@psrp/clixml';

/** A secret string: its text never prints (String(), JSON and inspection show a placeholder). */
export class SecureString {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  /** The plain text. */
  reveal(): string {
    return this.#text;
  }

  toString(): string {
    return 'System.Security.SecureString';
  }

  toJSON(): string {
    return '[SecureString]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'SecureString [hidden]';
  }
}

/** The value as the user may hand it over: PsValue, with SecureStrings anywhere inside. */
export type ClientValue = PsValue | SecureString;

/** True when a SecureString is anywhere in the value (arrays, maps and objects followed, cycles cut). */
export function containsSecureString(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value instanceof SecureString) return true;
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.some((item) => containsSecureString(item, seen));
  if (value instanceof Map) {
    for (const [key, item] of value) if (containsSecureString(key, seen) || containsSecureString(item, seen)) return true;
    return false;
  }
  if (value instanceof PSObject) {
    return (
      containsSecureString(value.baseValue, seen) ||
      Object.values(value.extended).some((item) => containsSecureString(item, seen)) ||
      Object.values(value.adapted).some((item) => containsSecureString(item, seen))
    );
  }
  if (value instanceof PSMemberSet) return Object.values(value.members).some((item) => containsSecureString(item, seen));
  return false;
}

/**
 * The value with every SecureString replaced by its wire form. Containers on the way to one are copied, so the
 * caller's objects are left as they were; everything else is shared. Cycles through a SecureString are cut.
 */
export function encodeSecureStrings(value: ClientValue, encode: (text: string) => string, seen: Set<object> = new Set()): PsValue {
  if (value instanceof SecureString) return new PSSecureString(encode(value.reveal()));
  if (value === null || typeof value !== 'object' || seen.has(value) || !containsSecureString(value)) return value;
  seen.add(value);
  const swap = (item: unknown): PsValue => encodeSecureStrings(item as ClientValue, encode, seen);
  const swapRecord = (record: Readonly<Record<string, PsValue>>) =>
    Object.fromEntries(Object.entries(record).map(([name, item]) => [name, swap(item)]));
  if (Array.isArray(value)) return value.map(swap);
  if (value instanceof Map) {
    const copy = value instanceof PSDictionary ? new PSDictionary() : new Map<PsValue, PsValue>();
    for (const [key, item] of value) copy.set(swap(key), swap(item));
    return copy;
  }
  if (value instanceof PSObject) {
    const copy = new PSObject({
      // A received object goes back with the names it came with (its `typeNames` carry `Deserialized.`), as
      // serialize() would send the object itself; names the user changed go as they are.
      typeNames: typeNamesToWrite(value),
      toStringValue: value.toStringValue,
      adapted: swapRecord(value.adapted),
      extended: swapRecord(value.extended),
      ...(value.baseValue === undefined ? {} : { baseValue: swap(value.baseValue) }),
    });
    if (value.unknownElements.length > 0) copy.unknownElements = value.unknownElements;
    return copy;
  }
  if (value instanceof PSMemberSet) return new PSMemberSet(swapRecord(value.members));
  return value;
}

/** Replaces every received `<SS>` by a SecureString holding its text, in place; `decode` may throw. */
export function decodeSecureStrings(value: PsValue, decode: (wire: string) => string, seen: Set<object> = new Set()): ClientValue {
  if (value instanceof PSSecureString) return new SecureString(decode(value.text));
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  const swap = (item: PsValue): PsValue => decodeSecureStrings(item, decode, seen) as PsValue;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = swap(value[index]!);
  } else if (value instanceof PSDictionary || value instanceof Map) {
    for (const [key, item] of value) value.set(key, swap(item));
  } else if (value instanceof PSObject) {
    if (value.baseValue !== undefined) value.baseValue = swap(value.baseValue);
    for (const record of [value.extended, value.adapted]) for (const name of Object.keys(record)) record[name] = swap(record[name]!);
  } else if (value instanceof PSMemberSet) {
    for (const name of Object.keys(value.members)) value.members[name] = swap(value.members[name]!);
  }
  return value;
}
