/**
 * @module limits
 * Bounds that keep hostile CLIXML from exhausting memory or the stack. The defaults admit everything
 * PowerShell writes: its serializer stops 50 levels below the top (at most about 150 nested elements, for
 * nested hashtables) and one remoting object is at most 10 MiB (MaximumReceivedObjectSize).
 */
import { ClixmlArgumentError } from './errors.js';

export interface DeserializeOptions {
  /** Longest accepted input of the whole-text functions, in UTF-16 code units. Default 64 Mi. Streams have no total. */
  maxInputLength?: number;
  /** Deepest element nesting. Default 256 (PowerShell writes at most about 150). */
  maxDepth?: number;
  /**
   * Most elements (plus type names copied by `<TNRef>`) in one input; a streaming reader counts per
   * top-level value. Default 2,000,000.
   */
  maxElements?: number;
  /**
   * Longest text of one element after decoding, and longest start tag (element and attribute names and
   * values together), in UTF-16 code units. Default 16 Mi.
   */
  maxStringLength?: number;
  /**
   * Return PSNumber for every numeric element except `<I32>` (number) and `<I64>` (bigint), so that
   * serialize() writes the same types back (`<U32>` stays `<U32>`). Default false: plain numbers.
   */
  preserveNumberTypes?: boolean;
  /**
   * Streaming readers only: how many objects (and type-name lists) of earlier top-level values stay
   * reachable for a later `<Ref>` (`<TNRef>`): at least this many most recently used, at most twice as many
   * (the least recently used are dropped in batches). Export-Clixml refers back across values (every
   * Get-ChildItem item repeats the first one's PSDrive and PSProvider as `<Ref>`). Default 10,000; a `<Ref>` to a
   * dropped object is a ClixmlReferenceError naming this option.
   */
  maxRetainedReferences?: number;
}

/** Options of deserializeUtf8: those of deserialize, and what it may do with the bytes. */
export interface Utf8DeserializeOptions extends DeserializeOptions {
  /**
   * The bytes are scratch the caller will not read again (a message lent by a defragmenter until the read
   * returns): the reader may change them, e.g. undo a long string's escapes in them instead of in a copy. Default
   * false: the bytes are left as they were.
   */
  overwriteInput?: boolean;
}

/** overwriteInput of deserializeUtf8's options, checked. */
export function resolveOverwriteInput(options: Utf8DeserializeOptions | undefined): boolean {
  const overwrite = options?.overwriteInput;
  if (overwrite !== undefined && typeof overwrite !== 'boolean') throw new ClixmlArgumentError('overwriteInput', 'must be a boolean');
  return overwrite ?? false;
}

export interface SerializeOptions {
  /** Deepest nesting of objects and containers before serialize() gives up. Default 100. */
  maxDepth?: number;
}

export type DeserializeSettings = Required<DeserializeOptions>;

export const DEFAULT_MAX_INPUT_LENGTH = 64 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 256;
export const DEFAULT_MAX_ELEMENTS = 2_000_000;
export const DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;
export const DEFAULT_MAX_RETAINED_REFERENCES = 10_000;
export const DEFAULT_SERIALIZE_MAX_DEPTH = 100;

/** A limit must be a positive integer: NaN, Infinity, negative numbers, fractions and non-numbers are refused. */
function limit(options: object | undefined, name: string, fallback: number): number {
  const value = (options as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ClixmlArgumentError(name, `must be a positive integer, not ${typeof value === 'number' ? String(value) : typeof value}`);
  }
  return value;
}

function checkOptionsObject(options: unknown): void {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new ClixmlArgumentError('options', `must be an object or undefined, not ${options === null ? 'null' : typeof options}`);
  }
}

const DEFAULT_SETTINGS: DeserializeSettings = Object.freeze({
  maxInputLength: DEFAULT_MAX_INPUT_LENGTH,
  maxDepth: DEFAULT_MAX_DEPTH,
  maxElements: DEFAULT_MAX_ELEMENTS,
  maxStringLength: DEFAULT_MAX_STRING_LENGTH,
  maxRetainedReferences: DEFAULT_MAX_RETAINED_REFERENCES,
  preserveNumberTypes: false,
});

export function resolveDeserializeSettings(options: DeserializeOptions | undefined): DeserializeSettings {
  if (options === undefined) return DEFAULT_SETTINGS;
  checkOptionsObject(options);
  const preserve = options?.preserveNumberTypes;
  if (preserve !== undefined && typeof preserve !== 'boolean') {
    throw new ClixmlArgumentError('preserveNumberTypes', 'must be a boolean');
  }
  return {
    maxInputLength: limit(options, 'maxInputLength', DEFAULT_MAX_INPUT_LENGTH),
    maxDepth: limit(options, 'maxDepth', DEFAULT_MAX_DEPTH),
    maxElements: limit(options, 'maxElements', DEFAULT_MAX_ELEMENTS),
    maxStringLength: limit(options, 'maxStringLength', DEFAULT_MAX_STRING_LENGTH),
    maxRetainedReferences: limit(options, 'maxRetainedReferences', DEFAULT_MAX_RETAINED_REFERENCES),
    preserveNumberTypes: preserve ?? false,
  };
}

export function resolveSerializeDepth(options: SerializeOptions | undefined): number {
  checkOptionsObject(options);
  return limit(options, 'maxDepth', DEFAULT_SERIALIZE_MAX_DEPTH);
}
