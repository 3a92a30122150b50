/**
 * @module @psrp/clixml
 * CLIXML, PowerShell's object serialization (the body of every PSRP message, Export-Clixml files and the
 * `#< CLIXML` stderr of powershell.exe), to and from JavaScript values. Runtime-neutral: no `node:*`
 * (files by path are in `@psrp/clixml/node`).
 */
export { deserialize, deserializeDocument, deserializeDocumentEntries, deserializeUtf8, type ClixmlDocumentEntry } from './deserialize.js';
export {
  serialize,
  serializeDocument,
  serializeDocumentEntries,
  serializeToUtf8,
  serializeDocumentToUtf8,
  type PsSerializable,
  type PsPlainObject,
} from './serialize.js';
export {
  ClixmlStreamReader,
  ClixmlDocumentWriter,
  readClixml,
  readClixmlEntries,
  writeClixml,
  type ClixmlStreamOptions,
  type ClixmlEncoding,
  type ClixmlChunkSource,
} from './clixml-stream.js';
export type { PsValue } from './value.js';
export { psTypeNameOf } from './type-name-of.js';
export {
  PSObject,
  PSDictionary,
  PSMemberSet,
  DESERIALIZED_PREFIX,
  typeNamesToWrite,
  type PSObjectInit,
} from './values/ps-object.js';
export { toPlainJson, isPlainRecord, type PlainJsonOptions } from './values/plain-json.js';
export { psEnum, ENUM_BASE_TYPE_NAMES } from './values/ps-enum.js';
export { PSDateTime, type DateTimeKind, type PSDateTimeOptions } from './values/ps-date-time.js';
export { PSTimeSpan } from './values/ps-time-span.js';
export { PSGuid } from './values/ps-guid.js';
export { PSVersion } from './values/ps-version.js';
export { PSChar } from './values/ps-char.js';
export { PSDecimal } from './values/ps-decimal.js';
export { PSUri, PSSecureString, PSScriptBlock, PSXmlDocument } from './values/ps-text-values.js';
export { PSNumber, type NumberTag, type IntegerTag, type BigIntegerTag, type FloatTag } from './values/ps-number.js';
export { PSProgressRecord, type PSProgressRecordInit, type ProgressRecordType } from './values/ps-progress-record.js';
export { PSUnknownElement } from './values/ps-unknown-element.js';
export { encodePsString, decodePsString } from './string-escaping.js';
export { decodeUtf8 } from './decode-utf8.js';
export { ARRAY_TYPE_NAMES, HASHTABLE_TYPE_NAMES, PSCUSTOMOBJECT_TYPE_NAMES } from './clixml-writer.js';
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ELEMENTS,
  DEFAULT_MAX_INPUT_LENGTH,
  DEFAULT_MAX_STRING_LENGTH,
  DEFAULT_MAX_RETAINED_REFERENCES,
  DEFAULT_SERIALIZE_MAX_DEPTH,
  type DeserializeOptions,
  type Utf8DeserializeOptions,
  type SerializeOptions,
} from './limits.js';
export {
  ClixmlError,
  ClixmlArgumentError,
  ClixmlParseError,
  ClixmlForbiddenMarkupError,
  ClixmlLimitError,
  ClixmlReferenceError,
  ClixmlValueError,
  ClixmlSerializeError,
  type ClixmlLimitName,
} from './errors.js';
