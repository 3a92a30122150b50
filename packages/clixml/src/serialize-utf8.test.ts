/**
 * serializeToUtf8 and serializeDocumentToUtf8 give exactly the UTF-8 of what serialize and serializeDocument give:
 * around the writer's buffer sizes, with text written as it is (a lone surrogate becomes U+FFFD, as TextEncoder makes
 * it), and each result stays as it was while later ones are made. Also: dates written straight into the bytes, and
 * type-name lists kept on their arrays.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ClixmlValueError } from './errors.js';
import { deserialize } from './deserialize.js';
import { serialize, serializeDocument, serializeDocumentToUtf8, serializeToUtf8, type PsSerializable } from './serialize.js';
import { formatDateTime, PSDateTime } from './values/ps-date-time.js';
import { PSObject } from './values/ps-object.js';
import { PSSecureString } from './values/ps-text-values.js';
import { PSUnknownElement } from './values/ps-unknown-element.js';

const encoder = new TextEncoder();

/** Where two byte arrays first differ (-1: nowhere); toEqual on megabytes would take seconds. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): number {
  const length = Math.min(actual.length, expected.length);
  for (let index = 0; index < length; index++) {
    if (actual[index] !== expected[index]) return index;
  }
  return actual.length === expected.length ? -1 : length;
}

function expectBytes(actual: Uint8Array, expectedText: string): void {
  expect(firstDifference(actual, encoder.encode(expectedText))).toBe(-1);
}

function expectSameBytes(value: PsSerializable): void {
  expectBytes(serializeToUtf8(value), serialize(value));
}

describe('serializeToUtf8', () => {
  test.each([
    ['a string', 'x'],
    ['escaped text', 'a<b>&"_x0041_\u0000'],
    ['non-ASCII text', 'é€\u{1F600}'],
    ['a lone surrogate in a PowerShell-escaped string', 'a\uD800b'],
    ['an integer', 7],
    ['a double', 1 / 3],
    ['a bigint', 2n ** 62n],
    ['null', null],
    ['a Date', new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7))],
    ['a plain object', { Name: 'é', Tags: ['a', 'b'], When: new Date(0), Nested: { Deep: [1, 2.5, true] } }],
    ['a Map', new Map<PsSerializable, PsSerializable>([['k', 1], [2, 'é']])],
    ['a PSObject', new PSObject({ typeNames: ['T.é'], toStringValue: 'x\uDC00', extended: { A: 1 }, adapted: { B: 'é' } })],
  ] as [string, PsSerializable][])('%s', (_, value) => {
    expectSameBytes(value);
  });

  test('strings of every length around the thresholds, with every kind of character at the start, middle and end', () => {
    for (const special of ['x', '<', '_x', 'é', '\u{1F600}', '\uD800']) {
      for (const length of [0, 1, 31, 32, 33, 100, 4095, 4096, 4097, 70_000]) {
        for (const at of [0, length >> 1, length]) expectSameBytes('a'.repeat(at) + special + 'b'.repeat(length - at));
      }
    }
  });

  test('text written as it is: a lone surrogate becomes U+FFFD, as TextEncoder makes it', () => {
    const secure = new PSSecureString('s\uD800é');
    const unknown = new PSUnknownElement('New', { A: 'é\uDBFF' }, ['t\uDC00', new PSUnknownElement('Inner', {}, [])]);
    expectSameBytes([secure, unknown]);
    expectBytes(serializeToUtf8(secure), '<SS>s\uFFFDé</SS>');
  });

  test('outputs past the 64 KiB buffer and past 1 MiB, with text of every kind between', () => {
    for (const count of [3_000, 20_000, 60_000]) {
      const values = Array.from({ length: count }, (_, index) => [`item ${index}`, 'é', '\uDC00', '<&>', 'x'.repeat(index % 50)][index % 5] as string);
      expectBytes(serializeDocumentToUtf8(values), serializeDocument(values));
    }
    const huge = 'é'.repeat(1_500_000) + 'x'.repeat(3_000_000);
    const values = ['a', huge, { b: huge.slice(0, 70_000) }];
    expectBytes(serializeDocumentToUtf8(values), serializeDocument(values));
  });

  test('each result stays as it was while later ones are made', () => {
    const results = Array.from({ length: 400 }, (_, index) => {
      const value = { Index: index, Text: 'x'.repeat(index * 7) };
      return { value, bytes: serializeToUtf8(value) };
    });
    const large = serializeDocumentToUtf8(Array.from({ length: 5_000 }, (_, index) => ({ Index: index })));
    for (const result of results) expectBytes(result.bytes, serialize(result.value));
    expectBytes(large, serializeDocument(Array.from({ length: 5_000 }, (_, index) => ({ Index: index }))));
  });

  test('a result whose buffer was transferred away does not break the next ones', () => {
    const first = serializeToUtf8('first');
    // A result made here is never backed by a SharedArrayBuffer.
    const buffer = first.buffer as ArrayBuffer;
    structuredClone(buffer, { transfer: [buffer] });
    expect(first.length).toBe(0);
    expectBytes(serializeToUtf8('second'), '<S>second</S>');
  });

  test('an error leaves the next result whole', () => {
    expect(() => serializeToUtf8({ a: 'x', f: (() => 1) as never })).toThrow();
    expectSameBytes({ a: 'x' });
  });
});

describe('dates written as bytes', () => {
  test('a Date is written as formatDateTime writes it, over the whole DateTime range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (time) => {
        expect(serialize(new Date(time))).toBe(`<DT>${formatDateTime(time, 'Utc', 0, 0)}</DT>`);
        expect(formatDateTime(time, 'Utc', 0, 0)).toBe(`${new Date(time).toISOString().slice(0, -1).replace(/\.?0+$/, '')}Z`);
      }),
      { numRuns: 2_000 },
    );
  });

  test('kind, offset and sub-millisecond ticks', () => {
    const local = new PSDateTime(Date.UTC(2024, 0, 1, 12), { kind: 'Local', offsetMinutes: -(9 * 60 + 30), subMillisecondTicks: 40 });
    expect(serialize(local)).toBe('<DT>2024-01-01T02:30:00.000004-09:30</DT>');
    expect(serialize(new PSDateTime(Date.UTC(2024, 0, 1), { kind: 'Unspecified', subMillisecondTicks: 9999 }))).toBe('<DT>2024-01-01T00:00:00.0009999</DT>');
  });

  test.each([
    ['sub-millisecond ticks that are no integer from 0 to 9999', { subMillisecondTicks: 1.5 }],
    ['sub-millisecond ticks past 9999', { subMillisecondTicks: 10_000 }],
    ['an offset that is no whole number of minutes', { kind: 'Local', offsetMinutes: 30.5 }],
    ['an offset of more than 99 hours', { kind: 'Local', offsetMinutes: 100 * 60 }],
  ] as const)('%s are refused with a ClixmlValueError', (_, options) => {
    expect(() => serialize(new PSDateTime(0, options))).toThrow(ClixmlValueError);
  });

  test('an invalid Date and years past 9999 are refused', () => {
    expect(() => serializeToUtf8(new Date(Number.NaN))).toThrow(ClixmlValueError);
    expect(() => serializeToUtf8(new Date(253_402_300_800_000))).toThrow(/years 1-9999/);
    expect(() => serializeToUtf8(new Date(-62_135_596_800_001))).toThrow(/years 1-9999/);
  });
});

describe('type-name lists kept on their arrays', () => {
  test('an array of type names changed between two serialize() calls is written with its new names', () => {
    const names = ['First', 'System.Object'];
    const object = new PSObject();
    object.typeNames = names;
    expect(serialize(object)).toContain('<T>First</T>');
    names[0] = 'Second';
    expect(serialize(object)).toContain('<TN RefId="0"><T>Second</T><T>System.Object</T></TN>');
    names.push('Third');
    expect(serialize([object, object])).toContain('<T>Second</T><T>System.Object</T><T>Third</T></TN>');
  });

  test('a deserialized type\'s names (one frozen array its objects share) are written alike by every writer, also after the cache of lists starts again', () => {
    const body = '<Obj RefId="0"><TN RefId="0"><T>My.Type</T><T>System.Object</T></TN><MS><I32 N="A">1</I32></MS></Obj>';
    const object = deserialize(body) as PSObject;
    const expected = '<Obj RefId="0"><TN RefId="0"><T>My.Type</T><T>System.Object</T></TN><MS><I32 N="A">1</I32></MS></Obj>';
    expect(serialize(object)).toBe(expected);
    expect(serialize(object)).toBe(expected);
    // More distinct lists than the cache keeps: it starts again, and the list kept on the array is made anew.
    serialize(Array.from({ length: 4100 }, (_, index) => new PSObject({ typeNames: [`T${index}`] })));
    expect(serialize(object)).toBe(expected);
    const pair =
      '<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST>' +
      '<Obj RefId="1"><TN RefId="1"><T>My.Type</T><T>System.Object</T></TN><MS><I32 N="A">1</I32></MS></Obj>' +
      '<Obj RefId="2"><TNRef RefId="1" /><MS><I32 N="A">2</I32></MS></Obj></LST></Obj>';
    expect(serialize(deserialize(pair))).toBe(pair);
  });

  test('a frozen array of type names is written too', () => {
    const object = new PSObject();
    object.typeNames = Object.freeze(['Frozen']) as string[];
    expect(serializeDocument([object, new PSObject({ typeNames: ['Frozen'] })])).toContain('<TN RefId="0"><T>Frozen</T></TN></Obj><Obj RefId="1"><TNRef RefId="0" />');
  });
});
