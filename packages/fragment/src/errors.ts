/**
 * @module Every error @psrp/fragment throws. Users match on `code`, which never changes.
 */

/** Options every FragmentError accepts. */
export interface FragmentErrorOptions {
  cause?: unknown;
}

/** Base class of every error thrown by @psrp/fragment. */
export abstract class FragmentError extends Error {
  abstract readonly code: string;

  constructor(message: string, options?: FragmentErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Why a fragment does not continue its object. */
export type FragmentSequenceReason =
  | 'missing-start' // a fragment of an object that never started
  | 'start-not-first' // a start fragment whose FragmentId is not 0
  | 'duplicate-start' // a second start fragment for an object in flight
  | 'duplicate' // a FragmentId lower than the next expected one
  | 'skipped'; // a FragmentId higher than the next expected one

/** A fragment arrived out of order for its object (MS-PSRP 2.2.4). */
export class FragmentSequenceError extends FragmentError {
  override readonly name = 'FragmentSequenceError';
  readonly code = 'FRAGMENT_ERR_SEQUENCE';

  constructor(
    readonly reason: FragmentSequenceReason,
    readonly objectId: number,
    readonly fragmentId: number,
    /** The FragmentId the object expected next, when it was in flight. */
    readonly expectedFragmentId: number | undefined,
    options?: FragmentErrorOptions,
  ) {
    super(
      `Fragment ${fragmentId} of object ${objectId} is out of sequence (${reason}` +
        (expectedFragmentId === undefined ? ')' : `, expected ${expectedFragmentId})`) +
        '; the peer sent a broken fragment stream.',
      options,
    );
  }
}

/** Which header field was invalid. */
export type FragmentHeaderField = 'objectId' | 'fragmentId';

/** A fragment header field holds a value the protocol forbids or this library cannot represent. */
export class FragmentHeaderError extends FragmentError {
  override readonly name = 'FragmentHeaderError';
  readonly code = 'FRAGMENT_ERR_HEADER';

  constructor(
    readonly field: FragmentHeaderField,
    /** The field as an unsigned 64-bit value. */
    readonly value: bigint,
    options?: FragmentErrorOptions,
  ) {
    super(`Fragment header ${field} ${value} is outside 1..2^53-1 (0 for fragmentId is allowed).`, options);
  }
}

/** Input ended inside a fragment or a message header: BlobLength points beyond the data. */
export class FragmentTruncatedError extends FragmentError {
  override readonly name = 'FragmentTruncatedError';
  readonly code = 'FRAGMENT_ERR_TRUNCATED';

  constructor(
    /** Bytes the fragment needed (header plus BlobLength). */
    readonly expectedBytes: number,
    /** Bytes that were there. */
    readonly actualBytes: number,
    options?: FragmentErrorOptions,
  ) {
    super(`Fragment data ended after ${actualBytes} of ${expectedBytes} bytes.`, options);
  }
}

/** The input ended while objects were still incomplete. */
export class IncompleteObjectError extends FragmentError {
  override readonly name = 'IncompleteObjectError';
  readonly code = 'FRAGMENT_ERR_INCOMPLETE_OBJECT';

  constructor(
    readonly objectIds: readonly number[],
    options?: FragmentErrorOptions,
  ) {
    super(`The input ended with ${objectIds.length} object(s) incomplete: ${objectIds.join(', ')}.`, options);
  }
}

/** A reassembled object would exceed the per-object limit. */
export class ObjectTooLargeError extends FragmentError {
  override readonly name = 'ObjectTooLargeError';
  readonly code = 'FRAGMENT_ERR_OBJECT_TOO_LARGE';

  constructor(
    readonly objectId: number,
    /** The size the object would reach with the offending fragment. */
    readonly size: number,
    readonly limit: number,
    options?: FragmentErrorOptions,
  ) {
    super(
      `Object ${objectId} would reach ${size} bytes, over the limit of ${limit}; ` +
        'raise maxObjectBytes if the peer is trusted to send objects this large.',
      options,
    );
  }
}

/** Too many objects were started and not finished. */
export class TooManyObjectsError extends FragmentError {
  override readonly name = 'TooManyObjectsError';
  readonly code = 'FRAGMENT_ERR_TOO_MANY_OBJECTS';

  constructor(
    readonly limit: number,
    options?: FragmentErrorOptions,
  ) {
    super(`More than ${limit} objects are in flight at once; the peer is not finishing its objects.`, options);
  }
}

/** A message is shorter than its 40-byte header. */
export class MessageTooShortError extends FragmentError {
  override readonly name = 'MessageTooShortError';
  readonly code = 'FRAGMENT_ERR_MESSAGE_TOO_SHORT';

  constructor(
    readonly length: number,
    readonly required: number,
    options?: FragmentErrorOptions,
  ) {
    super(`A PSRP message needs at least ${required} bytes; got ${length}.`, options);
  }
}

/** Text is not canonical padded base64 (RFC 4648 section 4 alphabet). */
export class InvalidBase64Error extends FragmentError {
  override readonly name = 'InvalidBase64Error';
  readonly code = 'FRAGMENT_ERR_BASE64';

  constructor(
    /** Length of the offending text. */
    readonly length: number,
    options?: FragmentErrorOptions,
  ) {
    super(`Invalid base64 text (${length} characters): expected A-Z a-z 0-9 + / with '=' padding to a multiple of 4.`, options);
  }
}

/** A GUID string is not in the 8-4-4-4-12 hex form, or GUID bytes are missing. */
export class InvalidGuidError extends FragmentError {
  override readonly name = 'InvalidGuidError';
  readonly code = 'FRAGMENT_ERR_GUID';

  constructor(
    readonly value: string,
    options?: FragmentErrorOptions,
  ) {
    super(`Invalid GUID ${JSON.stringify(value)}: expected 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'.`, options);
  }
}

/** A caller passed an option or field value outside its range. */
export class InvalidArgumentError extends FragmentError {
  override readonly name = 'InvalidArgumentError';
  readonly code = 'FRAGMENT_ERR_ARGUMENT';

  constructor(
    readonly argument: string,
    readonly requirement: string,
    options?: FragmentErrorOptions,
  ) {
    super(`${argument} must be ${requirement}.`, options);
  }
}

/** A callback called back into the object that was calling it (a read lent a message pushed again). */
export class ReentrantCallError extends FragmentError {
  override readonly name = 'ReentrantCallError';
  readonly code = 'FRAGMENT_ERR_REENTRANT';

  constructor(
    readonly method: string,
    options?: FragmentErrorOptions,
  ) {
    super(`${method} was called from a callback of the same object; call it after that callback returned.`, options);
  }
}

/** The WebAssembly path could not be loaded on this runtime. */
export class WasmUnavailableError extends FragmentError {
  override readonly name = 'WasmUnavailableError';
  readonly code = 'FRAGMENT_ERR_WASM_UNAVAILABLE';

  constructor(message: string, options?: FragmentErrorOptions) {
    super(`${message} Use the TS path (path: 'ts') or pass a precompiled WebAssembly.Module.`, options);
  }
}
