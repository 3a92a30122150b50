/**
 * @module limits
 * Bounds that keep hostile CLIXML from exhausting memory or the stack. Defaults sit well above what
 * PowerShell sends (one remoting object is at most 10 MiB: MaximumReceivedObjectSize).
 */

export interface DeserializeOptions {
  /** Longest accepted input, in UTF-16 code units. Default 64 Mi. */
  maxInputLength?: number;
  /** Deepest element nesting. Default 100 (PowerShell itself stops at 50 levels below the top). */
  maxDepth?: number;
  /** Most elements in one input. Default 2,000,000. */
  maxElements?: number;
  /** Longest text of one element or attribute after decoding, in UTF-16 code units. Default 16 Mi. */
  maxStringLength?: number;
  /**
   * Return PSNumber for every numeric element except `<I32>` (number) and `<I64>` (bigint), so that
   * serialize() writes the same types back (`<U32>` stays `<U32>`). Default false: plain numbers.
   */
  preserveNumberTypes?: boolean;
}

export interface SerializeOptions {
  /** Deepest nesting of objects and containers before serialize() gives up. Default 100. */
  maxDepth?: number;
}

export type DeserializeSettings = Required<DeserializeOptions>;

export const DEFAULT_MAX_INPUT_LENGTH = 64 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 100;
export const DEFAULT_MAX_ELEMENTS = 2_000_000;
export const DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;

export function resolveDeserializeSettings(options: DeserializeOptions | undefined): DeserializeSettings {
  return {
    maxInputLength: options?.maxInputLength ?? DEFAULT_MAX_INPUT_LENGTH,
    maxDepth: options?.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxElements: options?.maxElements ?? DEFAULT_MAX_ELEMENTS,
    maxStringLength: options?.maxStringLength ?? DEFAULT_MAX_STRING_LENGTH,
    preserveNumberTypes: options?.preserveNumberTypes ?? false,
  };
}
