/**
 * Streaming: ClixmlStreamReader reads the same values however the input is cut (text or bytes, UTF-8 or
 * UTF-16), hands each value out as soon as it is complete, keeps `<Ref>` across values within its retention
 * limit, and resets its limits per value; ClixmlDocumentWriter writes what serializeDocument writes.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ClixmlDocumentWriter, ClixmlStreamReader, readClixml, readClixmlEntries, writeClixml } from './clixml-stream.js';
import type { ClixmlDocumentEntry } from './clixml-reader.js';
import { deserializeDocumentEntries } from './deserialize.js';
import { ClixmlArgumentError, ClixmlError, ClixmlLimitError, ClixmlParseError, ClixmlReferenceError } from './errors.js';
import { serializeDocument, serializeDocumentEntries } from './serialize.js';
import type { PsValue } from './value.js';
import { PSObject } from './values/ps-object.js';

const OBJS = '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">';
const PROVIDER = '<Obj N="PSProvider" RefId="1"><TN RefId="1"><T>System.Management.Automation.ProviderInfo</T></TN><ToString>FileSystem</ToString></Obj>';
/** Shaped like Export-Clixml of Get-ChildItem: later items refer back to the first one's PSProvider. */
const FILES =
  `${OBJS}\r\n  <Obj RefId="0"><TN RefId="0"><T>System.IO.FileInfo</T></TN><ToString>a &amp; b.txt</ToString><MS>${PROVIDER}<S N="Name">a_x000A_</S></MS></Obj>\r\n` +
  '  <Obj RefId="2"><TNRef RefId="0" /><ToString>c.txt</ToString><MS><Ref N="PSProvider" RefId="1" /><S N="Name">&#x1F600;é</S></MS></Obj>\r\n' +
  '  <Ref RefId="0" />\r\n  <S S="Error">oops<![CDATA[ <x> ]]></S>\r\n</Objs>';
/** Two documents as powershell.exe writes them on stderr, RefIds starting again in the second. */
const STDERR =
  '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"><MS><I64 N="SourceId">1</I64></MS></Obj></Objs>' +
  '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">bad_x000D__x000A_</S><Obj RefId="0"><MS><I32 N="x">2</I32></MS></Obj><Ref RefId="0" /></Objs>\r\n';

/** Entries as text, so that values with shared objects compare exactly. */
function asText(entries: ClixmlDocumentEntry[]): string {
  return serializeDocumentEntries(entries);
}

function readInPieces(chunks: (string | Uint8Array)[], options?: ConstructorParameters<typeof ClixmlStreamReader>[0]): ClixmlDocumentEntry[] {
  const reader = new ClixmlStreamReader(options);
  const entries: ClixmlDocumentEntry[] = [];
  for (const chunk of chunks) entries.push(...reader.push(chunk));
  entries.push(...reader.end());
  return entries;
}

function cut<T extends string | Uint8Array>(input: T, positions: number[]): T[] {
  const sorted = [...new Set(positions)].filter((position) => position > 0 && position < input.length).sort((a, b) => a - b);
  const pieces: T[] = [];
  let start = 0;
  for (const position of [...sorted, input.length]) {
    pieces.push(input.slice(start, position) as T);
    start = position;
  }
  return pieces;
}

describe('ClixmlStreamReader', () => {
  test.each([
    ['Export-Clixml shaped', FILES],
    ['#< CLIXML stderr, two documents', STDERR],
  ])('%s: every single cut, as text and as UTF-8 bytes, reads as the whole text does', (_, document) => {
    const expected = asText(deserializeDocumentEntries(document));
    const bytes = new TextEncoder().encode(document);
    for (let position = 0; position <= document.length; position++) {
      expect(asText(readInPieces(cut(document, [position])))).toBe(expected);
    }
    for (let position = 0; position <= bytes.length; position++) {
      expect(asText(readInPieces(cut(bytes, [position])))).toBe(expected);
    }
  });

  test('random cuts, one character at a time, UTF-16 with and without a BOM', () => {
    const expected = asText(deserializeDocumentEntries(FILES));
    expect(asText(readInPieces([...FILES]))).toBe(expected);
    const utf16le = new Uint8Array(Buffer.from(`\ufeff${FILES}`, 'utf16le'));
    const utf16be = new Uint8Array(Buffer.from(`\ufeff${FILES}`, 'utf16le').swap16());
    const noBom = new Uint8Array(Buffer.from(FILES, 'utf16le'));
    fc.assert(
      fc.property(fc.array(fc.nat({ max: utf16le.length }), { maxLength: 30 }), (positions) => {
        for (const bytes of [utf16le, utf16be, noBom]) expect(asText(readInPieces(cut(bytes, positions)))).toBe(expected);
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  test('each value comes out as soon as it is complete', () => {
    const reader = new ClixmlStreamReader();
    expect(reader.push(`${OBJS}<S>one</S><S>tw`)).toEqual([{ value: 'one', stream: null }]);
    expect(reader.push('o</S>')).toEqual([{ value: 'two', stream: null }]);
    expect(reader.push('</Objs>')).toEqual([]);
    expect(reader.end()).toEqual([]);
  });

  test('a <Ref> to an earlier value gives the same object; RefIds start again with each <Objs>', () => {
    const values = readInPieces([FILES]).map((entry) => entry.value);
    expect(values[2]).toBe(values[0]);
    expect((values[1] as PSObject).get('PSProvider')).toBe((values[0] as PSObject).get('PSProvider'));
    const stderr = readInPieces([STDERR]);
    expect(stderr.map((entry) => entry.stream)).toEqual(['progress', 'Error', null, null]);
    expect(stderr[3]?.value).toBe(stderr[2]?.value);
  });

  test('maxRetainedReferences keeps the most recently used objects; a dropped one is a ClixmlReferenceError naming the option', () => {
    const items = Array.from({ length: 5 }, (_, index) => `<Obj RefId="${index + 10}"><MS><Ref N="p" RefId="1" /></MS></Obj>`).join('');
    const document = `${OBJS}<Obj RefId="0"><MS>${PROVIDER.replace(' N="PSProvider"', ' N="p"')}</MS></Obj>${items}</Objs>`;
    // The provider is used by every item, so it stays although 6 more objects came after it.
    expect(readInPieces([document], { maxRetainedReferences: 2 })).toHaveLength(6);
    const late = `${OBJS}<Obj RefId="0" /><Obj RefId="1" /><Obj RefId="2" /><Ref RefId="0" /></Objs>`;
    expect(() => readInPieces([late], { maxRetainedReferences: 1 })).toThrow(/maxRetainedReferences/);
    expect(() => readInPieces([late], { maxRetainedReferences: 1 })).toThrow(ClixmlReferenceError);
    expect(readInPieces([late], { maxRetainedReferences: 3 })).toHaveLength(4);
  });

  test('limits apply per value: many values in one stream, each under maxElements', () => {
    const document = `${OBJS}${'<Obj RefId="0"><MS><I32 N="a">1</I32></MS></Obj>'.repeat(1000)}</Objs>`;
    expect(readInPieces([document], { maxElements: 10 })).toHaveLength(1000);
    expect(() => deserializeDocumentEntries(document, { maxElements: 10 })).toThrow(ClixmlLimitError);
    expect(() => readInPieces([`${OBJS}<Obj RefId="0"><MS>${'<I32 N="a">1</I32>'.repeat(20)}</MS></Obj></Objs>`], { maxElements: 10 })).toThrow(ClixmlLimitError);
  });

  test('long text passes through in pieces; a tag longer than maxStringLength is refused without buffering on', () => {
    const big = 'x'.repeat(100_000);
    const chunks = cut(`${OBJS}<S>${big}</S></Objs>`, Array.from({ length: 200 }, (_, index) => index * 517));
    expect(readInPieces(chunks)).toEqual([{ value: big, stream: null }]);
    const tag = `${OBJS}<S N="${'n'.repeat(50_000)}">`;
    expect(() => readInPieces(cut(tag, Array.from({ length: 100 }, (_, index) => index * 512)), { maxStringLength: 1000 })).toThrow(ClixmlLimitError);
  });

  test('tiny chunks after a stray & cost linear time (the & is reported at once, not kept back)', () => {
    const text = `${OBJS}<S>a&${'x'.repeat(300_000)}</S></Objs>`;
    const started = performance.now();
    expect(() => readInPieces(cut(text, Array.from({ length: text.length / 4 }, (_, index) => index * 4)))).toThrow(/'&' that does not start/);
    expect(performance.now() - started).toBeLessThan(5000);
    // A reference the chunk cut is kept back and read whole.
    expect(readInPieces([`${OBJS}<S>a&am`, 'p;b&#x', '41;</S></Objs>'])).toEqual([{ value: 'a&bA', stream: null }]);
  });

  test('a document cut short, invalid bytes and misuse are ClixmlErrors', () => {
    expect(() => readInPieces([`${OBJS}<S>x</S>`])).toThrow(ClixmlParseError);
    expect(() => readInPieces([new Uint8Array([0x3c, 0xc3, 0x28])])).toThrow(ClixmlParseError);
    const reader = new ClixmlStreamReader();
    expect(() => reader.push(42 as unknown as string)).toThrow(ClixmlArgumentError);
    expect(() => reader.end()).toThrow('no root element');
    expect(() => reader.push('<S/>')).toThrow(ClixmlArgumentError);
    expect(() => new ClixmlStreamReader({ encoding: 'latin1' as 'utf-8' })).toThrow(ClixmlArgumentError);
    expect(() => new ClixmlStreamReader({ maxDepth: Number.NaN })).toThrow(ClixmlArgumentError);
  });

  test('a character XML forbids in long ASCII chunks of bytes is found where it stands, in any chunk', () => {
    const encoder = new TextEncoder();
    for (const at of [10, 5_000, 70_000]) {
      const text = `${OBJS}<S>${'a'.repeat(at)}\u0001${'b'.repeat(100_000)}</S></Objs>`;
      const bytes = encoder.encode(text);
      const reader = new ClixmlStreamReader();
      const read = (): void => {
        for (let start = 0; start < bytes.length; start += 64 * 1024) reader.push(bytes.subarray(start, start + 64 * 1024));
        reader.end();
      };
      expect(read).toThrow(new ClixmlParseError('U+0001 is not allowed in XML', OBJS.length + 3 + at));
    }
  });

  test('readClixml and readClixmlEntries take async iterables of chunks', async () => {
    async function* source(): AsyncGenerator<Uint8Array> {
      const bytes = new TextEncoder().encode(STDERR);
      for (let start = 0; start < bytes.length; start += 7) yield bytes.slice(start, start + 7);
    }
    const values: PsValue[] = [];
    for await (const value of readClixml(source())) values.push(value);
    expect(values).toHaveLength(4);
    const entries: ClixmlDocumentEntry[] = [];
    for await (const entry of readClixmlEntries([FILES])) entries.push(entry);
    expect(entries.at(-1)).toEqual({ value: 'oops <x> ', stream: 'Error' });
    await expect(readClixml(null as unknown as string[]).next()).rejects.toThrow(ClixmlError);
  });
});

describe('ClixmlDocumentWriter and writeClixml', () => {
  test('write the same text as serializeDocument, value by value', async () => {
    const shared = new PSObject({ extended: { n: 1 } });
    const values: PsValue[] = [shared, 'two', [shared], new Map([['k', shared]])];
    const writer = new ClixmlDocumentWriter();
    const text = writer.start() + values.map((value) => writer.write(value)).join('') + writer.end();
    expect(text).toBe(serializeDocument(values));
    let streamed = '';
    for await (const chunk of writeClixml(values)) streamed += chunk;
    expect(streamed).toBe(text);
  });

  test('a stream name becomes the S attribute; calls out of order are ClixmlArgumentErrors', () => {
    const writer = new ClixmlDocumentWriter();
    expect(() => writer.write('x')).toThrow(ClixmlArgumentError);
    writer.start();
    expect(writer.write('oops', 'Error')).toBe('<S S="Error">oops</S>');
    expect(writer.write(new PSObject(), 'progress')).toBe('<Obj S="progress" RefId="0" />'.replace(' />', '></Obj>'));
    writer.end();
    expect(() => writer.end()).toThrow(ClixmlArgumentError);
    expect(() => writer.write(1)).toThrow(ClixmlArgumentError);
  });
});
