import { describe, expect, test } from 'vitest';
import { deserialize, deserializeDocument, deserializeDocumentEntries } from './deserialize.js';
import { ClixmlLimitError, ClixmlParseError, ClixmlReferenceError, ClixmlValueError } from './errors.js';
import { PSChar } from './values/ps-char.js';
import { PSDateTime } from './values/ps-date-time.js';
import { PSDecimal } from './values/ps-decimal.js';
import { PSGuid } from './values/ps-guid.js';
import { PSNumber } from './values/ps-number.js';
import { PSDictionary, PSMemberSet, PSObject } from './values/ps-object.js';
import { PSProgressRecord } from './values/ps-progress-record.js';
import { PSSecureString, PSScriptBlock, PSUri, PSXmlDocument } from './values/ps-text-values.js';
import type { PsValue } from './value.js';
import { PSTimeSpan } from './values/ps-time-span.js';
import { PSVersion } from './values/ps-version.js';

function asObject(xml: string): PSObject {
  const value = deserialize(xml);
  expect(value).toBeInstanceOf(PSObject);
  return value as PSObject;
}

describe('primitives (MS-PSRP 2.2.5.1)', () => {
  test.each([
    ['<S>This is a string</S>', 'This is a string'],
    ['<S></S>', ''],
    ['<S />', ''],
    ['<S>  spaced\n</S>', '  spaced\n'],
    ['<S>a&lt;b&gt;c&amp;_x000A_</S>', 'a<b>c&\n'],
    ['<B>true</B>', true],
    ['<B>false</B>', false],
    ['<B> 1 </B>', true],
    ['<By>254</By>', 254],
    ['<SB>-127</SB>', -127],
    ['<U16>65535</U16>', 65535],
    ['<I16>-32767</I16>', -32767],
    ['<U32>4294967295</U32>', 4294967295],
    ['<I32>-2147483648</I32>', -2147483648],
    ['<I32> +7 </I32>', 7],
    ['<I32>-0</I32>', 0],
    ['<U64>18446744073709551615</U64>', 18446744073709551615n],
    ['<I64>-9223372036854775808</I64>', -9223372036854775808n],
    ['<Sg>12.34</Sg>', 12.34],
    ['<Db>12.34</Db>', 12.34],
    ['<Db>1.7976931348623157E+308</Db>', 1.7976931348623157e308],
    ['<Db>-1E-05</Db>', -0.00001],
    ['<Db>INF</Db>', Number.POSITIVE_INFINITY],
    ['<Db>-INF</Db>', Number.NEGATIVE_INFINITY],
    ['<Sg>NaN</Sg>', Number.NaN],
    ['<Nil />', null],
  ])('%s', (xml, expected) => {
    expect(deserialize(xml)).toStrictEqual(expected);
  });

  test('wrapper types', () => {
    expect(deserialize('<C>97</C>')).toStrictEqual(new PSChar(97));
    expect(String(deserialize('<C>97</C>'))).toBe('a');
    expect(deserialize('<D>12.34</D>')).toStrictEqual(new PSDecimal('12.34'));
    expect(deserialize('<BA>AQIDBA==</BA>')).toStrictEqual(new Uint8Array([1, 2, 3, 4]));
    expect(deserialize('<G>792e5b37-4505-47ef-b7d2-8711bb7affa8</G>')).toStrictEqual(new PSGuid('792e5b37-4505-47ef-b7d2-8711bb7affa8'));
    expect(deserialize('<URI>http://www.microsoft.com/</URI>')).toStrictEqual(new PSUri('http://www.microsoft.com/'));
    expect(deserialize('<Version>6.2.1.3</Version>')).toStrictEqual(new PSVersion(6, 2, 1, 3));
    expect(deserialize('<XD>&lt;name attribute="value"&gt;Content&lt;/name&gt;</XD>')).toStrictEqual(
      new PSXmlDocument('<name attribute="value">Content</name>'),
    );
    expect(deserialize('<SBK>get-command -type cmdlet</SBK>')).toStrictEqual(new PSScriptBlock('get-command -type cmdlet'));
    expect(deserialize('<SS>\n  AQID\n</SS>')).toStrictEqual(new PSSecureString('AQID'));
    const timeSpan = deserialize('<TS>PT9.0269026S</TS>') as PSTimeSpan;
    expect(timeSpan).toBeInstanceOf(PSTimeSpan);
    expect(timeSpan.ticks).toBe(90_269_026n);
    const dateTime = deserialize('<DT>2008-04-11T10:42:32.2731993-07:00</DT>') as PSDateTime;
    expect(dateTime).toBeInstanceOf(PSDateTime);
    expect(dateTime.toISOString()).toBe('2008-04-11T17:42:32.273Z');
    expect(dateTime.toClixml()).toBe('2008-04-11T10:42:32.2731993-07:00');
  });

  test('preserveNumberTypes keeps the wire type of every number but I32 and I64', () => {
    const options = { preserveNumberTypes: true };
    expect(deserialize('<U32>7</U32>', options)).toStrictEqual(PSNumber.uint32(7));
    expect(deserialize('<By>7</By>', options)).toStrictEqual(PSNumber.byte(7));
    expect(deserialize('<Db>2</Db>', options)).toStrictEqual(PSNumber.double(2));
    expect(deserialize('<U64>7</U64>', options)).toStrictEqual(PSNumber.uint64(7n));
    expect(deserialize('<I32>7</I32>', options)).toBe(7);
    expect(deserialize('<I64>7</I64>', options)).toBe(7n);
  });

  test.each([
    '<I32>abc</I32>', '<I32>2147483648</I32>', '<I32></I32>', '<I32>1.5</I32>', '<By>256</By>', '<SB>-129</SB>',
    '<U16>-1</U16>', '<U32>4294967296</U32>', '<U64>-1</U64>', '<I64>9223372036854775808</I64>', '<Db>1e999</Db>',
    '<Db>0x10</Db>', '<Db>Infinity</Db>', '<B>yes</B>', '<C>65536</C>', '<D>1e5</D>', '<BA>A===</BA>', '<BA>*</BA>',
    '<G>not-a-guid</G>', '<Version>1</Version>', '<Version>1.2.3.4.5</Version>', '<Version>1.99999999999</Version>',
    '<DT>2008-02-30T00:00:00Z</DT>', '<DT>yesterday</DT>', '<DT>2008-01-01T00:00:00+15:00</DT>', '<TS>P</TS>',
    '<TS>PT</TS>', '<TS>1 day</TS>', '<TS>P99999999999999999999D</TS>',
  ])('%s is a ClixmlValueError', (xml) => {
    expect(() => deserialize(xml)).toThrow(ClixmlValueError);
  });
});

describe('objects (MS-PSRP 2.2.5.2)', () => {
  test('a message body: extended properties in <MS>, no type names', () => {
    const value = asObject('<Obj RefId="0"><MS><I32 N="MinRunspaces">1</I32><Nil N="ApplicationArguments" /></MS></Obj>');
    expect(value.typeNames).toEqual([]);
    expect(value.toStringValue).toBeNull();
    expect(value.extended).toStrictEqual(Object.assign(Object.create(null), { MinRunspaces: 1, ApplicationArguments: null }));
    expect(value.baseValue).toBeUndefined();
  });

  test('enums: type-name chain, ToString and the underlying I32', () => {
    const value = asObject(
      '<Obj RefId="0"><TN RefId="0"><T>System.ConsoleColor</T><T>System.Enum</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>Blue</ToString><I32>9</I32></Obj>',
    );
    // As PowerShell's deserializer presents them (it adds `Deserialized.`), and as the sender wrote them.
    expect(value.typeNames).toEqual([
      'Deserialized.System.ConsoleColor', 'Deserialized.System.Enum', 'Deserialized.System.ValueType', 'Deserialized.System.Object',
    ]);
    expect(value.originalTypeNames).toEqual(['System.ConsoleColor', 'System.Enum', 'System.ValueType', 'System.Object']);
    expect(value.isDeserialized).toBe(true);
    expect(value.toStringValue).toBe('Blue');
    expect(value.baseValue).toBe(9);
    expect(value.toJSON()).toBe('Blue');
    expect(String(value)).toBe('Blue');
    expect(value.valueOf()).toBe(9);
  });

  test('Props are adapted, MS extended; get() looks in extended first', () => {
    const value = asObject(
      '<Obj RefId="0"><Props><I32 N="X">10</I32><S N="Both">adapted</S></Props><MS><S N="Both">extended</S><S N="Note">n</S></MS></Obj>',
    );
    expect(value.adapted.X).toBe(10);
    expect(value.extended.Note).toBe('n');
    expect(value.get('Both')).toBe('extended');
    expect(value.get('X')).toBe(10);
    expect(value.get('Missing')).toBeUndefined();
    expect(value.get('toString')).toBeUndefined();
  });

  test('property names are unescaped and may be any text, including __proto__', () => {
    const value = asObject('<Obj RefId="0"><MS><S N="a_x000A_b">1</S><S N="__proto__">2</S><S N="&lt;&amp;&gt;">3</S></MS></Obj>');
    expect(Object.keys(value.extended)).toEqual(['a\nb', '__proto__', '<&>']);
    expect(value.get('__proto__')).toBe('2');
    expect(Object.getPrototypeOf(Object.getPrototypeOf(value.extended))).toBeNull();
    expect(Object.keys(Object.getPrototypeOf(value.extended) as object)).toEqual([]);
  });

  test('TNRef reuses an earlier TN; each object gets its own copy of the list', () => {
    const list = asObject(
      '<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Array</T><T>System.Object</T></TN><LST>' +
        '<Obj RefId="1"><TN RefId="1"><T>System.Drawing.Point</T><T>System.ValueType</T><T>System.Object</T></TN><ToString>{X=12,Y=34}</ToString></Obj>' +
        '<Obj RefId="2"><TNRef RefId="1" /><ToString>{X=56,Y=78}</ToString></Obj></LST></Obj>',
    );
    const [first, second] = list.baseValue as PSObject[];
    expect(second?.typeNames).toEqual(['Deserialized.System.Drawing.Point', 'Deserialized.System.ValueType', 'Deserialized.System.Object']);
    expect(second?.originalTypeNames).toEqual(['System.Drawing.Point', 'System.ValueType', 'System.Object']);
    expect(second?.typeNames).not.toBe(first?.typeNames);
  });

  test('Ref returns the same instance as the earlier Obj', () => {
    const list = asObject('<Obj RefId="0"><LST><Obj RefId="1"><MS><I32 N="x">1</I32></MS></Obj><Ref RefId="1" /></LST></Obj>');
    const [first, second] = list.baseValue as PSObject[];
    expect(second).toBe(first);
  });

  test('a Ref to an enclosing object makes a cycle, and toJSON cuts it', () => {
    const value = asObject('<Obj RefId="0"><MS><Ref N="Self" RefId="0" /></MS></Obj>');
    expect(value.get('Self')).toBe(value);
    expect(value.toJSON()).toEqual({ Self: '[Circular]' });
  });

  test('Ref and TNRef to unknown ids are ClixmlReferenceErrors (no forward references)', () => {
    expect(() => deserialize('<Obj RefId="0"><LST><Ref RefId="1" /><Obj RefId="1" /></LST></Obj>')).toThrow(ClixmlReferenceError);
    expect(() => deserialize('<Obj RefId="0"><TNRef RefId="0" /></Obj>')).toThrow(ClixmlReferenceError);
    expect(() => deserialize('<Ref RefId="0" />')).toThrow(ClixmlReferenceError);
  });

  test('extended primitive: a string with notes', () => {
    const value = asObject('<Obj RefId="RefId-0"><S>This is a string</S><MS><S N="Note1">My note</S></MS></Obj>');
    expect(value.baseValue).toBe('This is a string');
    expect(value.get('Note1')).toBe('My note');
  });

  test('containers: LST, IE, STK, QUE become arrays, DCT a PSDictionary with any keys', () => {
    for (const tag of ['LST', 'IE', 'STK', 'QUE']) {
      expect(asObject(`<Obj RefId="0"><${tag}><I32>3</I32><I32>2</I32></${tag}></Obj>`).baseValue).toEqual([3, 2]);
    }
    const dictionary = asObject(
      '<Obj RefId="0"><DCT><En><S N="Key">key2</S><I32 N="Value">2</I32></En><En><I32 N="Key">1</I32><Nil N="Value" /></En></DCT></Obj>',
    ).baseValue as PSDictionary;
    expect(dictionary).toBeInstanceOf(PSDictionary);
    expect([...dictionary]).toEqual([['key2', 2], [1, null]]);
    expect(deserialize('<LST><S>a</S><LST /></LST>')).toEqual(['a', []]);
    expect(deserialize('<DCT />')).toStrictEqual(new PSDictionary());
  });

  test('nested <MS N=...> is a property set', () => {
    const value = asObject('<Obj RefId="0"><MS><S N="P1">a</S><MS N="Set1"><S N="P3">c</S></MS></MS></Obj>');
    const set = value.get('Set1') as PSMemberSet;
    expect(set).toBeInstanceOf(PSMemberSet);
    expect(set.members.P3).toBe('c');
  });

  test('progress records (<PR>)', () => {
    const record = deserialize(
      '<PR N="Record"><AV>Preparing modules for first use.</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Completed</T><SR>-1</SR><SD>status_x000A_</SD></PR>',
    );
    expect(record).toStrictEqual(
      new PSProgressRecord({
        activity: 'Preparing modules for first use.',
        activityId: 0,
        currentOperation: null,
        parentActivityId: -1,
        percentComplete: -1,
        recordType: 'Completed',
        secondsRemaining: -1,
        statusDescription: 'status\n',
      }),
    );
    expect((deserialize('<PR><AV>a</AV><AI>1</AI><S>op</S></PR>') as PSProgressRecord).currentOperation).toBe('op');
    expect(() => deserialize('<PR><AI>x</AI></PR>')).toThrow(ClixmlValueError);
    expect(() => deserialize('<PR><S>a</S><S>b</S></PR>')).toThrow(ClixmlParseError);
  });

  test('whitespace between elements (pretty-printed documents) is ignored', () => {
    const value = asObject('<Obj RefId="0">\n  <MS>\n    <I32 N="a">1</I32>\n  </MS>\n</Obj>\n');
    expect(value.get('a')).toBe(1);
  });

  test.each([
    ['<Obj><MS><S>no name</S></MS></Obj>', 'has no N attribute'],
    ['<Obj><I32>1</I32><I32>2</I32></Obj>', 'more than one base value'],
    ['<Obj><I32>1</I32><I32>2</I32></Obj>', 'more than one base value'],
    ['<Obj><MS>text</MS></Obj>', 'text is not allowed'],
    ['<S><I32>1</I32></S>', 'cannot contain elements'],
    ['<Nil>x</Nil>', 'text is not allowed'],
    ['<Obj><TN RefId="0"><Bogus/></TN></Obj>', 'not allowed inside <TN>'],
    ['<TN RefId="0"/>', 'only allowed inside <Obj>'],
    ['<Obj><ToString><S/></ToString></Obj>', 'cannot contain elements'],
    ['<LST><T>x</T></LST>', 'only allowed inside <TN> or <PR>'],
    ['<DCT><S>x</S></DCT>', 'not allowed inside <DCT>'],
    ['<DCT><En><S N="Key">k</S></En></DCT>', 'needs a Key and a Value'],
    ['<DCT><En><S N="Key">k</S><S N="Key">k</S></En></DCT>', 'N="Key" or N="Value" once each'],
    ['<En/>', 'only allowed inside <DCT>'],
    ['<Ref />', 'without a RefId'],
    ['<Obj><MS><MS><S N="a">1</S></MS></MS></Obj>', 'needs an N attribute'],
    ['<Objs><S>x</S></Objs>', 'deserializeDocument'],
    ['<DCT><Bogus/></DCT>', 'not allowed inside <DCT>'],
  ])('structure error: %s', (xml, message) => {
    expect(() => deserialize(xml)).toThrow(ClixmlParseError);
    expect(() => deserialize(xml)).toThrow(message);
  });

  test('a UTF-8 BOM decoded into U+FEFF is skipped', () => {
    expect(deserialize('\ufeff<S>x</S>')).toBe('x');
  });
});

describe('limits', () => {
  test('maxInputLength', () => {
    expect(() => deserialize('<S>12345</S>', { maxInputLength: 11 })).toThrow(ClixmlLimitError);
    expect(deserialize('<S>12345</S>', { maxInputLength: 12 })).toBe('12345');
  });

  test('maxStringLength counts text after decoding, across CDATA pieces', () => {
    expect(deserialize('<S>&amp;&amp;</S>', { maxStringLength: 2 })).toBe('&&');
    expect(() => deserialize('<S>abc</S>', { maxStringLength: 2 })).toThrow(ClixmlLimitError);
    expect(() => deserialize('<S>ab<![CDATA[c]]></S>', { maxStringLength: 2 })).toThrow(/maxStringLength/);
  });

  test('type names copied by TNRef count against maxElements', () => {
    const typeNames = '<T>x</T>'.repeat(50);
    const objects = '<Obj><TNRef RefId="0" /></Obj>'.repeat(100);
    const input = `<LST><Obj><TN RefId="0">${typeNames}</TN></Obj>${objects}</LST>`;
    expect(() => deserialize(input, { maxElements: 1000 })).toThrow(ClixmlLimitError);
    expect(deserialize(input, { maxElements: 10_000 })).toHaveLength(101);
  });

  test('large inputs are read in one pass (an entity at the very end)', () => {
    const count = 400_000;
    const input = `<LST>${'<S N="n">a</S>'.repeat(count)}<S>&amp;</S></LST>`;
    const value = deserialize(input) as string[];
    expect(value).toHaveLength(count + 1);
    expect(value[count]).toBe('&');
  });

  test('the reader is iterative: with maxDepth raised, 100,000 levels still read without a stack overflow', () => {
    const depth = 100_000;
    let value = deserialize('<LST>'.repeat(depth) + '</LST>'.repeat(depth), { maxDepth: depth });
    let levels = 0;
    while (Array.isArray(value) && value.length > 0) {
      value = value[0] as PsValue;
      levels++;
    }
    expect(levels).toBe(depth - 1);
  });

  test('maxDepth and maxElements', () => {
    const nested = '<Obj N="a"><MS>'.repeat(60) + '</MS></Obj>'.repeat(60);
    expect(deserialize(nested)).toBeInstanceOf(PSObject);
    expect(() => deserialize(nested, { maxDepth: 100 })).toThrow(ClixmlLimitError);
    expect(deserialize(nested, { maxDepth: 120 })).toBeInstanceOf(PSObject);
    expect(() => deserialize(`<LST>${'<Nil/>'.repeat(5)}</LST>`, { maxElements: 5 })).toThrow(/maxElements/);
  });
});

describe('deserializeDocument', () => {
  const document =
    '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">' +
    '<Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN><MS><I64 N="SourceId">1</I64></MS></Obj>' +
    '<Obj S="progress" RefId="1"><TNRef RefId="0"/><MS><I64 N="SourceId">2</I64></MS></Obj>' +
    '<S S="Error">oops_x000D__x000A_</S><I32>5</I32></Objs>';

  test('reads every top-level value after the #< CLIXML line', () => {
    const values = deserializeDocument(document);
    expect(values).toHaveLength(4);
    expect((values[1] as PSObject).originalTypeNames).toEqual(['System.Management.Automation.PSCustomObject', 'System.Object']);
    expect(values.slice(2)).toEqual(['oops\r\n', 5]);
  });

  test('entries keep the stream names', () => {
    expect(deserializeDocumentEntries(document).map((entry) => entry.stream)).toEqual(['progress', 'progress', 'Error', null]);
  });

  test('an empty document and one without the marker line', () => {
    expect(deserializeDocument('<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04" />')).toEqual([]);
    expect(deserializeDocument('<?xml version="1.0"?><Objs><S>a</S></Objs>')).toEqual(['a']);
  });

  test('the root must be <Objs>', () => {
    expect(() => deserializeDocument('<S>a</S>')).toThrow(ClixmlParseError);
    expect(() => deserializeDocument('#< CLIXML')).toThrow('no root element');
  });
});
