/**
 * @module option-checks
 * Numeric options are checked where they are set: NaN, Infinity, a negative number, or a fraction where a
 * count is meant fails at once with a WSManOptionError naming the option, never later as a hang or a malformed request.
 */
import { WSManOptionError } from './errors.js';

/** A timer cannot wait longer (setTimeout's 32-bit milliseconds); WinRM reads OperationTimeout the same way. */
export const MAX_TIMEOUT_SECONDS = 2_147_483;

/** A positive finite number, at most `max`. */
export function positive(option: string, value: number, max = Number.MAX_VALUE): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new WSManOptionError(option, `expected a positive number${max === Number.MAX_VALUE ? '' : ` up to ${max}`}, got ${String(value)}`);
  }
  return value;
}

/** A whole number of at least 1 (byte counts, connections), at most `max`. */
export function positiveInteger(option: string, value: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) {
    throw new WSManOptionError(option, `expected a whole number in 1..${max}, got ${String(value)}`);
  }
  return value;
}
