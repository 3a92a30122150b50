/**
 * @module forward-search
 * Where one character next occurs in a text, for a reader whose positions only move forward: an answer is kept until
 * a position past it is asked about, so that all the searches of one text together read it once (a search per token
 * to the end of the text would make a large input quadratic).
 */
export class ForwardSearch {
  readonly #char: string;
  /** The last answer: -2 before the first search, -1 when the character occurs no more. */
  #found = -2;

  constructor(char: string) {
    this.#char = char;
  }

  /** The first occurrence in `input` at or after `position`, or -1. `input` is the same text as at the last call. */
  from(input: string, position: number): number {
    if (this.#found !== -1 && this.#found < position) this.#found = input.indexOf(this.#char, position);
    return this.#found;
  }

  /** Whether the character occurs in `input[start, end)`. */
  occursIn(input: string, start: number, end: number): boolean {
    const found = this.from(input, start);
    return found >= 0 && found < end;
  }

  /** Forgets the answers: the text changed. */
  reset(): void {
    this.#found = -2;
  }
}
