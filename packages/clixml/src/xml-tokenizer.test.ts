import { describe, expect, test } from 'vitest';
import { ClixmlForbiddenMarkupError, ClixmlLimitError, ClixmlParseError } from './errors.js';
import { TOKEN_END, TOKEN_END_TAG, TOKEN_MORE, TOKEN_START_TAG, TOKEN_TEXT, XmlTokenizer } from './xml-tokenizer.js';

const LIMITS = { maxDepth: 100, maxElements: 1000 };

/** The token stream as readable strings: `<name a=v>`, `</name>`, `"text"`. */
function tokens(input: string, limits = LIMITS): string[] {
  const tokenizer = XmlTokenizer.of(input, { maxStringLength: 1 << 24, ...limits });
  const out: string[] = [];
  for (;;) {
    const kind = tokenizer.next();
    if (kind === TOKEN_END) return out;
    if (kind === TOKEN_START_TAG) {
      const attributes = tokenizer.attributeNames.slice(0, tokenizer.attributeCount).map((name, index) => ` ${name}=${tokenizer.attributeValues[index]}`);
      out.push(`<${tokenizer.tagName}${attributes.join('')}>`);
    } else if (kind === TOKEN_END_TAG) {
      out.push(`</${tokenizer.tagName}>`);
    } else if (kind === TOKEN_TEXT) {
      out.push(JSON.stringify(tokenizer.text));
    }
  }
}

describe('XmlTokenizer', () => {
  test('elements, attributes, text; self-closing tags give a start and an end token', () => {
    expect(tokens('<Obj RefId="0" N=\'x\'><S>hi</S><Nil /><Nil/></Obj>')).toEqual([
      '<Obj RefId=0 N=x>', '<S>', '"hi"', '</S>', '<Nil>', '</Nil>', '<Nil>', '</Nil>', '</Obj>',
    ]);
  });

  test('predefined entities and character references', () => {
    expect(tokens('<S a="&quot;&lt;&#65;&#x42;">&amp;&lt;&gt;&apos;&quot;&#x1F600;&#10;</S>')).toEqual([
      '<S a="<AB>', '"&<>\'\\"😀\\n"', '</S>',
    ]);
  });

  test('line ends are normalized; attribute whitespace becomes spaces', () => {
    expect(tokens('<S a="x\r\ny\tz">a\r\nb\rc</S>')).toEqual(['<S a=x y z>', '"a\\nb\\nc"', '</S>']);
  });

  test('comments are skipped, CDATA is literal text, a leading XML declaration is allowed', () => {
    expect(tokens('<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><S><![CDATA[<&>]]><!-- inner --></S>\n<!-- after -->')).toEqual([
      '<S>', '"<&>"', '</S>',
    ]);
  });

  test('whitespace around the root is ignored', () => {
    expect(tokens('  \n<Nil/>\r\n  ')).toEqual(['<Nil>', '</Nil>']);
  });

  test.each([
    ['<!DOCTYPE x [<!ENTITY a "b">]><S>&a;</S>', '<!DOCTYPE>'],
    ['<S><!ENTITY a "b"></S>', '<!ENTITY>'],
    ['<S><?php echo 1 ?></S>', 'processing instruction'],
    [' <?xml version="1.0"?><S/>', 'processing instruction'],
    ['<S/><?xml version="1.0"?>', 'processing instruction'],
  ])('refuses %s', (input, markup) => {
    expect(() => tokens(input)).toThrow(ClixmlForbiddenMarkupError);
    try {
      tokens(input);
    } catch (error) {
      expect((error as ClixmlForbiddenMarkupError).markup).toBe(markup);
    }
  });

  test.each([
    ['', 'no root element'],
    ['   ', 'no root element'],
    ['<S>', 'input ends inside <S>'],
    ['<S></T>', 'does not match'],
    ['</S>', 'without a start tag'],
    ['<S/><S/>', 'more than one root element'],
    ['text<S/>', 'text outside the root element'],
    ['<S/>text', 'text outside the root element'],
    ['<S a="1" a="2"/>', 'repeated'],
    ['<S a=1/>', 'quoted value'],
    ['<S a="1"b="2"/>', 'whitespace before an attribute'],
    ['<S a="1/>', 'unterminated value'],
    ['<S a="<"/>', "'<' in the value"],
    ['<S a/>', "expected '='"],
    ['<1S/>', 'expected a name'],
    ['< S/>', 'expected a name'],
    ['<S>&bogus;</S>', 'undefined entity'],
    ['<S>a & b</S>', "'&' that does not start"],
    ['<S>&#0;</S>', 'not an XML character'],
    ['<S>&#xD800;</S>', 'not an XML character'],
    ['<S>&#x110000;</S>', 'not an XML character'],
    ['<S>&#xZZ;</S>', 'malformed character reference'],
    ['<S>&#;</S>', 'malformed character reference'],
    ['<S><!-- open</S>', 'unterminated comment'],
    ['<S><![CDATA[ open</S>', 'unterminated CDATA'],
    ['<S><!foo></S>', "malformed markup after '<!'"],
    ['<S /', "expected '>' after '/'"],
    ['<S', 'input ends inside the <S> tag'],
    ['<S></S', "expected '>' to end </S"],
    [`<S ${Array.from({ length: 40 }, (_, index) => `a${index}="1"`).join(' ')}/>`, 'more than 32 attributes'],
  ])('rejects %j', (input, message) => {
    expect(() => tokens(input)).toThrow(ClixmlParseError);
    expect(() => tokens(input)).toThrow(message);
  });

  test('depth limit: deep nesting is a ClixmlLimitError, never a stack overflow', () => {
    const depth = 200_000;
    const input = '<LST>'.repeat(depth) + '</LST>'.repeat(depth);
    expect(() => tokens(input, { maxDepth: 100, maxElements: 10_000_000 })).toThrow(ClixmlLimitError);
    expect(tokens('<A><B/></A>', { maxDepth: 2, maxElements: 10 })).toHaveLength(4);
    expect(() => tokens('<A><B><C/></B></A>', { maxDepth: 2, maxElements: 10 })).toThrow(/maxDepth/);
  });

  test('element count limit', () => {
    const input = `<LST>${'<Nil/>'.repeat(10)}</LST>`;
    expect(() => tokens(input, { maxDepth: 10, maxElements: 10 })).toThrow(ClixmlLimitError);
    expect(tokens(input, { maxDepth: 10, maxElements: 11 })).toHaveLength(22);
  });

  test('parse errors carry the offset of the offending token', () => {
    try {
      tokens('<Obj><S>x</S></Oops>');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ClixmlParseError);
      expect((error as ClixmlParseError).offset).toBe(13);
    }
  });
  describe('takeTextContent', () => {
    /** After the first start tag: what takeTextContent answers, then the tokens next() still gives. */
    function afterFirstStartTag(chunks: string[], end = true): { content: string | null; rest: string[] } {
      const tokenizer = new XmlTokenizer({ maxStringLength: 1 << 24, ...LIMITS });
      for (const chunk of chunks) tokenizer.push(chunk);
      if (end) tokenizer.end();
      expect(tokenizer.next()).toBe(TOKEN_START_TAG);
      const content = tokenizer.takeTextContent();
      const rest: string[] = [];
      for (;;) {
        const kind = tokenizer.next();
        if (kind === TOKEN_END || kind === TOKEN_MORE) return { content, rest };
        rest.push(kind === TOKEN_TEXT ? JSON.stringify(tokenizer.text) : `${kind === TOKEN_END_TAG ? '/' : ''}${tokenizer.tagName}`);
      }
    }

    test('reads the text and the end tag of an element that holds only text, decoded as a text token is', () => {
      expect(afterFirstStartTag(['<S N="x">a&amp;b\r\nc</S >'])).toEqual({ content: 'a&b\nc', rest: [] });
      expect(afterFirstStartTag(['<S></S>'])).toEqual({ content: '', rest: [] });
    });

    test('reads nothing when the element holds more than text, or its end tag is not (yet) there', () => {
      expect(afterFirstStartTag(['<S/>'])).toEqual({ content: null, rest: ['/S'] });
      expect(afterFirstStartTag(['<Obj><S>a</S></Obj>'])).toEqual({ content: null, rest: ['S', '"a"', '/S', '/Obj'] });
      expect(afterFirstStartTag(['<S>a<![CDATA[b]]></S>'])).toEqual({ content: null, rest: ['"a"', '"b"', '/S'] });
      expect(afterFirstStartTag(['<S>a<!-- c -->b</S>'])).toEqual({ content: null, rest: ['"a"', '"b"', '/S'] });
      expect(afterFirstStartTag(['<S>a</S'], false)).toEqual({ content: null, rest: ['"a"'] });
    });

    test('a mismatched end tag is left for next(), which reports it', () => {
      const tokenizer = XmlTokenizer.of('<S>a</SS>', { maxStringLength: 1 << 24, ...LIMITS });
      expect(tokenizer.next()).toBe(TOKEN_START_TAG);
      expect(tokenizer.takeTextContent()).toBeNull();
      expect(tokenizer.next()).toBe(TOKEN_TEXT);
      expect(() => tokenizer.next()).toThrow(/does not match/);
    });
  });
});
