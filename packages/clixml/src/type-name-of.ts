/**
 * @module type-name-of
 * The PowerShell type of any JS value: what `$value.GetType().FullName` (or, for an object, its first type
 * name) says on the PowerShell side, for a value that came from deserialize or that serialize will send.
 */
import type { PsSerializable } from './clixml-writer.js';
import { INTEGER_RANGES, PSNumber, type NumberTag } from './values/ps-number.js';
import { PSChar } from './values/ps-char.js';
import { PSDecimal } from './values/ps-decimal.js';
import { PSGuid } from './values/ps-guid.js';
import { PSMemberSet, PSObject } from './values/ps-object.js';
import { PSProgressRecord } from './values/ps-progress-record.js';
import { PSSecureString, PSScriptBlock, PSUri, PSXmlDocument } from './values/ps-text-values.js';
import { PSTimeSpan } from './values/ps-time-span.js';
import { PSUnknownElement } from './values/ps-unknown-element.js';
import { PSVersion } from './values/ps-version.js';

const NUMBER_TYPES: Readonly<Record<NumberTag, string>> = {
  By: 'System.Byte',
  SB: 'System.SByte',
  I16: 'System.Int16',
  U16: 'System.UInt16',
  I32: 'System.Int32',
  U32: 'System.UInt32',
  I64: 'System.Int64',
  U64: 'System.UInt64',
  Sg: 'System.Single',
  Db: 'System.Double',
};

const [INT32_MIN, INT32_MAX] = INTEGER_RANGES.I32;

/**
 * The .NET type name PowerShell sees for `value`: `System.Int32` for 5, `System.Int64` for 2**40 or 5n,
 * `System.Double` for 0.5, a PSObject's first type name (`Deserialized.System.Diagnostics.Process`),
 * `System.Object[]` for an array, `System.Collections.Hashtable` for a Map, `PSCustomObject` for a plain
 * object; null for null and undefined. A plain number from deserialize has lost its wire type unless
 * `preserveNumberTypes` was set (then it is a PSNumber, which says it).
 */
export function psTypeNameOf(value: PsSerializable): string | null {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'string':
      return 'System.String';
    case 'boolean':
      return 'System.Boolean';
    case 'bigint':
      return 'System.Int64';
    case 'number':
      if (!Number.isInteger(value) || Object.is(value, -0)) return 'System.Double';
      if (value >= INT32_MIN && value <= INT32_MAX) return 'System.Int32';
      return Number.isSafeInteger(value) ? 'System.Int64' : 'System.Double';
    default:
      break;
  }
  if (value === null) return null;
  if (value instanceof PSObject) return value.typeNames[0] ?? 'System.Management.Automation.PSObject';
  if (Array.isArray(value)) return 'System.Object[]';
  if (value instanceof Map) return 'System.Collections.Hashtable';
  if (value instanceof PSNumber) return NUMBER_TYPES[value.tag];
  if (value instanceof Date) return 'System.DateTime';
  if (value instanceof Uint8Array) return 'System.Byte[]';
  if (value instanceof PSTimeSpan) return 'System.TimeSpan';
  if (value instanceof PSGuid) return 'System.Guid';
  if (value instanceof PSVersion) return 'System.Version';
  if (value instanceof PSChar) return 'System.Char';
  if (value instanceof PSDecimal) return 'System.Decimal';
  if (value instanceof PSUri) return 'System.Uri';
  if (value instanceof PSSecureString) return 'System.Security.SecureString';
  if (value instanceof PSScriptBlock) return 'System.Management.Automation.ScriptBlock';
  if (value instanceof PSXmlDocument) return 'System.Xml.XmlDocument';
  if (value instanceof PSProgressRecord) return 'System.Management.Automation.ProgressRecord';
  if (value instanceof PSMemberSet) return 'System.Management.Automation.PSMemberSet';
  if (value instanceof PSUnknownElement) return null;
  return 'System.Management.Automation.PSCustomObject';
}
