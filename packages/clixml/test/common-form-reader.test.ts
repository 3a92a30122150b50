/**
 * The common-form reader (deserialize's first way through a whole text) against the general reader: it reads every
 * recorded server body, each to the value the general reader makes; it gives up on what it does not take (and on
 * every error, which the general reader then reports); what it reads, the general reader reads the same. The
 * recordings come from ../shared (the test fails naming every path looked at when they are missing).
 */
import { describe, expect, test } from 'vitest';
import { ClixmlParseError, ClixmlReferenceError, ClixmlValueError, deserialize, deserializeDocument, PSObject, serialize, serializeDocument } from '../src/index.js';
import { NOT_COMMON_FORM, readCommonForm, readCommonFormDocument } from '../src/common-form-reader.js';
import { resolveDeserializeSettings } from '../src/limits.js';
import { isPropertyRecord } from '../src/values/property-record.js';
import { TEXT_UNCHECKED } from '../src/xml-chars.js';
import { recordedPsrpMessages } from '../../../test-support/recorded-messages.js';
import { checkCommonForm, checkCommonFormDocument, newClixmlFuzzTally } from './clixml-fuzz-cases.js';

const DEFAULTS = resolveDeserializeSettings(undefined);
const takes = (text: string): boolean => readCommonForm(text, DEFAULTS, TEXT_UNCHECKED) !== NOT_COMMON_FORM;

/** A list of `count` objects of one type with `properties` note properties each, as pwsh writes `[pscustomobject]` output. */
function objects(count: number, properties: number): string {
  const members = (index: number) => Array.from({ length: properties }, (_, property) => `<I32 N="P${property}">${index + property}</I32>`).join('');
  const typeNames = (index: number) =>
    index === 0 ? '<TN RefId="1"><T>System.Management.Automation.PSCustomObject</T><T>System.Object</T></TN>' : '<TNRef RefId="1" />';
  const items = Array.from({ length: count }, (_, index) => `<Obj RefId="${index + 1}">${typeNames(index)}<MS>${members(index)}</MS></Obj>`);
  return `<Obj RefId="0"><TN RefId="0"><T>System.Object[]</T><T>System.Object</T></TN><LST>${items.join('')}</LST></Obj>`;
}

describe('the common-form reader', () => {
  test('reads every recorded body (Windows PowerShell servers and pypsrp clients), to the value the general reader makes', () => {
    const bodies = [...new Set(recordedPsrpMessages().map((message) => message.body))].filter((body) => body.length > 0);
    expect(bodies.length).toBeGreaterThan(200);
    const tally = newClixmlFuzzTally();
    for (const body of bodies) checkCommonForm(body, undefined, tally);
    expect(tally.commonFormRead).toBe(bodies.length);
  });

  test.each([
    ['a primitive', '<S>hi</S>'],
    ['a BOM and whitespace around the root', '\uFEFF \n<I32>5</I32>\n'],
    ['pretty-printed objects, references and a cycle', '<Obj RefId="0">\n  <TN RefId="0">\n    <T>A</T>\n  </TN>\n  <MS>\n    <Ref N="Self" RefId="0" />\n    <S N="x_x0020_y">a_x000A_b</S>\n  </MS>\n</Obj>'],
    ['entities and a CR in text and names', '<Obj RefId="0"><MS><S N="a&amp;b">1 &lt; 2&#x1F600;\r\nx</S><S N="tab\there">t</S></MS></Obj>'],
    ['every container', '<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T></TN><ToString>t</ToString><DCT><En><S N="Key">k</S><Obj N="Value" RefId="1"><TN RefId="1"><T>Q</T></TN><QUE><I32>1</I32></QUE></Obj></En><En><I32 N="Key">2</I32><Obj N="Value" RefId="2"><IE><STK><Nil /></STK></IE></Obj></En></DCT></Obj>'],
    ['adapted and extended properties, a nested member set, a second MS', '<Obj RefId="0"><Props><B N="a">true</B></Props><MS><MS N="set"><S N="b">x</S></MS></MS><MS><Db N="c">2.5</Db></MS></Obj>'],
    ['N after RefId, as pypsrp writes it', '<Obj RefId="0"><MS><Obj RefId="1" N="o"><MS /></Obj></MS></Obj>'],
    ['self-closing elements of every kind', '<Obj RefId="0"><TN RefId="0" /><MS><S N="e" /><Obj N="o" RefId="1" /><LST N="l" /></MS></Obj>'],
    ['names that are not plain keys', '<Obj RefId="0"><MS><S N="__proto__">p</S><S N="constructor">c</S><S N="toString">t</S></MS></Obj>'],
    ['a repeated name (the last value, at the first place)', '<Obj RefId="0"><MS><I32 N="a">1</I32><I32 N="b">2</I32><I32 N="a">3</I32></MS></Obj>'],
    ['many objects of one shape (records made from a template)', objects(5, 40)],
    ['objects of more properties than a template takes', objects(3, 200)],
    ['an enum: a primitive inside an object', '<Obj RefId="0"><TN RefId="0"><T>System.ConsoleColor</T><T>System.Enum</T></TN><ToString>Red</ToString><I32>12</I32></Obj>'],
  ])('takes %s, and reads it as the general reader does', (_what, text) => {
    expect(takes(text)).toBe(true);
    checkCommonForm(text, undefined);
  });

  test.each([
    ['an XML declaration', '<?xml version="1.0"?><S>a</S>'],
    ['a comment', '<S>a<!-- c --></S>'],
    ['CDATA', '<S><![CDATA[a]]></S>'],
    ['an attribute of another name', '<Obj RefId="0" Extra="x"><MS /></Obj>'],
    ['single quotes', "<Obj RefId='0'><MS /></Obj>"],
    ['whitespace before the end of a tag', '<S >a</S >'],
    ['an element of a newer serializer', '<Obj RefId="0"><Future>x</Future></Obj>'],
    ['a progress record', '<PR><AV>a</AV><AI>0</AI><Nil /><PI>-1</PI><PC>-1</PC><T>Processing</T><SR>-1</SR><SD>d</SD></PR>'],
    ['a RefId with a leading zero', '<Obj RefId="01"><MS /></Obj>'],
    ['a RefId of ten digits', '<Obj RefId="1234567890"><MS /></Obj>'],
    ['a RefId that is no number', '<Obj RefId="a"><TN RefId="-1"><T>X</T></TN><MS /></Obj>'],
    ['an empty RefId', '<Obj RefId=""><MS /></Obj>'],
  ])('gives up on %s, which the general reader reads', (_what, text) => {
    expect(takes(text)).toBe(false);
    expect(() => deserialize(text)).not.toThrow();
  });

  test('reads RefIds as PowerShell writes them as numbers, and leaves texts that only look alike to the general reader', () => {
    const shared = (refId: string, reference: string): string =>
      `<Obj RefId="0"><MS><Obj N="a" RefId="${refId}"><TN RefId="${refId}"><T>X</T></TN><MS /></Obj><Ref N="b" RefId="${reference}" /><Obj N="c" RefId="7"><TNRef RefId="${refId}" /><MS /></Obj></MS></Obj>`;
    const read = deserialize(shared('123456789', '123456789')) as PSObject;
    expect(takes(shared('123456789', '123456789'))).toBe(true);
    expect(read.extended.b).toBe(read.extended.a);
    expect((read.extended.c as PSObject).typeNames).toEqual(['Deserialized.X']);
    // "01" and "1" are different RefIds: the reference finds nothing.
    expect(() => deserialize(shared('01', '1'))).toThrow(ClixmlReferenceError);
    expect(() => deserialize(shared('1', '01'))).toThrow(ClixmlReferenceError);
  });

  test.each([
    ['a value that is no number', '<I32>x</I32>', ClixmlValueError],
    ['a reference to nothing', '<Ref RefId="9" />', ClixmlReferenceError],
    ['mismatched tags', '<S>a</B>', ClixmlParseError],
    ['a second root', '<S>a</S><S>b</S>', ClixmlParseError],
    ['a document (deserializeDocument reads those)', '<Objs Version="1.1.0.1"><S>a</S></Objs>', ClixmlParseError],
    ['text between elements', '<Obj RefId="0">x<MS /></Obj>', ClixmlParseError],
    ['a property without a name', '<Obj RefId="0"><MS><S>a</S></MS></Obj>', ClixmlParseError],
    ['a character XML does not allow', '<S>\u0001</S>', ClixmlParseError],
  ])('gives up on %s: the general reader reports it', (_what, text, errorClass) => {
    expect(takes(text)).toBe(false);
    expect(() => deserialize(text)).toThrow(errorClass);
  });

  test('gives up at a limit, which the general reader then reports', () => {
    const nested = (levels: number) => `${'<LST>'.repeat(levels)}${'</LST>'.repeat(levels)}`;
    expect(readCommonForm(nested(5), resolveDeserializeSettings({ maxDepth: 4 }), TEXT_UNCHECKED)).toBe(NOT_COMMON_FORM);
    expect(() => deserialize(nested(5), { maxDepth: 4 })).toThrow(/maxDepth/);
    expect(readCommonForm(objects(3, 10), resolveDeserializeSettings({ maxElements: 20 }), TEXT_UNCHECKED)).toBe(NOT_COMMON_FORM);
    expect(() => deserialize(objects(3, 10), { maxElements: 20 })).toThrow(/maxElements/);
    expect(readCommonForm('<S>abcdef</S>', resolveDeserializeSettings({ maxStringLength: 5 }), TEXT_UNCHECKED)).toBe(NOT_COMMON_FORM);
    expect(() => deserialize('<S>abcdef</S>', { maxStringLength: 5 })).toThrow(/maxStringLength/);
  });

  test('a <TN> list met again is taken whole and shared, and meets the limits its <T>s would', () => {
    const body = '<Obj RefId="0"><TN RefId="0"><T>My.Remembered.Type</T><T>System.Object</T></TN><MS><I32 N="x">1</I32></MS></Obj>';
    const first = deserialize(body) as PSObject;
    const second = deserialize(body) as PSObject;
    expect(second).toEqual(first);
    expect(second.typeNames).toEqual(['Deserialized.My.Remembered.Type', 'Deserialized.System.Object']);
    // The list read the second time is the one remembered, shared from then on; every list read is frozen.
    expect(first.originalTypeNames).not.toBe(second.originalTypeNames);
    expect((deserialize(body) as PSObject).originalTypeNames).toBe(second.originalTypeNames);
    expect(Object.isFrozen(first.originalTypeNames)).toBe(true);
    expect(Object.isFrozen(second.originalTypeNames)).toBe(true);
    // Each object still has type names of its own to change.
    second.typeNames.push('Added');
    expect((deserialize(body) as PSObject).typeNames).toHaveLength(2);
    // A <TNRef> to a list taken whole.
    const list = deserialize(`<Obj RefId="9"><LST>${body}${body.replace('<TN RefId="0">', '<TN RefId="1">').replace(/<TN RefId="1">.*<\/TN>/, '<TNRef RefId="0" />')}</LST></Obj>`) as PSObject;
    expect((list.baseValue as PSObject[]).map((item) => item.typeNames)).toEqual([second.typeNames.slice(0, 2), second.typeNames.slice(0, 2)]);
    // Obj, TN, two T, MS, I32: six elements, the <T>s at depth 3, each of 13 or 18 characters.
    expect(deserialize(body, { maxElements: 6, maxDepth: 3, maxStringLength: 40 })).toEqual(first);
    for (const [limit, options] of [
      ['maxElements', { maxElements: 5 }],
      ['maxDepth', { maxDepth: 2 }],
      ['maxStringLength', { maxStringLength: 17 }],
    ] as const) {
      expect(readCommonForm(body, resolveDeserializeSettings(options), TEXT_UNCHECKED)).toBe(NOT_COMMON_FORM);
      expect(() => deserialize(body, options)).toThrow(new RegExp(limit));
    }
  });

  test('records made from a template are records like any other', () => {
    const text = objects(4, 40);
    const first = deserialize(text) as PSObject;
    const second = deserialize(text) as PSObject;
    for (const list of [first.baseValue, second.baseValue] as PSObject[][]) {
      for (const item of list) {
        expect(isPropertyRecord(item.extended)).toBe(true);
        expect(Object.keys(item.extended)).toEqual(Array.from({ length: 40 }, (_, index) => `P${index}`));
        item.extended.added = 'x';
        expect(Object.getPrototypeOf(item.extended)).not.toBe(Object.prototype);
      }
    }
    // Each object has a record of its own.
    expect((first.baseValue as PSObject[])[0]!.extended).not.toBe((first.baseValue as PSObject[])[1]!.extended);
    expect(serialize(first)).toContain('<S N="added">x</S>');
  });

  describe('documents', () => {
    const takesDocument = (text: string): boolean => readCommonFormDocument(text, DEFAULTS, TEXT_UNCHECKED) !== NOT_COMMON_FORM;
    const exported = (body: string) => `\uFEFF<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">\r\n  ${body}\r\n</Objs>`;

    test.each([
      ['Export-Clixml of values', exported('<S>a</S>\r\n  <Obj RefId="0">\r\n    <TN RefId="0"><T>A</T></TN>\r\n    <MS><I32 N="x">1</I32></MS>\r\n  </Obj>\r\n  <Ref RefId="0" />')],
      ['an empty document', '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04" />'.replace(' />', '></Objs>')],
      ['what serializeDocument writes', serializeDocument([1, 'two', { three: 3 }, [4]])],
    ])('takes %s, and reads it as the general reader does', (_what, text) => {
      expect(takesDocument(text)).toBe(true);
      checkCommonFormDocument(text, undefined);
    });

    test.each([
      ["stderr's form (#< CLIXML, stream names)", '#< CLIXML\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">oops_x000D__x000A_</S></Objs>'],
      ['two documents in a row', '<Objs Version="1.1.0.1"><S>a</S></Objs><Objs Version="1.1.0.1"><S>b</S></Objs>'],
      ['other attributes on <Objs>', '<Objs xmlns="http://schemas.microsoft.com/powershell/2004/04" Version="1.1.0.1"><S>a</S></Objs>'],
    ])('gives up on %s, which the general reader reads', (_what, text) => {
      expect(takesDocument(text)).toBe(false);
      expect(deserializeDocument(text).length).toBeGreaterThan(0);
    });

    test('gives up on a value outside <Objs>, and on <Objs> where one value is read', () => {
      expect(takesDocument('<S>a</S>')).toBe(false);
      expect(() => deserializeDocument('<S>a</S>')).toThrow(ClixmlParseError);
      expect(takes('<Objs Version="1.1.0.1"><S>a</S></Objs>')).toBe(false);
    });
  });
});
