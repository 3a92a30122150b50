/**
 * @module value
 * The JS side of CLIXML: every value deserialize() returns and serialize() accepts.
 */
import type { PSDictionary, PSMemberSet, PSObject } from './values/ps-object.js';
import type { PSChar } from './values/ps-char.js';
import type { PSDateTime } from './values/ps-date-time.js';
import type { PSDecimal } from './values/ps-decimal.js';
import type { PSGuid } from './values/ps-guid.js';
import type { PSNumber } from './values/ps-number.js';
import type { PSProgressRecord } from './values/ps-progress-record.js';
import type { PSSecureString, PSScriptBlock, PSUri, PSXmlDocument } from './values/ps-text-values.js';
import type { PSTimeSpan } from './values/ps-time-span.js';
import type { PSVersion } from './values/ps-version.js';
import type { PSUnknownElement } from './values/ps-unknown-element.js';

/**
 * A deserialized CLIXML value. `Date` covers PSDateTime (what deserialize returns for `<DT>`) and `Map`
 * covers PSDictionary (what it returns for `<DCT>`); serialize also accepts a plain Date or Map. PSNumber is never returned by deserialize; it lets a caller choose the wire
 * type of a number (I16, U32, I64, ...).
 */
export type PsValue =
  | null
  | string
  | number
  | boolean
  | bigint
  | PSObject
  | PsValue[]
  | PSDictionary
  | Map<PsValue, PsValue>
  | PSMemberSet
  | Date
  | PSDateTime
  | PSTimeSpan
  | PSGuid
  | PSVersion
  | PSChar
  | PSDecimal
  | PSUri
  | Uint8Array
  | PSSecureString
  | PSScriptBlock
  | PSXmlDocument
  | PSProgressRecord
  | PSNumber
  | PSUnknownElement;
