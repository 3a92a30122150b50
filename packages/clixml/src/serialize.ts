/**
 * @module serialize
 * JS values -> CLIXML. serialize() writes one root element, as a PSRP message body needs (no `<Objs>`
 * root, no namespace, RefIds from 0: what PowerShell's remoting serializer writes); serializeDocument()
 * writes an Export-Clixml style `<Objs>` document.
 */
import { ClixmlWriter } from './clixml-writer.js';
import { OBJECTS_NAMESPACE, OBJECTS_VERSION } from './element-names.js';
import { DEFAULT_MAX_DEPTH, type SerializeOptions } from './limits.js';
import type { PsValue } from './value.js';

/**
 * Serializes one value. Numbers that are Int32 integers become `<I32>`, others `<Db>`; bigints `<I64>`;
 * arrays and Maps an `<Obj>` typed as object[] / Hashtable; PSNumber picks any other numeric type.
 * @example serialize(new PSObject({ extended: { MinRunspaces: 1 } }))
 *   // '<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32></MS></Obj>'
 */
export function serialize(value: PsValue | undefined, options?: SerializeOptions): string {
  const writer = new ClixmlWriter(options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  writer.writeValue(value, undefined);
  return writer.output;
}

/** Serializes values into one `<Objs>` document; RefIds and type names are shared across them. */
export function serializeDocument(values: readonly (PsValue | undefined)[], options?: SerializeOptions): string {
  const writer = new ClixmlWriter(options?.maxDepth ?? DEFAULT_MAX_DEPTH);
  writer.append(`<Objs Version="${OBJECTS_VERSION}" xmlns="${OBJECTS_NAMESPACE}">`);
  for (const value of values) writer.writeValue(value, undefined);
  writer.append('</Objs>');
  return writer.output;
}
