/**
 * The memory bound of deserialize (issue 12), counted in bytes of heap after a full collection, never timed: a value
 * keeps at most 300 bytes per element (an empty `<Obj/>`, the costliest, 292) plus 2 per character of the input, and
 * the default element cap multiplies the first, so that the worst input the defaults admit stays within the budget
 * the README states. bench/hostile/run.mjs measures the same cases at 1, 4 and 16 MiB.
 */
import { describe, expect, test } from 'vitest';
import { ClixmlLimitError, DEFAULT_MAX_ELEMENTS, deserialize, PSObject, serialize, type PsValue } from '../src/index.js';
import { heapUsed } from '../../../test-support/heap.js';

const MAX_BYTES_PER_ELEMENT = 300;
const MAX_BYTES_PER_TEXT_CHARACTER = 2;
/** What the elements of one input may keep at the defaults: DEFAULT_MAX_ELEMENTS x 300 bytes. */
const ELEMENT_BUDGET_BYTES = 600_000_000;

/** `<Obj RefId="0"><LST>` of `count` items: count + 2 elements. */
const listOf = (item: string, count: number) => `<Obj RefId="0"><LST>${item.repeat(count)}</LST></Obj>`;

/**
 * The heap `text`'s value keeps once the text itself is dropped: the heap with the value alive less the heap once it
 * is dropped too. (Measured against the heap before the text, it also counted what the first deserialize leaves behind
 * for good, compiled code and type feedback: 300.06 bytes per empty object once in CI, against 292.) `inspect` looks at
 * the value while it is alive.
 */
function retainedBy<T>(makeText: () => string, inspect: (value: PsValue) => T): { bytes: number; inspected: T; length: number; elements: number } {
  let text: string | null = makeText();
  const length = text.length;
  const elements = text.match(/<[^/]/g)?.length ?? 0;
  let value: PsValue | null = deserialize(text, { maxElements: length, maxInputLength: length, maxStringLength: length });
  text = null;
  const withValue = heapUsed();
  const inspected = inspect(value);
  value = null;
  return { bytes: withValue - heapUsed(), inspected, length, elements };
}

describe('retained heap per element', () => {
  test.each([
    ['empty objects', '<Obj/>', 1],
    ['objects holding an empty list', '<Obj><LST/></Obj>', 2],
    ['objects holding an empty dictionary', '<Obj><DCT/></Obj>', 2],
    ['objects holding an unknown element', '<Obj><X/></Obj>', 2],
    ['objects with a TN', '<Obj><TN RefId="1"><T>a</T></TN></Obj>', 3],
  ])('%s: at most 300 bytes per element, so DEFAULT_MAX_ELEMENTS of them fit the budget', (_name, item, elementsPerItem) => {
    const items = 100_000;
    const { bytes, inspected: listed } = retainedBy(
      () => listOf(item, items),
      (value) => ((value as PSObject).baseValue as unknown[]).length,
    );
    const elements = items * elementsPerItem + 2;
    expect(listed).toBe(items);
    expect(bytes / elements).toBeLessThanOrEqual(MAX_BYTES_PER_ELEMENT);
    expect((bytes / elements) * DEFAULT_MAX_ELEMENTS).toBeLessThanOrEqual(ELEMENT_BUDGET_BYTES);
  });

  test('maxElements counts every element: the cap admits exactly that many, and refuses the next', () => {
    expect(DEFAULT_MAX_ELEMENTS).toBe(2_000_000);
    expect(((deserialize(listOf('<Obj/>', 998), { maxElements: 1000 }) as PSObject).baseValue as unknown[]).length).toBe(998);
    expect(() => deserialize(listOf('<Obj/>', 999), { maxElements: 1000 })).toThrow(ClixmlLimitError);
  });

  test('an object of 200,000 unknown elements keeps each, in order (it was quadratic: 40,000 took 88 s)', () => {
    const value = deserialize(`<Obj RefId="0">${'<X/><Y/>'.repeat(100_000)}</Obj>`) as PSObject;
    expect(value.unknownElements).toHaveLength(200_000);
    expect(value.unknownElements.slice(0, 3).map((element) => element.tag)).toEqual(['X', 'Y', 'X']);
  });
});

describe('retained heap per character of text', () => {
  // A string of 13 characters or more is a slice of the input, which it keeps whole (at 1 byte per character, 2 once
  // any character is beyond Latin-1): the bound is per element plus per character of the whole input.
  test.each([
    ['one long text, one byte per character', () => `<S>${'x'.repeat(4_000_000)}</S>`],
    ['one long text with a character beyond Latin-1 (two bytes each)', () => `<S>${'x'.repeat(4_000_000)}\u20ac</S>`],
    ['strings of 16 characters (slices of the input)', () => listOf('<S>abcdefghijklmnop</S>', 200_000)],
    ['strings of 16 characters in a two-byte input', () => listOf('<S>abcdefghijklmno\u20ac</S>', 200_000)],
    ['character references', () => `<S>${'&lt;'.repeat(1_000_000)}</S>`],
  ])('%s: at most 300 bytes per element and 2 per input character', (_name, makeText) => {
    const { bytes, inspected: made, length, elements } = retainedBy(makeText, (value) => value !== null);
    expect(made).toBe(true);
    expect(bytes).toBeLessThanOrEqual(MAX_BYTES_PER_ELEMENT * elements + MAX_BYTES_PER_TEXT_CHARACTER * length);
  });
});

describe('what the readers remember between calls', () => {
  // Property names, type names and whole <TN> lists are remembered module-wide (a few MB at most). Kept as slices
  // they would each keep the input they were cut from: five inputs of 4 MB were all kept once.
  // The writer remembers the type-name lists it writes, which may be those of deserialized objects.
  test.each([
    ['the common-form reader', ''],
    ['the general reader (a comment makes the common-form reader give up)', '<!-- c -->'],
  ])('keeps no input alive: five 4 MB inputs read by %s, each with new names, then written, leave less than 1 MB behind', (_name, comment) => {
    const body = (index: number) =>
      `<Obj RefId="0">${comment}<TN RefId="0"><T>Some.Long.Type.Name.Number${index}</T><T>System.Object</T></TN>` +
      `<MS><S N="ALongPropertyNameNumber${index}">${'x'.repeat(4_000_000)}</S></MS></Obj>`;
    // Once, so that what a first call leaves for good (compiled code) is not counted.
    deserialize(body(-1));
    // In a function of its own: a value still in this function's frame would keep its input.
    const readTwice = (index: number) => {
      const value = deserialize(body(index)) as PSObject;
      expect(value.typeNames[0]).toBe(`Deserialized.Some.Long.Type.Name.Number${index}`);
      // Read again, now from what was remembered: the same value.
      expect(deserialize(body(index))).toEqual(value);
      expect(serialize(value).length).toBeGreaterThan(4_000_000);
    };
    const before = heapUsed();
    for (let index = 0; index < 5; index++) readTwice(index);
    expect(heapUsed() - before).toBeLessThan(1_000_000);
  });

  test('stay within their bound however many new names come: 5,000 bodies of new long names and lists keep under 8 MB', () => {
    // Two-byte names (a euro sign each) of the longest lengths remembered (128 for a name, lists of about 1,000), in
    // letters that differ all along, so that they fill every slot of the tables (about 2.2 MB measured).
    const name = (index: number, length: number) => {
      let text = '\u20ac';
      let state = index + 1;
      while (text.length < length) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        text += String.fromCharCode(0x61 + ((state >>> 16) % 26));
      }
      return text;
    };
    const body = (index: number) => {
      const types = Array.from({ length: 8 }, (_, type) => `<T>${name(index * 8 + type, 118)}</T>`).join('');
      const members = Array.from({ length: 4 }, (_, member) => `<S N="${name(index * 4 + member, 128)}">v</S>`).join('');
      return `<Obj RefId="0"><TN RefId="0">${types}</TN><MS>${members}</MS></Obj>`;
    };
    const readAll = () => {
      for (let index = 0; index < 5000; index++) deserialize(body(index));
    };
    const before = heapUsed();
    readAll();
    expect(heapUsed() - before).toBeLessThan(8_000_000);
  });
});
