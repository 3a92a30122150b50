/**
 * The JS model: plain property access on PSObject, PowerShell's string conversion, `Deserialized.` type names
 * beside the names as sent, what every JS value is sent as, and elements from newer serializers kept.
 */
import { describe, expect, test } from 'vitest';
import { deserialize, deserializeDocument } from './deserialize.js';
import { ClixmlSerializeError } from './errors.js';
import { serialize } from './serialize.js';
import { psTypeNameOf } from './type-name-of.js';
import type { PsValue } from './value.js';
import { PSChar } from './values/ps-char.js';
import { PSDateTime } from './values/ps-date-time.js';
import { psEnum } from './values/ps-enum.js';
import { PSNumber } from './values/ps-number.js';
import { PSMemberSet, PSObject } from './values/ps-object.js';
import { PSScriptBlock } from './values/ps-text-values.js';
import { PSUnknownElement } from './values/ps-unknown-element.js';

type Bag = PSObject & Record<string, unknown>;

const PROCESS =
  '<Obj RefId="0"><TN RefId="0"><T>System.Diagnostics.Process</T><T>System.Object</T></TN><ToString>System.Diagnostics.Process (pwsh)</ToString>' +
  '<Props><S N="Name">pwsh</S><I32 N="Id">42</I32><S N="get">adapted get</S></Props><MS><S N="Note">extra</S><S N="Name">note wins</S></MS></Obj>';

describe('property access', () => {
  test('obj.Name reads a property, extended before adapted, in any case; get() does the same', () => {
    const process = deserialize(PROCESS) as Bag;
    expect(process.Id).toBe(42);
    expect(process.id).toBe(42);
    expect(process.Name).toBe('note wins');
    expect(process.adapted.Name).toBe('pwsh');
    expect(process.NOTE).toBe('extra');
    expect(process.Missing).toBeUndefined();
    expect(process.get('name')).toBe('note wins');
    expect('Id' in process && 'id' in process && !('Missing' in process)).toBe(true);
  });

  test("the class's own members come first; a property of the same name is read with get()", () => {
    const process = deserialize(PROCESS) as Bag;
    expect(typeof process.get).toBe('function');
    expect(process.get('get')).toBe('adapted get');
    expect(process.typeNames[0]).toBe('Deserialized.System.Diagnostics.Process');
  });

  test('assigning changes a property where it lives, or adds a note', () => {
    const process = deserialize(PROCESS) as Bag;
    process.Id = 43;
    process.Fresh = true;
    expect(process.adapted.Id).toBe(43);
    expect(process.extended.Fresh).toBe(true);
    expect(Object.keys(process)).toEqual(['typeNames', 'toStringValue', 'adapted', 'extended', 'baseValue']);
  });

  test('a hashtable reads its keys as properties, as in PowerShell', () => {
    const table = deserialize(serialize(new Map<PsValue, PsValue>([['Key', 'value'], [1, 'one']]))) as Bag;
    expect(table.Key).toBe('value');
    expect((table.baseValue as Map<PsValue, PsValue>).get(1)).toBe('one');
  });

  test('names such as __proto__ and constructor stay plain data', () => {
    const value = deserialize('<Obj RefId="0"><MS><S N="__proto__">p</S><S N="constructor">c</S><S N="polluted">x</S></MS></Obj>') as Bag;
    expect(value.get('__proto__')).toBe('p');
    expect(value.get('constructor')).toBe('c');
    expect(Object.getPrototypeOf(value)).toBe(PSObject.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("PowerShell's string conversion and values", () => {
  test.each<[string, string, string]>([
    ['ToString as sent', PROCESS, 'System.Diagnostics.Process (pwsh)'],
    ['enum', '<Obj RefId="0"><TN RefId="0"><T>System.ConsoleColor</T><T>System.Enum</T></TN><ToString>Blue</ToString><I32>9</I32></Obj>', 'Blue'],
    ['property bag', '<Obj RefId="0"><MS><I32 N="a">1</I32><S N="b">x</S><Nil N="c" /><B N="d">true</B><Db N="e">1E+20</Db></MS></Obj>', '@{a=1; b=x; c=; d=True; e=1E+20}'],
    ['list (items joined by spaces)', '<Obj RefId="0"><LST><I32>1</I32><S>a</S><Nil /><Obj RefId="1"><LST /></Obj></LST></Obj>', '1 a  System.Object[]'],
    ['empty property bag', '<Obj RefId="0" />', ''],
    ['string with notes', '<Obj RefId="0"><S>text</S><MS><S N="Note">n</S></MS></Obj>', 'text'],
  ])('%s', (_, xml, text) => {
    expect(String(deserialize(xml))).toBe(text);
  });

  test('valueOf gives the primitive inside, so an enum compares to its number', () => {
    const color = psEnum('System.ConsoleColor', 'Blue', 9);
    expect(Number(color)).toBe(9);
    expect((color as unknown as number) == 9).toBe(true);
    expect(String(color)).toBe('Blue');
  });
});

describe('type names', () => {
  test('typeNames as PowerShell presents them, originalTypeNames as sent; serialize writes what was sent', () => {
    const process = deserialize(PROCESS) as PSObject;
    expect(process.typeNames).toEqual(['Deserialized.System.Diagnostics.Process', 'Deserialized.System.Object']);
    expect(process.originalTypeNames).toEqual(['System.Diagnostics.Process', 'System.Object']);
    expect(process.isDeserialized).toBe(true);
    expect(serialize(process)).toBe(PROCESS);
  });

  test('a name that already has the prefix (in any case) keeps it, as PowerShell does', () => {
    const value = deserialize('<Obj RefId="0"><TN RefId="0"><T>Deserialized.A</T><T>deserialized.B</T><T>C</T></TN></Obj>') as PSObject;
    expect(value.typeNames).toEqual(['Deserialized.A', 'deserialized.B', 'Deserialized.C']);
  });

  test('types PowerShell rebuilds as live objects (IPAddress, PSCredential, ...) keep their own names', () => {
    const value = deserialize('<Obj RefId="0"><TN RefId="0"><T>System.Net.IPAddress</T><T>System.Object</T></TN><ToString>10.0.0.1</ToString></Obj>') as PSObject;
    expect(value.typeNames).toEqual(['System.Net.IPAddress', 'System.Object']);
  });

  test('changed type names are written as changed', () => {
    const process = deserialize(PROCESS) as PSObject;
    process.typeNames.unshift('My.Process');
    expect(serialize(process)).toContain('<T>My.Process</T><T>Deserialized.System.Diagnostics.Process</T>');
  });

  test('objects built here have no prefix', () => {
    const value = new PSObject({ typeNames: ['A'] });
    expect(value.originalTypeNames).toEqual(['A']);
    expect(value.isDeserialized).toBe(false);
  });

  test.each<[PsValue | undefined | Record<string, PsValue>, string | null]>([
    [5, 'System.Int32'],
    [-(2 ** 31), 'System.Int32'],
    [2 ** 31, 'System.Int64'],
    [2 ** 53, 'System.Double'],
    [0.5, 'System.Double'],
    [-0, 'System.Double'],
    [5n, 'System.Int64'],
    ['x', 'System.String'],
    [true, 'System.Boolean'],
    [null, null],
    [undefined, null],
    [[1], 'System.Object[]'],
    [new Map(), 'System.Collections.Hashtable'],
    [{ a: 1 }, 'System.Management.Automation.PSCustomObject'],
    [PSNumber.uint16(1), 'System.UInt16'],
    [new PSChar(65), 'System.Char'],
    [new Date(0), 'System.DateTime'],
    [new Uint8Array(1), 'System.Byte[]'],
    [new PSScriptBlock('1'), 'System.Management.Automation.ScriptBlock'],
    [psEnum('System.DayOfWeek', 'Friday', 5), 'System.DayOfWeek'],
  ])('psTypeNameOf(%o) is %s', (value, name) => {
    expect(psTypeNameOf(value)).toBe(name);
  });
});

describe('what JS values are sent as', () => {
  test('numbers: Int32 when they fit, Int64 while safe, Double beyond; bigint Int64 or an error', () => {
    expect(serialize(7)).toBe('<I32>7</I32>');
    expect(serialize(2 ** 40)).toBe('<I64>1099511627776</I64>');
    expect(serialize(2 ** 60)).toBe('<Db>1.152921504606847E+18</Db>');
    expect(serialize(-(2n ** 63n))).toBe('<I64>-9223372036854775808</I64>');
    expect(() => serialize(2n ** 63n)).toThrow(ClixmlSerializeError);
  });

  test('a plain object is a PSCustomObject, its properties notes; undefined is $null', () => {
    expect(serialize({ Name: 'x', Count: 1, Gone: undefined })).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>' +
        '<MS><S N="Name">x</S><I32 N="Count">1</I32><Nil N="Gone" /></MS></Obj>',
    );
    expect(serialize(Object.assign(Object.create(null) as object, { a: 1 }))).toContain('<I32 N="a">1</I32>');
  });

  test('an array is object[] with <LST> at every level, as PowerShell sends one', () => {
    expect(serialize([1, [2]])).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST><I32>1</I32>' +
        '<Obj RefId="1"><TNRef RefId="0" /><LST><I32>2</I32></LST></Obj></LST></Obj>',
    );
  });

  test('a script block goes as <SBK>', () => {
    expect(serialize(new PSScriptBlock('Get-Date'))).toBe('<SBK>Get-Date</SBK>');
  });

  test('a deserialized <IE>, <STK> or <QUE> goes back in the same element', () => {
    for (const tag of ['IE', 'STK', 'QUE']) {
      const xml = `<Obj RefId="0"><${tag}><I32>1</I32></${tag}></Obj>`;
      expect(serialize(deserialize(xml))).toBe(xml);
    }
  });

  test('class instances other than the PS* wrappers are refused with the path', () => {
    class Point {
      x = 1;
    }
    expect(() => serialize({ at: [new Point() as unknown as PsValue] })).toThrow(/at \$\.at\[0\]/);
  });
});

describe('elements from newer serializers are kept, not refused', () => {
  test('an unknown value element reads as PSUnknownElement and is written back', () => {
    const xml = '<Obj RefId="0"><MS><SemanticVersion N="V">1.2.3</SemanticVersion><Future N="F" kind="x"><Part>a</Part>b</Future></MS></Obj>';
    const value = deserialize(xml) as PSObject;
    const version = value.get('V') as PSUnknownElement;
    expect(version).toBeInstanceOf(PSUnknownElement);
    expect([version.tag, version.text, String(version)]).toEqual(['SemanticVersion', '1.2.3', '1.2.3']);
    expect((value.get('F') as PSUnknownElement).attributes.kind).toBe('x');
    expect(serialize(value)).toBe(xml);
  });

  test('an unknown part of an <Obj> is kept in unknownElements, in a list item and at the top of a document', () => {
    const xml = '<Obj RefId="0"><TN RefId="0"><T>X</T></TN><Meta a="1" /><MS><I32 N="n">1</I32></MS></Obj>';
    const value = deserialize(xml) as PSObject;
    expect(value.unknownElements.map((element) => element.tag)).toEqual(['Meta']);
    expect(value.get('n')).toBe(1);
    expect(serialize(value)).toBe('<Obj RefId="0"><TN RefId="0"><T>X</T></TN><MS><I32 N="n">1</I32></MS><Meta a="1" /></Obj>');
    expect((deserialize('<Obj RefId="0"><LST><New /></LST></Obj>') as PSObject).baseValue).toEqual([new PSUnknownElement('New')]);
    expect(deserializeDocument('<Objs><New>1</New></Objs>')).toEqual([new PSUnknownElement('New', {}, ['1'])]);
  });

  test('an <Obj> whose base is an object reads, and is written back', () => {
    const xml = '<Obj RefId="0"><Obj RefId="1"><MS><I32 N="a">1</I32></MS></Obj><MS><I32 N="b">2</I32></MS></Obj>';
    const value = deserialize(xml) as PSObject;
    expect((value.baseValue as PSObject).get('a')).toBe(1);
    expect(serialize(value)).toBe(xml);
  });
});

describe('dates and nested member sets', () => {
  test('a nested MS is a PSMemberSet; an empty one is written as PowerShell writes it', () => {
    const value = deserialize('<Obj RefId="0"><MS><I32 N="A">1</I32><MS N="PSStandardMembers" /><MS N="Set"><S N="x">y</S></MS></MS></Obj>') as PSObject;
    expect(value.get('Set')).toBeInstanceOf(PSMemberSet);
    expect(String(value)).toBe('@{A=1}');
    expect(serialize(value)).toContain('<MS N="PSStandardMembers" />');
  });

  test('a DateTime with notes prints as PowerShell prints it', () => {
    const value = new PSObject({ baseValue: PSDateTime.fromClixml('2020-05-06T07:08:09Z'), extended: { DisplayHint: 2 } });
    expect(String(value)).toBe('05/06/2020 07:08:09');
  });
});

describe('copies', () => {
  const CYCLIC = `<Obj RefId="0"><TN RefId="0"><T>My.Node</T><T>System.Object</T></TN><MS><S N="Name">a</S><Ref N="Self" RefId="0" /></MS></Obj>`;

  test('structuredClone refuses a PSObject (a Proxy); serialize() and deserialize() copy it whole, cycles included', () => {
    const original = deserialize(CYCLIC) as Bag;
    expect(() => structuredClone(original)).toThrow(expect.objectContaining({ name: 'DataCloneError' }));
    const copy = deserialize(serialize(original)) as Bag;
    expect(copy).not.toBe(original);
    expect(copy.typeNames).toEqual(['Deserialized.My.Node', 'Deserialized.System.Object']);
    expect(copy.originalTypeNames).toEqual(['My.Node', 'System.Object']);
    expect(copy.Name).toBe('a');
    expect(copy.Self).toBe(copy);
  });

  test('toJSON() is a plain view that structuredClone takes (a cycle printed as "[Circular]")', () => {
    const original = deserialize(CYCLIC) as Bag;
    expect(structuredClone(original.toJSON())).toEqual({ Name: 'a', Self: '[Circular]' });
  });
});
