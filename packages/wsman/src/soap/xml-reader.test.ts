import { describe, expect, it } from 'vitest';
import { WSManParseError } from '../errors.js';
import { NS_SOAP } from '../namespaces.js';
import { findChild } from './xml-element.js';
import { DEFAULT_MAX_XML_NODES, readXml } from './xml-reader.js';

function parseFailure(xml: string, limits?: Parameters<typeof readXml>[1]): WSManParseError {
  try {
    readXml(xml, limits);
  } catch (error) {
    if (error instanceof WSManParseError) return error;
    throw error;
  }
  throw new Error('expected a WSManParseError');
}

describe('readXml on hostile input', () => {
  it('refuses a DOCTYPE before parsing (billion laughs)', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>' +
      '<lolz>&lol2;</lolz>';
    expect(parseFailure(laughs).reason).toBe('doctype');
    expect(parseFailure('<!doctype x SYSTEM "file:///etc/passwd"><x/>').reason).toBe('doctype');
  });

  it('refuses input over the size limit without parsing it', () => {
    const huge = `<a>${'x'.repeat(2048)}</a>`;
    const failure = parseFailure(huge, { maxChars: 1024 });
    expect(failure.reason).toBe('size');
    expect(failure.message).toContain('1024');
  });

  it('refuses deep nesting with a typed error, not a stack overflow', () => {
    const depth = 100_000;
    expect(parseFailure('<a>'.repeat(depth) + '</a>'.repeat(depth)).reason).toBe('depth');
    expect(parseFailure('<a><a><a><a></a></a></a></a>', { maxDepth: 3 }).reason).toBe('depth');
    expect(readXml('<a><a><a></a></a></a>', { maxDepth: 3 }).localName).toBe('a');
  });

  it('refuses more elements and attributes than maxNodes, before building them (issue 12)', () => {
    const failure = parseFailure(`<a>${'<b/>'.repeat(DEFAULT_MAX_XML_NODES)}</a>`);
    expect(failure.reason).toBe('size');
    expect(failure.message).toContain(String(DEFAULT_MAX_XML_NODES));
    expect(parseFailure(`<a ${Array.from({ length: 10 }, (_, index) => `x${index}=""`).join(' ')}/>`, { maxNodes: 10 }).reason).toBe('size');
    expect(parseFailure(`<a>${'<!---->'.repeat(10)}</a>`, { maxNodes: 10 }).reason).toBe('size');
    expect(readXml(`<a>${'<b/>'.repeat(9)}</a>`, { maxNodes: 10 }).children).toHaveLength(9);
  });

  it('finds a repeated attribute among many without looking back at every one', () => {
    const attributes = Array.from({ length: 20_000 }, (_, index) => `x${index}=""`).join(' ');
    expect(parseFailure(`<a ${attributes} x7=""/>`).message).toMatch(/attribute x7 is repeated/);
  });

  it.each([
    ['an unclosed element', '<a><b></a>'],
    ['an element never closed', '<a><b/>'],
    ['a bare ampersand', '<a>fish & chips</a>'],
    ['a control character', '<a>\u0001</a>'],
    ['a reference to a control character', '<a>&#1;</a>'],
    ['a reference to a surrogate', '<a>&#xD800;</a>'],
    ['a < in an attribute value', '<a x="<"/>'],
    ['an unquoted attribute', '<a x=1/>'],
    ['attributes without whitespace between', '<a x="1"y="2"/>'],
    ['text outside the root', '<a/>text'],
    ['an XML declaration late', '<a/><?xml version="1.0"?>'],
    ['-- in a comment', '<a><!-- a -- b --></a>'],
    ['an unterminated comment', '<a><!-- </a>'],
    ['CDATA outside the root', '<![CDATA[x]]><a/>'],
    ['an undeclared attribute prefix', '<a p:x="1"/>'],
    ['a mismatched end tag', '<a></b>'],
    ['a repeated attribute', '<a x="1" x="2"/>'],
    ['an undeclared entity', '<a>&nope;</a>'],
    ['an undeclared prefix', '<p:a/>'],
    ['text only', 'hello'],
    ['two roots', '<a/><b/>'],
    ['an out-of-range character reference', '<a>&#x110000;</a>'],
  ])('refuses %s as malformed', (_name, xml) => {
    expect(parseFailure(xml).reason).toBe('syntax');
  });
});

describe('readXml on well-formed input', () => {
  it('resolves namespaces by URI, whatever the prefix, including default namespaces', () => {
    const root = readXml(`<e:Envelope xmlns:e="${NS_SOAP}"><Body xmlns="${NS_SOAP}"><x:y xmlns:x="urn:x" a:k="v" xmlns:a="urn:a"/></Body></e:Envelope>`);
    expect(root).toMatchObject({ namespace: NS_SOAP, localName: 'Envelope' });
    const body = findChild(root, NS_SOAP, 'Body')!;
    expect(body.children[0]).toMatchObject({ namespace: 'urn:x', localName: 'y' });
    expect(body.children[0]!.attributes.get('k')).toBe('v');
  });

  it('decodes the predefined and numeric character references exactly once', () => {
    const root = readXml('<a t="&quot;&#65;&amp;amp;">&lt;&#x42;&#67;&gt;&amp;#68;</a>');
    expect(root.text).toBe('<BC>&#68;');
    expect(root.attributes.get('t')).toBe('"A&amp;');
  });

  it('keeps CDATA as text, and shares one empty map and array between bare elements', () => {
    const root = readXml('<a>x<![CDATA[<&>]]>y<b/><c/></a>');
    expect(root.text).toBe('x<&>y');
    expect(root.children[0]!.attributes).toBe(root.children[1]!.attributes);
    expect(root.children[0]!.children).toBe(root.children[1]!.children);
  });

  it('keeps text untrimmed and ignores comments and processing instructions', () => {
    const root = readXml('<?xml version="1.0" encoding="utf-8"?><!-- c --><a> x <?pi y?></a>');
    expect(root.text).toBe(' x ');
    expect(root.children).toEqual([]);
  });
});
