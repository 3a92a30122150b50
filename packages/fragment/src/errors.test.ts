import { describe, expect, it } from 'vitest';
import {
  FragmentError,
  FragmentHeaderError,
  FragmentSequenceError,
  FragmentTruncatedError,
  IncompleteObjectError,
  InvalidArgumentError,
  InvalidBase64Error,
  InvalidGuidError,
  MessageTooShortError,
  ObjectTooLargeError,
  ReentrantCallError,
  TooManyObjectsError,
  WasmUnavailableError,
} from './errors.js';

const cause = new Error('root');

// Pins class, name and code: users match on `code`, so it must never change.
const table: [FragmentError, Function, string, string][] = [
  [new FragmentSequenceError('skipped', 3, 5, 4, { cause }), FragmentSequenceError, 'FragmentSequenceError', 'FRAGMENT_ERR_SEQUENCE'],
  [new FragmentHeaderError('objectId', 0n, { cause }), FragmentHeaderError, 'FragmentHeaderError', 'FRAGMENT_ERR_HEADER'],
  [new FragmentTruncatedError(42, 30, { cause }), FragmentTruncatedError, 'FragmentTruncatedError', 'FRAGMENT_ERR_TRUNCATED'],
  [new IncompleteObjectError([1, 2], { cause }), IncompleteObjectError, 'IncompleteObjectError', 'FRAGMENT_ERR_INCOMPLETE_OBJECT'],
  [new ObjectTooLargeError(1, 11, 10, { cause }), ObjectTooLargeError, 'ObjectTooLargeError', 'FRAGMENT_ERR_OBJECT_TOO_LARGE'],
  [new TooManyObjectsError(8, { cause }), TooManyObjectsError, 'TooManyObjectsError', 'FRAGMENT_ERR_TOO_MANY_OBJECTS'],
  [new MessageTooShortError(3, 40, { cause }), MessageTooShortError, 'MessageTooShortError', 'FRAGMENT_ERR_MESSAGE_TOO_SHORT'],
  [new InvalidBase64Error(5, { cause }), InvalidBase64Error, 'InvalidBase64Error', 'FRAGMENT_ERR_BASE64'],
  [new InvalidGuidError('nope', { cause }), InvalidGuidError, 'InvalidGuidError', 'FRAGMENT_ERR_GUID'],
  [new InvalidArgumentError('maxFragmentBytes', 'an integer', { cause }), InvalidArgumentError, 'InvalidArgumentError', 'FRAGMENT_ERR_ARGUMENT'],
  [new ReentrantCallError('Base64Defragmenter.push', { cause }), ReentrantCallError, 'ReentrantCallError', 'FRAGMENT_ERR_REENTRANT'],
  [new WasmUnavailableError('No WebAssembly.', { cause }), WasmUnavailableError, 'WasmUnavailableError', 'FRAGMENT_ERR_WASM_UNAVAILABLE'],
];

describe('errors', () => {
  it.each(table)('%s has its class, name, code and cause', (error, type, name, code) => {
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(FragmentError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(cause);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('codes are unique', () => {
    expect(new Set(table.map(([error]) => error.code)).size).toBe(table.length);
  });

  it('carries structured fields', () => {
    const sequence = new FragmentSequenceError('duplicate', 7, 2, 3);
    expect(sequence).toMatchObject({ reason: 'duplicate', objectId: 7, fragmentId: 2, expectedFragmentId: 3 });
    expect(sequence.message).toContain('expected 3');
    expect(new ObjectTooLargeError(9, 200, 100)).toMatchObject({ objectId: 9, size: 200, limit: 100 });
    expect(new FragmentTruncatedError(50, 20)).toMatchObject({ expectedBytes: 50, actualBytes: 20 });
    expect(new FragmentHeaderError('fragmentId', 1n << 60n).value).toBe(1n << 60n);
    expect(new Error('x', {}).cause).toBeUndefined();
    expect(new InvalidBase64Error(3).cause).toBeUndefined();
  });
});
