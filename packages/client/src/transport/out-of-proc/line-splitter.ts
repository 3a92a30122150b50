/**
 * Splits the text a peer writes into lines (`\n` or `\r\n`), refusing to buffer a line longer than a bound:
 * a peer that never ends its line must not grow memory without limit.
 */
import { PsrpProtocolError } from '../../errors.js';

export class LineSplitter {
  #partial = '';

  constructor(readonly maxLineChars: number) {}

  /** Takes the next piece of text; returns the lines it completed, without their endings. */
  push(text: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const line = this.#partial + text.slice(start, end);
      this.#partial = '';
      this.#checkLength(line.length);
      lines.push(line.endsWith('\r') ? line.slice(0, -1) : line);
      start = end + 1;
    }
    this.#partial += text.slice(start);
    this.#checkLength(this.#partial.length);
    return lines;
  }

  /** The text after the last line ending, when the peer closed without one. */
  rest(): string | null {
    return this.#partial.length > 0 ? this.#partial : null;
  }

  #checkLength(length: number): void {
    if (length > this.maxLineChars) {
      throw new PsrpProtocolError(`The peer sent a line of more than ${this.maxLineChars} characters`);
    }
  }
}
