/**
 * @module ps-decimal
 * `<D>`: a System.Decimal (28-29 significant digits), kept as its text so no precision is lost.
 */
import { ClixmlValueError } from '../errors.js';

/** XmlConvert.ToDecimal: optional sign, digits with an optional point; no exponent. */
const DECIMAL_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** Decimal.MaxValue has 29 digits; allow a sign, a point and leading zeros beyond that. */
const MAX_DECIMAL_TEXT = 64;

export class PSDecimal {
  readonly text: string;

  constructor(text: string) {
    const trimmed = text.trim();
    if (trimmed.length > MAX_DECIMAL_TEXT || !DECIMAL_PATTERN.test(trimmed)) {
      throw new ClixmlValueError('D', text, 'expected a decimal number such as -12.34');
    }
    this.text = trimmed;
  }

  /** The nearest double; may lose precision. */
  toNumber(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}
