/**
 * @module ps-number
 * A number with an explicit CLIXML wire type, for when a plain JS number (I32 or Db) or bigint (I64) is
 * not the type the server expects. Deserialize returns plain numbers and bigints; serialize honours these.
 */
import { ClixmlValueError } from '../errors.js';
import { formatDouble, formatSingle } from '../number-format.js';

export type IntegerTag = 'By' | 'SB' | 'I16' | 'U16' | 'I32' | 'U32';
export type BigIntegerTag = 'I64' | 'U64';
export type FloatTag = 'Sg' | 'Db';
export type NumberTag = IntegerTag | BigIntegerTag | FloatTag;

/** Inclusive ranges of the integer types that fit a JS number. */
export const INTEGER_RANGES: Readonly<Record<IntegerTag, readonly [number, number]>> = {
  By: [0, 0xff],
  SB: [-0x80, 0x7f],
  I16: [-0x8000, 0x7fff],
  U16: [0, 0xffff],
  I32: [-0x80000000, 0x7fffffff],
  U32: [0, 0xffffffff],
};

export const BIG_INTEGER_RANGES: Readonly<Record<BigIntegerTag, readonly [bigint, bigint]>> = {
  I64: [-(2n ** 63n), 2n ** 63n - 1n],
  U64: [0n, 2n ** 64n - 1n],
};

export class PSNumber {
  readonly tag: NumberTag;
  readonly value: number | bigint;

  private constructor(tag: NumberTag, value: number | bigint) {
    this.tag = tag;
    this.value = value;
  }

  static byte(value: number): PSNumber {
    return PSNumber.#integer('By', value);
  }

  static sbyte(value: number): PSNumber {
    return PSNumber.#integer('SB', value);
  }

  static int16(value: number): PSNumber {
    return PSNumber.#integer('I16', value);
  }

  static uint16(value: number): PSNumber {
    return PSNumber.#integer('U16', value);
  }

  static int32(value: number): PSNumber {
    return PSNumber.#integer('I32', value);
  }

  static uint32(value: number): PSNumber {
    return PSNumber.#integer('U32', value);
  }

  static int64(value: bigint | number): PSNumber {
    return PSNumber.#bigInteger('I64', value);
  }

  static uint64(value: bigint | number): PSNumber {
    return PSNumber.#bigInteger('U64', value);
  }

  /** `<Sg>` (System.Single); the value is rounded to float32 precision. */
  static single(value: number): PSNumber {
    return new PSNumber('Sg', Math.fround(value));
  }

  /** `<Db>` even for integers, which a plain JS number would send as I32. */
  static double(value: number): PSNumber {
    return new PSNumber('Db', value);
  }

  /** Any tag, checked the same way as the named constructors. */
  static of(tag: NumberTag, value: number | bigint): PSNumber {
    switch (tag) {
      case 'I64':
      case 'U64':
        return PSNumber.#bigInteger(tag, value);
      case 'Sg':
        return PSNumber.single(Number(value));
      case 'Db':
        return PSNumber.double(Number(value));
      default:
        if (typeof value === 'bigint') throw new ClixmlValueError(tag, String(value), 'expected a number, not a bigint');
        return PSNumber.#integer(tag, value);
    }
  }

  static #integer(tag: IntegerTag, value: number): PSNumber {
    const [min, max] = INTEGER_RANGES[tag];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ClixmlValueError(tag, String(value), `expected an integer from ${min} to ${max}`);
    }
    return new PSNumber(tag, value);
  }

  static #bigInteger(tag: BigIntegerTag, value: bigint | number): PSNumber {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new ClixmlValueError(tag, String(value), 'expected a safe integer or a bigint');
    }
    const big = BigInt(value);
    const [min, max] = BIG_INTEGER_RANGES[tag];
    if (big < min || big > max) throw new ClixmlValueError(tag, String(value), `expected an integer from ${min} to ${max}`);
    return new PSNumber(tag, big);
  }

  valueOf(): number | bigint {
    return this.value;
  }

  /** The number as .NET writes it in text (a Single with its own shortest digits). */
  toString(): string {
    const value = this.value;
    if (typeof value === 'bigint') return String(value);
    const text = this.tag === 'Sg' ? formatSingle(value) : formatDouble(value);
    return text === 'INF' ? 'Infinity' : text === '-INF' ? '-Infinity' : text;
  }

  toJSON(): number | string {
    return typeof this.value === 'bigint' ? this.value.toString() : this.value;
  }
}
