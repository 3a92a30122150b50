/**
 * @module ps-char
 * `<C>`: a .NET System.Char, written as its UTF-16 code unit number (MS-PSRP 2.2.5.1.2).
 */
import { ClixmlValueError } from '../errors.js';

const MAX_CODE_UNIT = 0xffff;

export class PSChar {
  /** The UTF-16 code unit, 0-65535. */
  readonly code: number;

  constructor(code: number) {
    if (!Number.isInteger(code) || code < 0 || code > MAX_CODE_UNIT) {
      throw new ClixmlValueError('C', String(code), 'a char is a UTF-16 code unit 0-65535');
    }
    this.code = code;
  }

  /** The char of a one-code-unit string. */
  static from(char: string): PSChar {
    if (char.length !== 1) throw new ClixmlValueError('C', char, 'expected exactly one UTF-16 code unit');
    return new PSChar(char.charCodeAt(0));
  }

  toString(): string {
    return String.fromCharCode(this.code);
  }

  toJSON(): string {
    return this.toString();
  }
}
