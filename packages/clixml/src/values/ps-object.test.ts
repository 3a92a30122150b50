import { describe, expect, test } from 'vitest';
import { PSChar } from './ps-char.js';
import { PSDateTime } from './ps-date-time.js';
import { psEnum } from './ps-enum.js';
import { deserialize } from '../deserialize.js';
import { MAX_PLAIN_CHARS, MAX_PLAIN_DEPTH, isPlainRecord, toPlainJson } from './plain-json.js';
import { PSDictionary, PSMemberSet, PSObject } from './ps-object.js';
import { PSSecureString } from './ps-text-values.js';
import { PSVersion } from './ps-version.js';

describe('PSObject', () => {
  test('the constructor copies its inputs into null-prototype records', () => {
    const typeNames = ['A', 'System.Object'];
    const extended = { a: 1 };
    const value = new PSObject({ typeNames, extended });
    typeNames.push('changed');
    extended.a = 2;
    expect(value.typeNames).toEqual(['A', 'System.Object']);
    expect(value.extended.a).toBe(1);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(value.adapted))).toBeNull();
    expect('toString' in value.adapted || 'constructor' in value.adapted).toBe(false);
    expect(new PSObject().get('constructor')).toBeUndefined();
  });

  test('toJSON: merged properties, unwrapped containers and enums, printable wrappers', () => {
    const value = new PSObject({
      adapted: { Name: 'svc', Status: psEnum('System.ServiceProcess.ServiceControllerStatus', 'Running', 4) },
      extended: {
        Name: 'override',
        List: new PSObject({ typeNames: ['System.Object[]'], baseValue: [1, 2n, 2n ** 60n] }),
        Table: new PSObject({ baseValue: new PSDictionary([['k', new PSChar(120)]]) }),
        When: PSDateTime.fromClixml('2024-01-02T03:04:05Z'),
        Bytes: new Uint8Array([1, 2, 3]),
        Version: new PSVersion(5, 1),
        Secret: new PSSecureString('abc'),
        Set: new PSMemberSet({ x: null }),
        Text: new PSObject({ toStringValue: 'shown' }),
      },
    });
    expect(JSON.parse(JSON.stringify(value))).toEqual({
      Name: 'override',
      Status: 'Running',
      List: [1, 2, '1152921504606846976'],
      Table: { k: 'x' },
      When: '2024-01-02T03:04:05Z',
      Bytes: 'AQID',
      Version: '5.1',
      Secret: '[SecureString]',
      Set: { x: null },
      Text: 'shown',
    });
  });

  test('toJSON prints a primitive that carries notes as the primitive, as PowerShell shows it', () => {
    const line = new PSObject({ baseValue: 'first line', extended: { PSPath: 'C:\\a.txt', ReadCount: 1 } });
    expect(line.toJSON()).toBe('first line');
    const when = new Date('2026-11-22T03:30:00Z');
    expect(new PSObject({ baseValue: when, extended: { DisplayHint: 'DateTime' } }).toJSON()).toBe(when.toJSON());
    // A collection with extra members keeps its members visible.
    expect(new PSObject({ baseValue: [1], extended: { Note: 'n' } }).toJSON()).toEqual({ Note: 'n' });
  });

  test('toJSON cuts cycles and gives a shared object once, then "[Shared]"', () => {
    const shared = new PSObject({ extended: { v: 1 } });
    const parent = new PSObject({ extended: { a: shared, b: shared, list: [shared] } });
    parent.extended.self = parent;
    expect(parent.toJSON()).toEqual({ a: { v: 1 }, b: '[Shared]', list: ['[Shared]'], self: '[Circular]' });
    const dictionary = new PSDictionary();
    dictionary.set('me', dictionary);
    expect(dictionary.toJSON()).toEqual({ me: '[Circular]' });
    // Each toJSON is a view of its own: a value shared by two top-level values is given in full in each.
    expect(JSON.stringify([new PSObject({ extended: { s: shared } }), new PSObject({ extended: { s: shared } })])).toBe('[{"s":{"v":1}},{"s":{"v":1}}]');
  });

  test('toJSON repeats what prints as a primitive (an enum, a string with notes) when met again', () => {
    const color = psEnum('System.ConsoleColor', 'Blue', 9);
    const line = new PSObject({ baseValue: 'a line', extended: { PSPath: 'C:\\x' } });
    expect(new PSObject({ extended: { a: color, b: color, c: line, d: line } }).toJSON()).toEqual({ a: 'Blue', b: 'Blue', c: 'a line', d: 'a line' });
  });

  test('toJSON stays small when shared references would expand exponentially', () => {
    let value = new PSObject({ extended: { leaf: 1 } });
    for (let level = 0; level < 60; level++) value = new PSObject({ extended: { a: value, b: value } });
    const text = JSON.stringify(value);
    expect(text).toContain('[Shared]');
    expect(text.length).toBeLessThan(2_000);
  });

  test('toJSON gives a byte array shared by 1,000 <Ref>s once (issue 12: 1.4 GB of base64 before)', () => {
    const bytes = 1024 * 1024;
    const base64 = Buffer.alloc(bytes, 7).toString('base64');
    const xml = `<Obj RefId="0"><LST><Obj RefId="1"><BA>${base64}</BA></Obj>${'<Ref RefId="1" />'.repeat(999)}</LST></Obj>`;
    const value = deserialize(xml) as PSObject;
    const list = value.baseValue as unknown[];
    expect(list).toHaveLength(1000);
    expect(list[999]).toBe(list[0]);
    const text = JSON.stringify(value);
    expect(text.length).toBeLessThan(base64.length + 20_000);
    expect(JSON.parse(text)).toEqual([base64, ...Array(999).fill('[Shared]')]);
  });

  test('toJSON stops at MAX_PLAIN_CHARS of text, counted before a byte array is encoded', () => {
    // Distinct arrays (nothing shared) over the budget: the ones past it are not encoded.
    const arrays = Array.from({ length: 12 }, () => new Uint8Array(MAX_PLAIN_CHARS / 8));
    const view = new PSObject({ baseValue: arrays }).toJSON() as string[];
    const encoded = view.filter((item) => item !== '[Truncated]');
    expect(encoded.length).toBeGreaterThan(0);
    expect(encoded.length).toBeLessThan(12);
    expect(view.at(-1)).toBe('[Truncated]');
    expect(encoded.reduce((total, item) => total + item.length, 0)).toBeLessThanOrEqual(MAX_PLAIN_CHARS);
    // Strings and property names count too.
    const text = 'x'.repeat(MAX_PLAIN_CHARS / 4);
    const strings = new PSObject({ extended: { a: text, b: text, c: text, d: text, e: text } }).toJSON() as Record<string, string>;
    expect(Object.values(strings).filter((item) => item === text)).toHaveLength(3);
    expect(strings.e).toBe('[Truncated]');
  });

  test('toJSON gives the value that shows once: an object held by both a property and a note is not left as "[Shared]"', () => {
    const shared = new PSObject({ extended: { v: 1 } });
    expect(new PSObject({ adapted: { X: shared, Y: 1 }, extended: { X: shared } }).toJSON()).toEqual({ Y: 1, X: { v: 1 } });
  });

  test('toJSON writes NaN and the infinities as ConvertTo-Json does', () => {
    expect(JSON.stringify(new PSObject({ extended: { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -Infinity, d: 1.5 } }))).toBe(
      '{"a":"NaN","b":"Infinity","c":"-Infinity","d":1.5}',
    );
  });

  test('toPlainJson: type names and the ConvertTo-Json shape, with the same shared-once rule', () => {
    const standard = new PSMemberSet({ DefaultDisplayPropertySet: null });
    const item = new PSObject({ typeNames: ['Deserialized.Item', 'Deserialized.System.Object'], adapted: { Name: 'a' }, extended: { PSStandardMembers: standard } });
    const options = { typeNames: true, likeConvertToJson: true };
    expect(toPlainJson(item, options)).toEqual({ PSTypeNames: ['Deserialized.Item', 'Deserialized.System.Object'], Name: 'a' });
    expect(toPlainJson(item)).toEqual({ Name: 'a', PSStandardMembers: { DefaultDisplayPropertySet: null } });
    // A list with notes: its items, as ConvertTo-Json gives them; its notes otherwise (toJSON).
    const list = new PSObject({ baseValue: [item, item], extended: { Note: 'n' } });
    expect(toPlainJson(list, options)).toEqual([{ PSTypeNames: ['Deserialized.Item', 'Deserialized.System.Object'], Name: 'a' }, '[Shared]']);
    expect(toPlainJson(list)).toEqual({ Note: 'n' });
    expect([isPlainRecord(list, options), isPlainRecord(list), isPlainRecord(item, options), isPlainRecord('a')]).toEqual([false, true, true, false]);
    // Only member sets: nothing to give as properties in the ConvertTo-Json shape.
    const onlyMembers = new PSObject({ toStringValue: 'text', extended: { PSStandardMembers: standard } });
    expect(isPlainRecord(onlyMembers, options)).toBe(false);
    expect(toPlainJson(onlyMembers, options)).toBe('text');
    // Type names are text of the view: they count toward MAX_PLAIN_CHARS.
    const longName = 'T'.repeat(MAX_PLAIN_CHARS / 2 + 1);
    expect(toPlainJson(new PSObject({ typeNames: [longName, longName], extended: { a: 1 } }), options)).toEqual({ PSTypeNames: [longName, '[Truncated]'], a: 1 });
  });

  test('toJSON stops at MAX_PLAIN_DEPTH instead of overflowing the stack', () => {
    let value: PSObject = new PSObject();
    for (let level = 0; level < MAX_PLAIN_DEPTH * 20; level++) value = new PSObject({ extended: { next: value } });
    expect(JSON.stringify(value)).toContain('[Truncated]');
  });
});
