/**
 * Every limit is checked where it is set (issue 12): NaN, Infinity, a negative number, a fraction or a string is
 * refused with InvalidArgumentError (FRAGMENT_ERR_ARGUMENT), naming the option.
 */
import { describe, expect, it } from 'vitest';
import { Base64Defragmenter, Defragmenter, Fragmenter, InvalidArgumentError } from '../src/index.js';

const BAD_NUMBERS: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, -1, 0.5, 1.5, '10', 2 ** 53];

const cases: [string, (value: never) => unknown][] = [
  ['Defragmenter maxObjectBytes', (value) => new Defragmenter({ maxObjectBytes: value })],
  ['Defragmenter maxObjectsInFlight', (value) => new Defragmenter({ maxObjectsInFlight: value })],
  ['Base64Defragmenter maxObjectBytes', (value) => new Base64Defragmenter({ maxObjectBytes: value })],
  ['Base64Defragmenter maxObjectsInFlight', (value) => new Base64Defragmenter({ maxObjectsInFlight: value })],
  ['Base64Defragmenter retainBytes', (value) => new Base64Defragmenter({ retainBytes: value })],
  ['Fragmenter maxFragmentBytes', (value) => new Fragmenter({ maxFragmentBytes: value })],
  ['Fragmenter firstObjectId', (value) => new Fragmenter({ maxFragmentBytes: 32768, firstObjectId: value })],
];

describe.each(cases)('%s', (_name, build) => {
  it.each(BAD_NUMBERS.map((value) => [String(value), value]))('refuses %s with InvalidArgumentError', (_label, value) => {
    expect(() => build(value as never)).toThrow(InvalidArgumentError);
  });
});
