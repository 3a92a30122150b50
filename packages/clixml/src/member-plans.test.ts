import { describe, expect, test } from 'vitest';
import type { PsPlainObject, PsSerializable } from './clixml-writer.js';
import { DOCUMENT_END, DOCUMENT_START, serialize, serializeDocument, serializeDocumentToUtf8 } from './serialize.js';
import { nameAttribute } from './tag-markup.js';
import { PSObject } from './values/ps-object.js';

const PSCUSTOMOBJECT_TN = '<TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>';

/** `<Tag>...` of a value written alone, with the name attribute a member gets. */
function namedElement(value: PsSerializable, name: string): string {
  const alone = serialize(value);
  const tagEnd = alone.search(/[ >/]/);
  return `${alone.slice(0, tagEnd)}${nameAttribute(name)}${alone.slice(tagEnd)}`;
}

/**
 * The document the general way would write for objects whose members are primitives, Dates or Nil: each member as it
 * is written alone, named (no plan involved), so any fusion the plans do must come out the same.
 */
function expectedDocument(objects: readonly PsPlainObject[]): string {
  let text = DOCUMENT_START;
  objects.forEach((object, index) => {
    text += `<Obj RefId="${index}">${index === 0 ? PSCUSTOMOBJECT_TN : '<TNRef RefId="0" />'}`;
    const members = Object.keys(object)
      .map((name) => namedElement(object[name], name))
      .join('');
    if (members !== '') text += `<MS>${members}</MS>`;
    text += '</Obj>';
  });
  return text + DOCUMENT_END;
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 2 ** 32;
  };
}

const VALUE_MAKERS: readonly ((random: () => number) => PsSerializable)[] = [
  (random) => Math.floor(random() * 1000) - 500,
  (random) => 2 ** 40 + Math.floor(random() * 1000),
  (random) => random() * 100,
  // A Double that happens to be whole: written as Int32, another kind than a plan of Doubles expects.
  (random) => Math.floor(random() * 10),
  // The edges of the writer's number kinds: -0 and NaN are Doubles, -2^31 an Int32, 2^31 and 2^53 - 1 Int64s, 2^53 a Double.
  (random) => [-0, Number.NaN, -(2 ** 31), 2 ** 31, 2 ** 53 - 1, 2 ** 53, Number.POSITIVE_INFINITY][Math.floor(random() * 7)],
  (random) => `text ${Math.floor(random() * 100)}`,
  () => 'needs <escaping> & _x0041_',
  () => 'é and 😀',
  () => '',
  (random) => random() < 0.5,
  () => null,
  () => undefined,
  (random) => new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 1e10)),
];

describe('member plans: plain objects of one shape write what the general way writes', () => {
  test('a second object of a shape, along the plan', () => {
    const text = serializeDocument([
      { PlanA: 1, Name: 'x', Ratio: 0.5, Flag: true, When: new Date(Date.UTC(2024, 0, 1)), Gone: null },
      { PlanA: 2, Name: 'y', Ratio: 1.5, Flag: false, When: new Date(Date.UTC(2024, 0, 2)), Gone: undefined },
    ]);
    expect(text).toBe(
      DOCUMENT_START +
        `<Obj RefId="0">${PSCUSTOMOBJECT_TN}<MS><I32 N="PlanA">1</I32><S N="Name">x</S><Db N="Ratio">0.5</Db><B N="Flag">true</B>` +
        '<DT N="When">2024-01-01T00:00:00Z</DT><Nil N="Gone" /></MS></Obj>' +
        '<Obj RefId="1"><TNRef RefId="0" /><MS><I32 N="PlanA">2</I32><S N="Name">y</S><Db N="Ratio">1.5</Db><B N="Flag">false</B>' +
        '<DT N="When">2024-01-02T00:00:00Z</DT><Nil N="Gone" /></MS></Obj>' +
        DOCUMENT_END,
    );
  });

  test('members of another kind, other names, fewer and more members', () => {
    const objects: PsPlainObject[] = [
      { PlanB: 1, Ratio: 0.5, Name: 'x' },
      // A whole Double is an Int32; the plan goes on after it.
      { PlanB: 2, Ratio: 3, Name: 'y' },
      // The first member of another kind.
      { PlanB: 'first', Ratio: 0.25, Name: 'z' },
      { PlanB: 3, Other: 0.5, Name: 'w' },
      { PlanB: 4 },
      { PlanB: 5, Ratio: 0.5, Name: 'v', Extra: true },
      { PlanB: 6, Ratio: 0.5 },
      {},
    ];
    expect(serializeDocument(objects)).toBe(expectedDocument(objects));
  });

  test('a plan made from a whole Double is made again once most objects hold fractions', () => {
    const objects: PsPlainObject[] = Array.from({ length: 30 }, (_, index) => ({ PlanF: index, Ratio: index / 7, When: null }));
    expect(serializeDocument(objects)).toBe(expectedDocument(objects));
  });

  test('objects as members are written whole between planned ones', () => {
    const shared = ['s'];
    const objects: PsPlainObject[] = [
      { PlanC: 1, Tags: ['a', 'b'], Inner: { X: 1 }, Last: 'l' },
      { PlanC: 2, Tags: shared, Inner: new PSObject({ extended: { Y: 2 } }), Last: 'm' },
      { PlanC: 3, Tags: shared, Inner: null, Last: 'n' },
    ];
    expect(serializeDocument(objects)).toBe(
      DOCUMENT_START +
        `<Obj RefId="0">${PSCUSTOMOBJECT_TN}<MS><I32 N="PlanC">1</I32>` +
        '<Obj N="Tags" RefId="1"><TN RefId="1"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST><S>a</S><S>b</S></LST></Obj>' +
        '<Obj N="Inner" RefId="2"><TNRef RefId="0" /><MS><I32 N="X">1</I32></MS></Obj><S N="Last">l</S></MS></Obj>' +
        '<Obj RefId="3"><TNRef RefId="0" /><MS><I32 N="PlanC">2</I32>' +
        '<Obj N="Tags" RefId="4"><TNRef RefId="1" /><LST><S>s</S></LST></Obj>' +
        '<Obj N="Inner" RefId="5"><MS><I32 N="Y">2</I32></MS></Obj><S N="Last">m</S></MS></Obj>' +
        '<Obj RefId="6"><TNRef RefId="0" /><MS><I32 N="PlanC">3</I32><Ref N="Tags" RefId="4" /><Nil N="Inner" /><S N="Last">n</S></MS></Obj>' +
        DOCUMENT_END,
    );
  });

  test('names that need escaping, and names beyond ASCII', () => {
    const objects: PsPlainObject[] = [
      { 'Plan D': 1, 'a"b<c': 'x', é: 2, _x0041_: 3 },
      { 'Plan D': 4, 'a"b<c': 'y', é: 5, _x0041_: 6 },
    ];
    const text = serializeDocument(objects);
    expect(text).toBe(expectedDocument(objects));
    expect(text).toContain('<I32 N="Plan D">4</I32><S N="a&quot;b&lt;c">y</S><I32 N="é">5</I32><I32 N="_x005F_x0041_">6</I32>');
    expect(new TextDecoder().decode(serializeDocumentToUtf8(objects))).toBe(text);
  });

  test('a first name whose objects keep changing shape stops getting plans, and is still written right', () => {
    const objects: PsPlainObject[] = Array.from({ length: 40 }, (_, index) => ({ PlanE: index, [`Member${index % 20}`]: index }));
    expect(serializeDocument(objects)).toBe(expectedDocument(objects));
  });

  test('many first names (past the cache of plans)', () => {
    const objects: PsPlainObject[] = Array.from({ length: 5000 }, (_, index) => ({ [`First${index}`]: index, Next: 'n' }));
    // The last ones again: their plans are the ones the cache still holds.
    const twice = [...objects, ...objects.slice(-500).map((object) => ({ ...object }))];
    expect(serializeDocument(twice)).toBe(expectedDocument(twice));
  });

  test.each([1, 2, 3, 4, 5])('random objects of a few shapes (seed %i), as text and as UTF-8', (seed) => {
    const random = randomSource(seed);
    const names = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon'];
    // Most shapes start with a name of their own (each has a plan); two share one (their plans take turns).
    const shapes = Array.from({ length: 5 }, (_, index) => [`Shape${Math.min(index, 3)}`, ...names.filter(() => random() < 0.7)]);
    const objects: PsPlainObject[] = Array.from({ length: 400 }, () => {
      const shape = shapes[Math.floor(random() * shapes.length)] as string[];
      const object: Record<string, PsSerializable> = {};
      for (const name of shape) {
        // Mostly the kind the shape's member had before; sometimes any other.
        const maker = VALUE_MAKERS[random() < 0.8 ? (name.length * 7 + shape.length) % VALUE_MAKERS.length : Math.floor(random() * VALUE_MAKERS.length)];
        object[name] = maker?.(random);
      }
      return object;
    });
    const expected = expectedDocument(objects);
    expect(serializeDocument(objects)).toBe(expected);
    expect(new TextDecoder().decode(serializeDocumentToUtf8(objects))).toBe(expected);
  });
});
