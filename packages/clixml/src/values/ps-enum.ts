/**
 * @module ps-enum
 * Enums travel as an `<Obj>` with the enum's type-name chain, its name as `<ToString>` and its value as
 * the underlying integer (MS-PSRP 2.2.5.2.7).
 */
import { ClixmlValueError } from '../errors.js';
import { INTEGER_RANGES } from './ps-number.js';
import { PSObject } from './ps-object.js';

export const ENUM_BASE_TYPE_NAMES: readonly string[] = ['System.Enum', 'System.ValueType', 'System.Object'];

/** An enum value as PowerShell sends it, e.g. psEnum('System.ConsoleColor', 'Blue', 9). */
export function psEnum(typeName: string, name: string, value: number): PSObject {
  const [min, max] = INTEGER_RANGES.I32;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ClixmlValueError('I32', String(value), 'an enum value must be a 32-bit integer');
  }
  return new PSObject({ typeNames: [typeName, ...ENUM_BASE_TYPE_NAMES], toStringValue: name, baseValue: value });
}
