import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PsrpProtocolError } from '../../errors.js';
import { heapUsed } from '../../../../../test-support/heap.js';
import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  it('splits on \\n and \\r\\n, across chunks, and keeps the unfinished rest', () => {
    const splitter = new LineSplitter(100);
    expect(splitter.push('<a />\r\n<b')).toEqual(['<a />']);
    expect(splitter.push(' />\n')).toEqual(['<b />']);
    expect(splitter.push('\n<c />')).toEqual(['']);
    expect(splitter.rest()).toBe('<c />');
  });

  it('refuses a line longer than the bound, finished or not', () => {
    expect(() => new LineSplitter(4).push('12345\n')).toThrow(PsrpProtocolError);
    const splitter = new LineSplitter(4);
    splitter.push('12');
    expect(() => splitter.push('345')).toThrow(/more than 4 characters/);
  });

  it('holds an endless line written a character at a time in under 4 bytes per character (issue 12)', () => {
    const splitter = new LineSplitter(1 << 20);
    const before = heapUsed();
    for (let index = 0; index < 1 << 20; index++) splitter.push(String.fromCharCode(0x61 + (index % 26)));
    const perChar = (heapUsed() - before) / (1 << 20);
    expect(perChar).toBeLessThan(4);
    expect(() => splitter.push('x')).toThrow(PsrpProtocolError);
    expect(splitter.rest()).toHaveLength(1 << 20);
  });

  it('gives the same lines however the text is chunked (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[^\n\r]{0,20}$/), { maxLength: 20 }), fc.array(fc.nat(30)), (lines, cuts) => {
        const text = lines.map((line) => `${line}\n`).join('');
        const splitter = new LineSplitter(1000);
        const seen: string[] = [];
        let offset = 0;
        for (const cut of cuts) {
          seen.push(...splitter.push(text.slice(offset, offset + cut)));
          offset += cut;
        }
        seen.push(...splitter.push(text.slice(offset)));
        expect(seen).toEqual(lines);
        expect(splitter.rest()).toBeNull();
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
