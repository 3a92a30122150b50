/**
 * The writer's fast paths give exactly what the plain string encoders give: text copied as bytes or appended as a
 * string (every UTF-16 code unit, around the length thresholds, across the 64 KiB buffer), integers written two digits
 * at a time, Doubles written as bytes, RefIds kept on objects, type-name lists shared between writers.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ClixmlDocumentWriter } from './clixml-stream.js';
import { formatDouble } from './number-format.js';
import { serialize, serializeDocument, serializeDocumentEntries, serializeToUtf8 } from './serialize.js';
import { encodeAttributeText, encodeElementText } from './string-escaping.js';
import { PSNumber } from './values/ps-number.js';
import { PSObject } from './values/ps-object.js';

const ARRAY_START = '<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST>';

/** Every code unit from `from` to `to`, each between ASCII neighbours, then `_` before each of them. */
function codeUnitRun(from: number, to: number): string[] {
  const texts: string[] = [];
  for (let code = from; code <= to; code++) {
    const unit = String.fromCharCode(code);
    texts.push(`a${unit}b`, `_${unit}`, unit);
  }
  return texts;
}

describe('text', () => {
  test('every UTF-16 code unit is escaped as encodeElementText and encodeAttributeText escape it', () => {
    for (let from = 0; from <= 0xffff; from += 0x1000) {
      const texts = codeUnitRun(from, from + 0xfff);
      const expected = texts.map((text) => `<S>${encodeElementText(text)}</S>`).join('');
      expect(serialize(texts)).toBe(`${ARRAY_START}${expected}</LST></Obj>`);
      // Prefixed so that no name reads as an array index (those are enumerated first).
      const names: Record<string, number> = Object.fromEntries(texts.map((text, index) => [`n${text}`, index]));
      const members = Object.entries(names).map(([name, index]) => `<I32 N="${encodeAttributeText(name)}">${index}</I32>`).join('');
      expect(serialize(new PSObject({ extended: names }))).toBe(`<Obj RefId="0"><MS>${members}</MS></Obj>`);
    }
  });

  test.each([
    ['plain', 'x'],
    ['escaped', '<'],
    ['_x', '_x'],
    ['non-ASCII', 'é'],
    ['a surrogate pair', '\u{1F600}'],
    ['a lone surrogate', '\uD800'],
  ])('strings around the length thresholds (%s at the start, middle and end)', (_, special) => {
    for (const length of [0, 1, 31, 32, 33, 100, 4095, 4096, 4097, 70_000]) {
      for (const at of [0, length >> 1, length]) {
        const text = 'a'.repeat(at) + special + 'b'.repeat(length - at);
        expect(serialize(text)).toBe(`<S>${encodeElementText(text)}</S>`);
      }
    }
  });

  test('output past the 64 KiB buffer, with text of every kind between', () => {
    const values = Array.from({ length: 20_000 }, (_, index) => [`item ${index}`, 'é', '\uDC00', '<&>', 'x'.repeat(index % 50)][index % 5]);
    const expected = values.map((value) => `<S>${encodeElementText(value as string)}</S>`).join('');
    expect(serializeDocument(values)).toBe(`<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">${expected}</Objs>`);
  });

  test('a stream name is written as it is, a lone surrogate included', () => {
    const text = serializeDocumentEntries([{ value: 1, stream: 'E\uD800"' }]);
    expect(text).toContain('<I32 S="E\uD800&quot;">1</I32>');
  });
});

describe('numbers', () => {
  test.each([0, 7, 9, 10, 99, 100, -1, -10, 2147483647, -2147483647, -2147483648, 2147483648, -2147483649, 1e15, -(2 ** 53 - 1)])(
    '%d is written as String() writes it',
    (value) => {
      const tag = value >= -2147483648 && value <= 2147483647 ? 'I32' : 'I64';
      expect(serialize(value)).toBe(`<${tag}>${String(value)}</${tag}>`);
    },
  );

  test('integers of every digit count, two digits per store, in text and in UTF-8', () => {
    const values: number[] = [];
    for (let power = 1; power <= 1e9; power *= 10) values.push(power - 1, power, power + 1, power * 2 + 3, -power, 1 - power);
    const expected = values.map((value) => `<I32>${String(value)}</I32>`).join('');
    expect(serialize(values)).toBe(`${ARRAY_START}${expected}</LST></Obj>`);
    expect(new TextDecoder().decode(serializeToUtf8(values))).toBe(`${ARRAY_START}${expected}</LST></Obj>`);
  });

  test('a Double is written as formatDouble writes it, at any place in the output', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 1, maxLength: 50 }), fc.string({ maxLength: 7 }), (values, padding) => {
        // Integers would be I32/I64: each value is written as a Double whatever it is.
        const doubles = values.map((value) => PSNumber.double(value));
        const expected = values.map((value) => `<S>${encodeElementText(padding)}</S><Db>${formatDouble(value)}</Db>`).join('');
        expect(serialize(doubles.flatMap((double) => [padding, double]))).toBe(`${ARRAY_START}${expected}</LST></Obj>`);
      }),
      { numRuns: 2000, seed: 12 },
    );
  });
});

describe('references', () => {
  test('a plain object, an array and a Map met twice are written once, then as <Ref>', () => {
    const shared = { a: 1 };
    const list = [1];
    const map = new Map([['k', 1]]);
    const text = serialize([shared, shared, list, list, map, map]);
    expect(text.match(/<Ref RefId="(\d+)" \/>/g)).toEqual(['<Ref RefId="1" />', '<Ref RefId="2" />', '<Ref RefId="3" />']);
  });

  test('a frozen object is remembered too', () => {
    const frozen = Object.freeze({ a: 1 });
    const frozenList = Object.freeze([1]);
    expect(serialize([frozen, frozen, frozenList, frozenList])).toContain('<Ref RefId="1" /><Obj RefId="2">');
  });

  test('a cycle of plain objects and arrays ends in a <Ref>', () => {
    const outer: Record<string, unknown> = { name: 'outer' };
    const inner: unknown[] = [outer];
    outer.inner = inner;
    expect(serialize(outer as never)).toContain('<LST><Ref RefId="0" /></LST>');
  });

  test('an object written by an earlier serialize() is written in full again', () => {
    const shared = { a: 1 };
    const first = serialize([shared, shared]);
    expect(serialize([shared, shared])).toBe(first);
    expect(serialize(shared)).toBe('<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I32 N="a">1</I32></MS></Obj>');
  });
});

describe('type names', () => {
  test('names holding U+0000 do not stand for other names joined', () => {
    const joined = new PSObject({ typeNames: ['A\u0000B'] });
    const split = new PSObject({ typeNames: ['A', 'B'] });
    const text = serialize([joined, split]);
    expect(text).toContain('<TN RefId="1"><T>A_x0000_B</T></TN>');
    expect(text).toContain('<TN RefId="2"><T>A</T><T>B</T></TN>');
  });

  test('an array of type names changed between two values of a document writer is written anew', () => {
    const names = ['First'];
    const first = new PSObject();
    first.typeNames = names;
    const writer = new ClixmlDocumentWriter();
    writer.start();
    expect(writer.write(first)).toBe('<Obj RefId="0"><TN RefId="0"><T>First</T></TN></Obj>');
    names[0] = 'Second';
    const second = new PSObject();
    second.typeNames = names;
    expect(writer.write(second)).toBe('<Obj RefId="1"><TN RefId="1"><T>Second</T></TN></Obj>');
    expect(writer.write(new PSObject({ typeNames: ['First'] }))).toBe('<Obj RefId="2"><TNRef RefId="0" /></Obj>');
  });
});
