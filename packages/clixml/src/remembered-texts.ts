/**
 * @module remembered-texts
 * Short texts the common-form reader meets again and again (property names, type names), each remembered with the
 * string it decodes to: found again in place, by a hash of a few of its characters and a comparison, the text needs
 * no slice and no escape check, and its string is the same one as before, which V8 has already hashed (a Map key) or
 * made its own (a property key). Module-wide: one type's names come in every message of it.
 */
import { isAt } from './xml-chars.js';

/** Slots per table, a power of two: a text that hashes to a taken slot takes it over. */
const SLOTS = 1024;
/** Longer texts are not remembered: the comparison would cost what it saves. */
const MAX_LENGTH = 128;

export class RememberedTexts {
  readonly #texts: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  readonly #values: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);

  static #slot(input: string, start: number, length: number): number {
    return (length * 31 + input.charCodeAt(start) * 7 + input.charCodeAt(start + length - 1) + input.charCodeAt(start + (length >> 1)) * 3) & (SLOTS - 1);
  }

  /** The value remembered for the text `input[start, end)`, if that text is remembered. */
  find(input: string, start: number, end: number): string | undefined {
    const length = end - start;
    if (length <= 0 || length > MAX_LENGTH) return undefined;
    const slot = RememberedTexts.#slot(input, start, length);
    const text = this.#texts[slot];
    return text !== undefined && text.length === length && isAt(input, start, text) ? this.#values[slot] : undefined;
  }

  /**
   * Remembers that `text`, written as it is, stands for `value`. Only for a text that needs no XML decoding in the
   * context it will be found in (the caller's rule): a text found is taken for its value without any check.
   */
  remember(text: string, value: string): void {
    const length = text.length;
    if (length === 0 || length > MAX_LENGTH) return;
    const slot = RememberedTexts.#slot(text, 0, length);
    this.#texts[slot] = text;
    this.#values[slot] = value;
  }
}
