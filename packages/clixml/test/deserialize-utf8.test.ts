/**
 * deserializeUtf8 reads UTF-8 bytes to the value deserialize() reads from their text, whichever way it takes: whole
 * (short bodies, long ones past 32 MiB, and any but one long `<S>`), the runtime's native ASCII text (from about
 * 1 MB), one long `<S>` from its bytes (of ASCII from about 1.2 MB, any past 32 MiB; long-string-unescape.test.ts), or
 * pieces (one `<S>` of 96 KiB to 32 MiB otherwise). Values are compared by their serialized text, which shows every
 * type and property.
 * Reads the recorded server bodies in ../shared (the test names every path looked at when that folder is missing).
 */
import { describe, expect, test } from 'vitest';
import { ClixmlArgumentError, ClixmlLimitError, ClixmlParseError, PSObject, deserialize, deserializeUtf8, serialize, type PsValue } from '../src/index.js';
import { recordedPsrpMessages } from '../../../test-support/recorded-messages.js';

const encoder = new TextEncoder();
const KiB = 1024;
const MiB = 1024 * KiB;
const LIMITS = { maxInputLength: 64 * MiB, maxStringLength: 64 * MiB, maxElements: 10_000_000 };

function expectSameAsText(text: string): PsValue {
  const value = deserializeUtf8(encoder.encode(text), LIMITS);
  expect(serialize(value) === serialize(deserialize(text, LIMITS))).toBe(true);
  return value;
}

/** A long text with escapes, escape-like runs and (when asked) characters beyond ASCII, every `step` characters. */
function longText(characters: number, beyondAscii: boolean): string {
  const parts = ['line of text\r\n', 'tab\there ', '_x0041_ literal ', 'under_score ', '<&> ', ...(beyondAscii ? ['é ', '😀 ', '\uD83D lone ', 'こんにちは '] : [])];
  let text = '';
  for (let index = 0; text.length < characters; index++) text += parts[index % parts.length];
  return text;
}

describe('deserializeUtf8', () => {
  test('reads every recorded server body as deserialize reads its text', () => {
    const bodies = recordedPsrpMessages().filter((message) => message.body.length > 0);
    expect(bodies.length).toBeGreaterThan(500);
    for (const { body } of bodies) expectSameAsText(body);
  });

  test.each([
    ['in pieces, beyond ASCII', 300 * KiB, true],
    ['in pieces, ASCII under the native size', 200 * KiB, false],
    ['as native ASCII text', 2 * MiB, false],
    ['in pieces, beyond ASCII, a few MiB', 3 * MiB, true],
  ])('reads a long string %s as deserialize does', (_way, characters, beyondAscii) => {
    const text = longText(characters, beyondAscii);
    const value = expectSameAsText(serialize(text));
    expect(value === text).toBe(true);
  });

  test('reads a long <S> after a BOM in pieces, as deserialize reads it', () => {
    const text = longText(300 * KiB, true);
    expect(expectSameAsText(`\uFEFF${serialize(text)}`) === text).toBe(true);
  });

  test('reads many objects with characters beyond ASCII (whole: only a long <S> goes in pieces)', () => {
    const objects = Array.from(
      { length: 3000 },
      (_, index) => new PSObject({ typeNames: ['System.Management.Automation.PSCustomObject', 'System.Object'], extended: { Id: index, Name: `ü€😀-${index}`, Ok: index % 2 === 0 } }),
    );
    const text = serialize(objects);
    expect(encoder.encode(text).length).toBeGreaterThan(200 * KiB);
    const value = expectSameAsText(text) as PSObject;
    expect((value.baseValue as PSObject[])[2999]?.get('Name')).toBe('ü€😀-2999');
  });

  test.each([
    ['whole', 8 * KiB],
    ['in pieces', 300 * KiB],
    ['as native ASCII text', 2 * MiB],
  ])('refuses a control character XML forbids in long ASCII text read %s, where deserialize does', (_way, characters) => {
    for (const forbidden of ['\u0000', '\u0001', '\u001F']) {
      const text = `<S>${'a'.repeat(characters)}${forbidden}b</S>`;
      const offset = 3 + characters;
      for (const read of [() => deserializeUtf8(encoder.encode(text), LIMITS), () => deserialize(text, LIMITS)]) {
        expect(read).toThrow(ClixmlParseError);
        expect(read).toThrow(`U+${forbidden.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
        try {
          read();
        } catch (error) {
          expect((error as ClixmlParseError).offset).toBe(offset);
        }
      }
    }
  });

  test('counts characters against maxInputLength in pieces too, and reports what ended the input', () => {
    const bytes = encoder.encode(serialize(longText(300 * KiB, true)));
    expect(() => deserializeUtf8(bytes, { maxInputLength: 100 * KiB })).toThrow(ClixmlLimitError);
    expect(() => deserializeUtf8(bytes.subarray(0, bytes.length - 2), LIMITS)).toThrow(ClixmlParseError);
    expect(() => deserializeUtf8('<S>a</S>' as unknown as Uint8Array)).toThrow(ClixmlArgumentError);
  });
});
