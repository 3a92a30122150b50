import { describe, expect, test } from 'vitest';
import { deserialize, deserializeDocument } from './deserialize.js';
import { ClixmlLimitError, ClixmlSerializeError, ClixmlValueError } from './errors.js';
import { serialize, serializeDocument } from './serialize.js';
import type { PsValue } from './value.js';
import { PSChar } from './values/ps-char.js';
import { PSDateTime } from './values/ps-date-time.js';
import { PSDecimal } from './values/ps-decimal.js';
import { psEnum } from './values/ps-enum.js';
import { PSGuid } from './values/ps-guid.js';
import { PSNumber } from './values/ps-number.js';
import { PSDictionary, PSMemberSet, PSObject } from './values/ps-object.js';
import { PSProgressRecord } from './values/ps-progress-record.js';
import { PSSecureString, PSScriptBlock, PSUri, PSXmlDocument } from './values/ps-text-values.js';
import { PSTimeSpan } from './values/ps-time-span.js';
import { PSVersion } from './values/ps-version.js';

describe('serialize: primitives', () => {
  test.each<[PsValue | undefined, string]>([
    ['hi', '<S>hi</S>'],
    ['', '<S></S>'],
    ['a<b>&"c"\n_x', '<S>a&lt;b&gt;&amp;"c"_x000A__x005F_x</S>'],
    [true, '<B>true</B>'],
    [false, '<B>false</B>'],
    [0, '<I32>0</I32>'],
    [-2147483648, '<I32>-2147483648</I32>'],
    // Beyond Int32, a safe integer is an Int64 (as `[long]` in PowerShell); beyond 2^53 it is a Double.
    [2147483648, '<I64>2147483648</I64>'],
    [-2147483649, '<I64>-2147483649</I64>'],
    [Number.MAX_SAFE_INTEGER, '<I64>9007199254740991</I64>'],
    [2 ** 53, '<Db>9007199254740992</Db>'],
    [1e20, '<Db>1E+20</Db>'],
    [1.5, '<Db>1.5</Db>'],
    [-0, '<Db>-0</Db>'],
    [1e15, '<I64>1000000000000000</I64>'],
    [1e15 + 0.5, '<Db>1000000000000000.5</Db>'],
    [0.00001, '<Db>1E-05</Db>'],
    [0.0001, '<Db>0.0001</Db>'],
    [123456789012.5, '<Db>123456789012.5</Db>'],
    [-1.2345678901234567e-200, '<Db>-1.2345678901234567E-200</Db>'],
    [Number.NaN, '<Db>NaN</Db>'],
    [Number.NEGATIVE_INFINITY, '<Db>-INF</Db>'],
    [5n, '<I64>5</I64>'],
    [null, '<Nil />'],
    [undefined, '<Nil />'],
    [new PSChar(97), '<C>97</C>'],
    [new PSDecimal('12.34'), '<D>12.34</D>'],
    [new Uint8Array([1, 2, 3, 4]), '<BA>AQIDBA==</BA>'],
    [new PSGuid('792E5B37-4505-47EF-B7D2-8711BB7AFFA8'), '<G>792e5b37-4505-47ef-b7d2-8711bb7affa8</G>'],
    [new PSUri('http://x/_x'), '<URI>http://x/_x005F_x</URI>'],
    [new PSVersion(2, 3), '<Version>2.3</Version>'],
    [new PSXmlDocument('<a/>'), '<XD>&lt;a/&gt;</XD>'],
    [new PSScriptBlock('Get-Item\n'), '<SBK>Get-Item_x000A_</SBK>'],
    [new PSSecureString('AQID'), '<SS>AQID</SS>'],
    [new PSTimeSpan(90_269_026n), '<TS>PT9.0269026S</TS>'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120)), '<DT>2024-01-02T03:04:05.12Z</DT>'],
    [PSDateTime.fromClixml('2008-04-11T10:42:32.2731993-07:00'), '<DT>2008-04-11T10:42:32.2731993-07:00</DT>'],
  ])('%s', (value, xml) => {
    expect(serialize(value)).toBe(xml);
  });

  test('PSNumber picks the wire type', () => {
    expect(serialize(PSNumber.int16(-5))).toBe('<I16>-5</I16>');
    expect(serialize(PSNumber.uint16(5))).toBe('<U16>5</U16>');
    expect(serialize(PSNumber.uint32(4294967295))).toBe('<U32>4294967295</U32>');
    expect(serialize(PSNumber.byte(255))).toBe('<By>255</By>');
    expect(serialize(PSNumber.sbyte(-128))).toBe('<SB>-128</SB>');
    expect(serialize(PSNumber.int32(7))).toBe('<I32>7</I32>');
    expect(serialize(PSNumber.int64(7))).toBe('<I64>7</I64>');
    expect(serialize(PSNumber.uint64(18446744073709551615n))).toBe('<U64>18446744073709551615</U64>');
    expect(serialize(PSNumber.double(2))).toBe('<Db>2</Db>');
    expect(serialize(PSNumber.single(12.34))).toBe('<Sg>12.34</Sg>');
    expect(serialize(PSNumber.single(16777217))).toBe('<Sg>16777216</Sg>');
    expect(serialize(PSNumber.single(1e20))).toBe('<Sg>1E+20</Sg>');
    expect(() => PSNumber.byte(256)).toThrow(ClixmlValueError);
    expect(() => PSNumber.int64(2 ** 60)).toThrow(ClixmlValueError);
    expect(() => PSNumber.uint64(-1n)).toThrow(ClixmlValueError);
    expect(() => PSNumber.of('I16', 1n)).toThrow(ClixmlValueError);
  });
});

describe('serialize: objects', () => {
  test('a message body: an Obj with only <MS>', () => {
    const body = new PSObject({ extended: { MinRunspaces: 1, MaxRunspaces: 1, ApplicationArguments: null } });
    expect(serialize(body)).toBe(
      '<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32><I32 N="MaxRunspaces">1</I32><Nil N="ApplicationArguments" /></MS></Obj>',
    );
  });

  test('enums, TN then TNRef for the same type names, RefIds counted from 0', () => {
    const body = new PSObject({
      extended: {
        A: psEnum('System.Threading.ApartmentState', 'MTA', 1),
        B: psEnum('System.Threading.ApartmentState', 'STA', 0),
      },
    });
    expect(serialize(body)).toBe(
      '<Obj RefId="0"><MS>' +
        '<Obj N="A" RefId="1"><TN RefId="0"><T>System.Threading.ApartmentState</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>MTA</ToString><I32>1</I32></Obj>' +
        '<Obj N="B" RefId="2"><TNRef RefId="0" /><ToString>STA</ToString><I32>0</I32></Obj>' +
        '</MS></Obj>',
    );
    expect(() => psEnum('X', 'Y', 2 ** 40)).toThrow(ClixmlValueError);
  });

  test('arrays become object[] with LST, Maps Hashtable with DCT', () => {
    expect(serialize([1, 'a'])).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST><I32>1</I32><S>a</S></LST></Obj>',
    );
    expect(serialize([])).toBe('<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST /></Obj>');
    // Strings in a row, between other items, first and last, empty and escaped.
    expect(serialize(['a', 'b', 1, '', 'c<', null, 'd', [], 'e'])).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST>' +
        '<S>a</S><S>b</S><I32>1</I32><S></S><S>c&lt;</S><Nil /><S>d</S>' +
        '<Obj RefId="1"><TNRef RefId="0" /><LST /></Obj><S>e</S></LST></Obj>',
    );
    expect(serialize(new Map<PsValue, PsValue>([['k', 1]]))).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT><En><S N="Key">k</S><I32 N="Value">1</I32></En></DCT></Obj>',
    );
    expect(serialize(new PSDictionary())).toContain('<DCT />');
  });

  test('a PSObject keeps TN, ToString, base value, Props and MS in PowerShell order', () => {
    const point = new PSObject({
      typeNames: ['System.Drawing.Point', 'System.ValueType', 'System.Object'],
      toStringValue: '{X=10,Y=20}',
      adapted: { X: 10, Y: 20 },
      extended: { 'Note_x': 'n', Set: new PSMemberSet({ P: 1 }) },
    });
    expect(serialize(point)).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Drawing.Point</T><T>System.ValueType</T><T>System.Object</T></TN>' +
        '<ToString>{X=10,Y=20}</ToString><Props><I32 N="X">10</I32><I32 N="Y">20</I32></Props>' +
        '<MS><S N="Note_x005F_x">n</S><MS N="Set"><I32 N="P">1</I32></MS></MS></Obj>',
    );
  });

  test('the base value of a stack or queue is written as STK / QUE', () => {
    const stack = new PSObject({ typeNames: ['Deserialized.System.Collections.Stack', 'Deserialized.System.Object'], baseValue: [3, 2, 1] });
    expect(serialize(stack)).toContain('<STK><I32>3</I32><I32>2</I32><I32>1</I32></STK>');
    const queue = new PSObject({ typeNames: ['System.Collections.Queue', 'System.Object'], baseValue: [1] });
    expect(serialize(queue)).toContain('<QUE><I32>1</I32></QUE>');
  });

  test('the same object twice is a Ref; cycles terminate', () => {
    const shared = new PSObject({ extended: { a: 1 } });
    expect(serialize([shared, shared])).toContain('<Obj RefId="1"><MS><I32 N="a">1</I32></MS></Obj><Ref RefId="1" />');
    const cyclic = new PSObject();
    cyclic.extended.self = cyclic;
    expect(serialize(cyclic)).toBe('<Obj RefId="0"><MS><Ref N="self" RefId="0" /></MS></Obj>');
    const array: PsValue[] = [];
    array.push(array);
    const roundTripped = deserialize(serialize(array)) as PSObject;
    expect((roundTripped.baseValue as PsValue[])[0]).toBe(roundTripped);
  });

  test('progress records', () => {
    const record = new PSProgressRecord({ activity: 'a', activityId: 1, currentOperation: 'op', statusDescription: 's' });
    expect(serialize(record)).toBe('<PR><AV>a</AV><AI>1</AI><S>op</S><PI>-1</PI><PC>-1</PC><T>Processing</T><SR>-1</SR><SD>s</SD></PR>');
    expect(deserialize(serialize(record))).toStrictEqual(record);
    expect(() => serialize(new PSProgressRecord({ activityId: 1.5 }))).toThrow(ClixmlSerializeError);
  });

  test('values with no CLIXML form are ClixmlSerializeErrors that name the path', () => {
    const bad = new PSObject({ extended: { list: [1, Symbol('x') as unknown as PsValue] } });
    expect(() => serialize(bad)).toThrow(ClixmlSerializeError);
    expect(() => serialize(bad)).toThrow('at $.list[1]');
    expect(() => serialize(new (class Point {})() as unknown as PsValue)).toThrow(/has no CLIXML form/);
    expect(() => serialize(new Set([1]) as unknown as PsValue)).toThrow(ClixmlSerializeError);
    expect(() => serialize(2n ** 63n)).toThrow(/UInt64/);
    expect(() => serialize(new PSMemberSet())).toThrow(ClixmlSerializeError);
    expect(() => serialize(new PSObject({ adapted: { s: new PSMemberSet() } }))).toThrow(ClixmlSerializeError);
    expect(() => serialize(new Date(Number.NaN))).toThrow(ClixmlValueError);
  });

  test('maxDepth stops runaway nesting', () => {
    let deep: PsValue = 'leaf';
    for (let level = 0; level < 150; level++) deep = [deep];
    expect(() => serialize(deep)).toThrow(ClixmlLimitError);
    expect(deserialize(serialize(deep, { maxDepth: 200 }), { maxDepth: 400 })).toBeInstanceOf(PSObject);
  });

  test('serializeDocument writes an Export-Clixml style document', () => {
    const shared = new PSObject({ extended: { a: 1 } });
    const text = serializeDocument(['x', shared, shared]);
    expect(text).toBe(
      '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S>x</S><Obj RefId="0"><MS><I32 N="a">1</I32></MS></Obj><Ref RefId="0" /></Objs>',
    );
    const [, first, second] = deserializeDocument(text);
    expect(second).toBe(first);
  });
});
