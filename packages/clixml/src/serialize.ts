/**
 * @module serialize
 * JS values -> CLIXML. serialize() writes one root element, as a PSRP message body needs (no `<Objs>`
 * root, no namespace, RefIds from 0: what PowerShell's remoting serializer writes); serializeDocument()
 * writes an Export-Clixml style `<Objs>` document that Import-Clixml reads. serializeToUtf8() and
 * serializeDocumentToUtf8() write the same as UTF-8 bytes, for a caller that sends or stores bytes: the text is never
 * made as a string and encoded again.
 */
import { ClixmlWriter, type PsSerializable } from './clixml-writer.js';
import { OBJECTS_NAMESPACE, OBJECTS_VERSION } from './element-names.js';
import { ClixmlArgumentError } from './errors.js';
import { resolveSerializeDepth, type SerializeOptions } from './limits.js';

export type { PsSerializable, PsPlainObject } from './clixml-writer.js';

/** Opening tag of an Export-Clixml document. */
export const DOCUMENT_START = `<Objs Version="${OBJECTS_VERSION}" xmlns="${OBJECTS_NAMESPACE}">`;
export const DOCUMENT_END = '</Objs>';

/**
 * Serializes one value. A number that is an Int32 becomes `<I32>`, a larger safe integer `<I64>`, any other
 * number `<Db>`; a bigint `<I64>`; an array an object[] (`<LST>`), a Map a Hashtable (`<DCT>`), a plain
 * object a PSCustomObject; PSNumber and the PS* classes pick any other type.
 * @example serialize(new PSObject({ extended: { MinRunspaces: 1 } }))
 *   // '<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32></MS></Obj>'
 */
export function serialize(value: PsSerializable, options?: SerializeOptions): string {
  const writer = new ClixmlWriter(resolveSerializeDepth(options));
  writer.writeValue(value, undefined);
  return writer.take();
}

/**
 * serialize() as UTF-8 bytes: the same as `new TextEncoder().encode(serialize(value))` (a lone surrogate, which
 * only text written as it is can hold, becomes U+FFFD), made without the string. What a PSRP message body needs.
 */
export function serializeToUtf8(value: PsSerializable, options?: SerializeOptions): Uint8Array {
  const writer = new ClixmlWriter(resolveSerializeDepth(options), true);
  writer.writeValue(value, undefined);
  return writer.takeBytes();
}

/**
 * Serializes values into one `<Objs>` document, as Export-Clixml writes it (RefIds and type names shared
 * across the values). An entry `{ value, stream }` from deserializeDocumentEntries keeps its `S` attribute
 * only when passed to serializeDocumentEntries.
 */
export function serializeDocument(values: Iterable<PsSerializable>, options?: SerializeOptions): string {
  const writer = new ClixmlWriter(resolveSerializeDepth(options));
  writeDocument(writer, values);
  return writer.take();
}

/** serializeDocument() as UTF-8 bytes (see serializeToUtf8): what a file holds, made without the string. */
export function serializeDocumentToUtf8(values: Iterable<PsSerializable>, options?: SerializeOptions): Uint8Array {
  const writer = new ClixmlWriter(resolveSerializeDepth(options), true);
  writeDocument(writer, values);
  return writer.takeBytes();
}

function writeDocument(writer: ClixmlWriter, values: Iterable<PsSerializable>): void {
  if (values === null || typeof values !== 'object' || !(Symbol.iterator in values)) {
    throw new ClixmlArgumentError('values', 'expected an iterable of values (an array)');
  }
  writer.append(DOCUMENT_START);
  for (const value of values) writer.writeValue(value, undefined);
  writer.append(DOCUMENT_END);
}

/** Like serializeDocument, keeping each entry's stream (`S="Error"`, ...) as deserializeDocumentEntries returns it. */
export function serializeDocumentEntries(
  entries: Iterable<{ value: PsSerializable; stream?: string | null }>,
  options?: SerializeOptions,
): string {
  const writer = new ClixmlWriter(resolveSerializeDepth(options));
  writer.append(DOCUMENT_START);
  for (const entry of entries) writer.writeEntry(entry.value, entry.stream);
  writer.append(DOCUMENT_END);
  return writer.take();
}
