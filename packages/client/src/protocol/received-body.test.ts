import { describe, expect, it } from 'vitest';
import { bytesHoldSecureStringTag, keptBody, receivedBody } from './received-body.js';

const encoder = new TextEncoder();

describe('receivedBody', () => {
  it('keeps a short body as text and a long one as bytes, and finds <SS> in either', () => {
    const short = receivedBody(encoder.encode('<Obj RefId="0"><MS><SS N="p">AAAA</SS></MS></Obj>'));
    expect(typeof short.content).toBe('string');
    expect(short.holdsSecureStrings).toBe(true);
    const filler = '<S>x</S>'.repeat(20_000);
    for (const [at, body] of [
      ['start', `<SS>AAAA</SS>${filler}`],
      ['end', `${filler}<SS>AAAA</SS>`],
      ['nowhere', `${filler}<S>SS</S><SB>x</SB>`],
      ['after a run of <', `${filler}<<<SS>AAAA</SS>`],
      ['after S<', `${filler}S<SS>AAAA</SS>`],
      ['after <S<', `${filler}<S<SS>AAAA</SS>`],
      ['nowhere, SS after <S', `${filler}<S SS<S>`],
    ] as const) {
      const long = receivedBody(encoder.encode(`<Obj RefId="0"><LST>${body}</LST></Obj>`));
      expect(long.content, at).toBeInstanceOf(Uint8Array);
      expect(long.holdsSecureStrings, at).toBe(!at.startsWith('nowhere'));
      expect(bytesHoldSecureStringTag(long.content as Uint8Array), at).toBe(!at.startsWith('nowhere'));
    }
    expect(receivedBody(new Uint8Array(0)).isEmpty).toBe(true);
  });

  it('finds <SS in a long body at every alignment, and only <SS', () => {
    for (let pad = 0; pad < 6; pad++) {
      const before = 'x'.repeat(100_000 + pad);
      for (const [tail, expected] of [['<SS', true], ['<SS>', true], ['<<SS', true], ['S<SS', true], ['<S', false], ['<SxS', false], ['S<S', false]] as const) {
        for (const bytes of [encoder.encode(`${before}${tail}`), encoder.encode(`${tail}${before}`)]) {
          expect(receivedBody(bytes).holdsSecureStrings, `${pad} ${tail}`).toBe(expected);
          // The search in JS, for runtimes without a native one.
          expect(bytesHoldSecureStringTag(bytes), `${pad} ${tail}`).toBe(expected);
        }
      }
    }
  });

  it('copies a long body kept past its lent bytes', () => {
    const lent = encoder.encode(`<S>${'a'.repeat(120_000)}</S>`);
    const kept = keptBody(receivedBody(lent));
    lent.fill(0x20);
    expect(new TextDecoder().decode(kept.content as Uint8Array)).toBe(`<S>${'a'.repeat(120_000)}</S>`);
  });
});
