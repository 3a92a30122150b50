/**
 * Splits the text a peer writes into lines (`\n` or `\r\n`), refusing to buffer a line longer than a bound:
 * a peer that never ends its line must not grow memory without limit.
 *
 * The unfinished line is kept as a few joined pieces, not as one string grown by `+=`: V8 keeps each
 * `+=` as a 32-byte rope node, so a peer writing its endless line a character at a time made the 1 Mi characters it
 * may send cost 32 MiB; joined every PIECES_PER_JOIN pieces, the same line costs under 3 bytes per character.
 */
import { PsrpProtocolError } from '../../errors.js';

/** Pieces of an unfinished line gathered before they are joined into one string. */
const PIECES_PER_JOIN = 64;

export class LineSplitter {
  /** The unfinished line: `#joined` then `#pieces`, `#length` characters in all. */
  #joined = '';
  #pieces: string[] = [];
  #length = 0;

  constructor(readonly maxLineChars: number) {}

  /** Takes the next piece of text; returns the lines it completed, without their endings. */
  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      this.#checkLength(this.#length + end - start);
      const line = this.#take() + text.slice(start, end);
      lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = end + 1;
    }
    if (start < text.length) this.#append(start === 0 ? text : text.slice(start));
    return lines;
  }

  /** The text after the last line ending, when the peer closed without one. */
  rest(): string | null {
    return this.#length > 0 ? this.#take() : null;
  }

  #append(piece: string): void {
    this.#checkLength(this.#length + piece.length);
    this.#length += piece.length;
    this.#pieces.push(piece);
    if (this.#pieces.length >= PIECES_PER_JOIN) {
      this.#joined += this.#pieces.join('');
      this.#pieces = [];
    }
  }

  /** The unfinished line as one string, forgotten here. */
  #take(): string {
    const line = this.#pieces.length === 0 ? this.#joined : this.#joined + this.#pieces.join('');
    this.#joined = '';
    this.#pieces = [];
    this.#length = 0;
    return line;
  }

  #checkLength(length: number): void {
    if (length > this.maxLineChars) {
      throw new PsrpProtocolError(`The peer sent a line of more than ${this.maxLineChars} characters`);
    }
  }
}
