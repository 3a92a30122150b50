import { describe, expect, it } from 'vitest';
import { TEXT_CHECKED, TEXT_ONE_BYTE, TEXT_UNCHECKED, findInvalidXmlCharacter, holdsInvalidXmlCharacter } from './xml-chars.js';

const ascii = 'x'.repeat(40);
/** The same characters in a string V8 keeps two-byte (it holds one character beyond U+00FF). */
const twoByte = `${ascii}\u20AC`;

/** Whether XML 1.0 allows the code unit on its own (a surrogate only in a pair). */
function allowedAlone(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return (code < 0xd800 || code > 0xdfff) && code !== 0xfffe && code !== 0xffff;
}

describe('holdsInvalidXmlCharacter', () => {
  it('answers as findInvalidXmlCharacter does, either way, for every code unit in one-byte and two-byte text', () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      for (const text of [`${ascii}${char}${ascii}`, `${char}${ascii}`, `${ascii}${char}`, `${twoByte}${char}${ascii}`]) {
        const expected = !allowedAlone(code);
        const found = findInvalidXmlCharacter(text) >= 0;
        if (found !== expected || holdsInvalidXmlCharacter(text, TEXT_ONE_BYTE) !== expected || holdsInvalidXmlCharacter(text, TEXT_UNCHECKED) !== expected) {
          wrong.push(code.toString(16));
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('takes a text whose bytes were searched already as clean without looking (decode-utf8 decides when)', () => {
    expect(holdsInvalidXmlCharacter(`${ascii}\u0000`, TEXT_CHECKED)).toBe(false);
  });

  it('finds a forbidden character in any window of a long text, and at the edges of windows', () => {
    const long = 'x'.repeat(100_000);
    for (const at of [0, 16_383, 16_384, 16_385, 50_000, 99_999]) {
      for (const char of ['\u0000', '\u0008', '\uFFFF']) {
        const text = `${long.slice(0, at)}${char}${long.slice(at + 1)}`;
        expect(holdsInvalidXmlCharacter(text, TEXT_ONE_BYTE)).toBe(true);
        expect(holdsInvalidXmlCharacter(text, TEXT_UNCHECKED)).toBe(true);
      }
    }
    expect(holdsInvalidXmlCharacter(long, TEXT_ONE_BYTE)).toBe(false);
    expect(holdsInvalidXmlCharacter(`${long}\uD83D`, TEXT_ONE_BYTE)).toBe(true);
  });

  it('lets surrogate pairs through and finds a lone surrogate among them, either way', () => {
    const pair = '\uD83D\uDE00';
    const cases: [string, boolean][] = [
      [`${ascii}${pair}`, false],
      [`${pair}${pair}`, false],
      [`${ascii}\uD83D`, true],
      [`\uDE00${ascii}`, true],
      [`${pair}\uDE00${pair}`, true],
      [`${pair}\uD83D${ascii}`, true],
      ['', false],
    ];
    for (const [text, invalid] of cases) {
      expect(holdsInvalidXmlCharacter(text, TEXT_ONE_BYTE)).toBe(invalid);
      expect(holdsInvalidXmlCharacter(text, TEXT_UNCHECKED)).toBe(invalid);
      expect(findInvalidXmlCharacter(text) >= 0).toBe(invalid);
    }
  });
});
