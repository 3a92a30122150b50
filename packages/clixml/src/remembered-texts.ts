/**
 * @module remembered-texts
 * Texts the common-form reader meets again and again (property names, type names, whole `<TN>` lists), each
 * remembered with what it decodes to: found again in place, by a hash of a few of its characters and a comparison,
 * the text needs no slice, no escape check and no parse, and its value is the same one as before (for a name, a
 * string V8 has already hashed or made a property key). Module-wide: one type's names come in every message of it.
 */
import { ownString } from './own-string.js';
import { isAt } from './xml-chars.js';

/**
 * From this length a text is compared as a slice: V8 compares two flat strings with memcmp, where a loop of
 * charCodeAt costs about 4 ns a character (measured: 42 characters, 69 ns against 155).
 */
const SLICE_COMPARISON_LENGTH = 16;

/** Whether `text` is the text `input[start, end)`. */
function isRemembered(input: string, start: number, end: number, text: string | undefined): boolean {
  const length = end - start;
  if (text === undefined || text.length !== length) return false;
  return length < SLICE_COMPARISON_LENGTH ? isAt(input, start, text) : input.slice(start, end) === text;
}

export class RememberedTexts<Value> {
  /** A slot is the first of a pair: two texts that hash alike (VerboseRecord, WarningRecord) are both kept. */
  readonly #pairMask: number;
  readonly #maxLength: number;
  readonly #texts: (string | undefined)[];
  readonly #values: (Value | undefined)[];

  /**
   * `slots`, a power of two, in pairs: a text that hashes to a taken pair takes over its older slot. Texts longer than
   * `maxLength` are not remembered: that bounds the memory kept, whatever the input.
   */
  constructor(slots: number, maxLength: number) {
    this.#pairMask = (slots - 1) & ~1;
    this.#maxLength = maxLength;
    this.#texts = new Array<string | undefined>(slots).fill(undefined);
    this.#values = new Array<Value | undefined>(slots).fill(undefined);
  }

  /**
   * Length and six characters, two of them near the end: names of one type share their start and differ at the end
   * (ErrorCategory_Category, ErrorCategory_Activity), and a `<TN>` list always begins and ends with the same markup.
   */
  #slot(input: string, start: number, length: number): number {
    const last = start + length - 1;
    let hash = length * 31 + input.charCodeAt(start);
    hash = hash * 31 + input.charCodeAt(start + (length >> 2));
    hash = hash * 31 + input.charCodeAt(start + (length >> 1));
    hash = hash * 31 + input.charCodeAt(last - (length >> 3));
    hash = hash * 31 + input.charCodeAt(last - (length >> 4));
    hash = hash * 31 + input.charCodeAt(last);
    return hash & this.#pairMask;
  }

  /** The value remembered for the text `input[start, end)`, if that text is remembered. */
  find(input: string, start: number, end: number): Value | undefined {
    const length = end - start;
    if (length <= 0 || length > this.#maxLength) return undefined;
    const slot = this.#slot(input, start, length);
    if (isRemembered(input, start, end, this.#texts[slot])) return this.#values[slot];
    if (isRemembered(input, start, end, this.#texts[slot + 1])) return this.#values[slot + 1];
    return undefined;
  }

  /**
   * Remembers that `text`, written as it is, stands for `value`. Only for a text that always reads as `value` where it
   * will be found (the caller's rule): a text found is taken for its value without any check. The text is kept as a
   * copy; a value that holds strings sliced from an input must hold copies too (ownString).
   */
  remember(text: string, value: Value): void {
    const length = text.length;
    if (length === 0 || length > this.#maxLength) return;
    const slot = this.#slot(text, 0, length);
    // The newest text of the pair takes the first place, the one before the second.
    this.#texts[slot + 1] = this.#texts[slot];
    this.#values[slot + 1] = this.#values[slot];
    this.#texts[slot] = ownString(text);
    this.#values[slot] = value;
  }
}
