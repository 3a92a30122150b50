/**
 * Hostile input: misuse and invalid options are ClixmlArgumentErrors, XML 1.0's character rules hold,
 * float ranges are checked, names count toward the string limit, no markup expands, and the default
 * limits still admit the deepest structure PowerShell writes.
 */
import { describe, expect, test } from 'vitest';
import { deserialize, deserializeDocument, deserializeDocumentEntries } from './deserialize.js';
import {
  ClixmlArgumentError,
  ClixmlError,
  ClixmlForbiddenMarkupError,
  ClixmlLimitError,
  ClixmlParseError,
  ClixmlValueError,
} from './errors.js';
import { DEFAULT_MAX_DEPTH } from './limits.js';
import { serialize, serializeDocument } from './serialize.js';
import type { PsValue } from './value.js';
import { PSObject } from './values/ps-object.js';

describe('misuse', () => {
  test.each([null, undefined, 42, {}, ['<S/>'], new Uint8Array([0x3c])])('deserialize(%o) is a ClixmlArgumentError', (input) => {
    for (const read of [deserialize, deserializeDocument, deserializeDocumentEntries]) {
      expect(() => read(input as unknown as string)).toThrow(ClixmlArgumentError);
    }
    try {
      deserialize(input as unknown as string);
    } catch (error) {
      expect(error).toMatchObject({ code: 'CLIXML_ERR_ARGUMENT', argument: 'input' });
    }
  });

  test.each([Number.NaN, -1, 0, 1.5, Number.POSITIVE_INFINITY, '10', null, 2 ** 60])('a limit of %o is refused where it is set', (limit) => {
    for (const name of ['maxDepth', 'maxElements', 'maxStringLength', 'maxInputLength', 'maxRetainedReferences']) {
      expect(() => deserialize('<S/>', { [name]: limit } as object)).toThrow(ClixmlArgumentError);
      expect(() => deserialize('<S/>', { [name]: limit } as object)).toThrow(name);
    }
    expect(() => serialize(1, { maxDepth: limit as number })).toThrow(ClixmlArgumentError);
  });

  test('options that are not objects, and serializeDocument without an iterable', () => {
    expect(() => deserialize('<S/>', null as unknown as object)).toThrow(ClixmlArgumentError);
    expect(() => deserialize('<S/>', { preserveNumberTypes: 'yes' } as unknown as object)).toThrow(ClixmlArgumentError);
    expect(() => serializeDocument(null as unknown as PsValue[])).toThrow(ClixmlArgumentError);
    expect(deserialize('<S/>', { maxDepth: 1 })).toBe('');
  });
});

describe("XML 1.0's character rules", () => {
  test.each([
    ['raw U+0000', '<S>a\u0000b</S>', 4],
    ['raw U+0001', '<S>a\u0001b</S>', 4],
    ['raw U+001F in an attribute', '<S N="\u001f">x</S>', 6],
    ['raw U+FFFE', '<S>\ufffe</S>', 3],
    ['raw U+FFFF', '<S>\uffff</S>', 3],
    ['raw lone high surrogate', '<S>a\ud800b</S>', 4],
    ['raw lone low surrogate', '<S>\udc00</S>', 3],
    ['raw reversed pair', '<S>\udc00\ud800</S>', 3],
    ['lone surrogate at the very end', '<S/>\ud800', 4],
    ['raw control in a name', '<S\u0002/>', 2],
  ])('%s is refused (as PowerShell refuses it)', (_, xml, offset) => {
    expect(() => deserialize(xml)).toThrow(ClixmlParseError);
    try {
      deserialize(xml);
    } catch (error) {
      expect((error as ClixmlParseError).offset).toBe(offset);
      expect((error as Error).message).toMatch(/U\+[0-9A-F]{4} is not allowed in XML/);
    }
  });

  test.each(['&#0;', '&#x0;', '&#xD800;', '&#xDFFF;', '&#x110000;', '&#1;', '&#x1F;'])(
    'the character reference %s is refused (PowerShell 7 accepts it, XML 1.0 does not; PowerShell never writes one)',
    (reference) => {
      expect(() => deserialize(`<S>a${reference}b</S>`)).toThrow(ClixmlParseError);
      expect(() => deserialize(`<S N="${reference}">x</S>`)).toThrow(ClixmlParseError);
    },
  );

  test('references to U+FFFE and U+FFFF are read: PowerShell\'s remoting serializer writes them so (real pwsh: the client\'s scenarios)', () => {
    expect(deserialize('<S>a&#xFFFE;b&#xffff;c&#65534;</S>')).toBe('a\ufffeb\uffffc\ufffe');
    const object = deserialize('<Obj RefId="0"><MS><I32 N="k&#xFFFE;">1</I32></MS></Obj>') as PSObject;
    expect(Object.keys(object.extended)).toEqual(['k\ufffe']);
    // Raw, they are refused as every forbidden character is (above): no PowerShell writes them raw.
    expect(() => deserialize('<S>a\ufffeb</S>')).toThrow(ClixmlParseError);
  });

  test('allowed: tab, LF, CR, valid pairs, U+FFFD, and `_x0000_` escapes (PowerShell writes those for controls)', () => {
    expect(deserialize('<S>\t\n😀\ufffd&#x9;&#x1F600;</S>')).toBe('\t\n😀\ufffd\t😀');
    expect(deserialize('<S>_x0000__xFFFE__xD800_</S>')).toBe('\u0000\ufffe\ud800');
  });
});

describe('float ranges', () => {
  test.each(['1e39', '-3.5e38', '3.4028236E+38', '1e400'])('<Sg>%s</Sg> is refused', (text) => {
    expect(() => deserialize(`<Sg>${text}</Sg>`)).toThrow(ClixmlValueError);
  });

  test.each(['1e309', '-1.8e308'])('<Db>%s</Db> is refused', (text) => {
    expect(() => deserialize(`<Db>${text}</Db>`)).toThrow(ClixmlValueError);
  });

  test('the extremes and the infinities PowerShell writes are read', () => {
    expect(deserialize('<Sg>3.4028235E+38</Sg>')).toBe(3.4028235e38);
    expect(deserialize('<Sg>1E-45</Sg>')).toBe(1e-45);
    expect(deserialize('<Sg>-INF</Sg>')).toBe(Number.NEGATIVE_INFINITY);
    expect(deserialize('<Db>1.7976931348623157E+308</Db>')).toBe(Number.MAX_VALUE);
    expect(deserialize('<Db>5E-324</Db>')).toBe(5e-324);
  });
});

describe('limits', () => {
  test('element and attribute names and attribute values count toward maxStringLength', () => {
    const limits = { maxStringLength: 64 };
    expect(() => deserialize(`<S ${'a'.repeat(2000)}="1">x</S>`, limits)).toThrow(ClixmlLimitError);
    expect(() => deserialize(`<${'S'.repeat(2000)} />`, limits)).toThrow(ClixmlLimitError);
    expect(() => deserialize(`<Obj RefId="0"><MS><S N="${'n'.repeat(2000)}">x</S></MS></Obj>`, limits)).toThrow(/maxStringLength/);
    expect(deserialize(`<Obj RefId="0"><MS><S N="${'n'.repeat(60)}">x</S></MS></Obj>`, limits)).toBeInstanceOf(PSObject);
  });

  test("the defaults admit PowerShell's deepest output: 50 nested hashtables (about 150 elements)", () => {
    let value: PsValue = 1;
    for (let level = 0; level < 50; level++) value = new Map([['x', value]]);
    const xml = serialize(value);
    expect(DEFAULT_MAX_DEPTH).toBeGreaterThanOrEqual(151);
    expect(deserialize(xml)).toBeInstanceOf(PSObject);
  });

  test('a cycle through <Ref> reads, and prints finitely', () => {
    const value = deserialize('<Obj RefId="0"><MS><Ref N="self" RefId="0" /><Obj N="list" RefId="1"><LST><Ref RefId="0" /><Ref RefId="1" /></LST></Obj></MS></Obj>') as PSObject;
    expect(value.get('self')).toBe(value);
    expect(JSON.stringify(value)).toBe('{"self":"[Circular]","list":["[Circular]","[Circular]"]}');
  });
});

describe('markup that could expand is refused before anything is read', () => {
  test.each([
    `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><S>&lol2;</S>`,
    '<!DOCTYPE S SYSTEM "file:///etc/passwd"><S>&xxe;</S>',
    '<S><!ENTITY x "y"></S>',
  ])('%s', (xml) => {
    expect(() => deserialize(xml)).toThrow(ClixmlForbiddenMarkupError);
    expect(() => deserializeDocument(xml)).toThrow(ClixmlError);
  });

  test('an undefined entity is an error, not an empty string', () => {
    expect(() => deserialize('<S>&xxe;</S>')).toThrow(/undefined entity/);
  });
});
