/**
 * @module ps-date-time
 * `<DT>`: a System.DateTime as XmlConvert writes it with RoundtripKind (MS-PSRP 2.2.5.1.4):
 * `2008-04-11T10:42:32.2731993-07:00` (Local), `...Z` (Utc) or no suffix (Unspecified), up to 7
 * fraction digits (100 ns ticks). PSDateTime is a Date (millisecond precision) that also keeps the kind,
 * the offset, the sub-millisecond ticks and the exact wire text, so an unchanged value re-serializes
 * byte for byte.
 */
import { ClixmlValueError } from '../errors.js';

export type DateTimeKind = 'Utc' | 'Local' | 'Unspecified';

const TICKS_PER_MILLISECOND = 10_000;
const FRACTION_DIGITS = 7;
const MS_PER_MINUTE = 60_000;
const MINUTES_PER_HOUR = 60;
/** Milliseconds from 0001-01-01T00:00:00 (.NET tick zero) to the Unix epoch. */
const DOTNET_EPOCH_OFFSET_MS = 62_135_596_800_000;
const MAX_OFFSET_HOURS = 14;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;

/** Days from 1970-01-01 to 0001-01-01 and to 9999-12-31: System.DateTime's range. */
const MIN_DAYS = -719_162;
const MAX_DAYS = 2_932_896;
/** Bytes of the longest `<DT>` text: `yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm`. */
export const MAX_DATE_TIME_BYTES = 33;
const MAX_SUB_MILLISECOND_TICKS = 9999;
/** Two-digit offset hours. */
const MAX_OFFSET_MINUTES = 99 * MINUTES_PER_HOUR + 59;
const SECONDS_PER_HOUR = 3600;
const SECONDS_PER_MINUTE = 60;
const DIGIT_ZERO = 0x30;
const DASH = 0x2d;
const PLUS = 0x2b;
const COLON = 0x3a;
const LETTER_T = 0x54;
const LETTER_Z = 0x5a;
const DOT = 0x2e;
const DECIMAL = 10;

const MONTHS_PER_YEAR = 12;
const HOURS_PER_DAY = 24;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** The suffix of a `<DT>` text: none, `Z`, or an offset ahead of UTC (`+`) or behind it (`-`), as its sign. */
const SUFFIX_NONE = 0;
const SUFFIX_UTC = 2;
const SUFFIX_AHEAD = 1;
const SUFFIX_BEHIND = -1;
/** `yyyy-MM-ddTHH:mm:ss`. */
const SECONDS_TEXT = 19;
const MAX_FRACTION_DIGITS = 7;

/** The fields of a `<DT>` text, as written (not checked against the calendar). */
interface DateTimeFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The fraction of the second in 100 ns ticks. */
  fractionTicks: number;
  /** A fraction written with a trailing zero (writeDateTime would not write it so). */
  fractionEndsInZero: boolean;
  /** SUFFIX_NONE, SUFFIX_UTC, or the offset's sign (SUFFIX_AHEAD, SUFFIX_BEHIND). */
  suffix: number;
  offsetHours: number;
  offsetMinutes: number;
}

/** The number written with `count` ASCII digits at `at`, or -1 when one of them is no digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index++) {
    const digit = text.charCodeAt(index) - DIGIT_ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * DECIMAL + digit;
  }
  return value;
}

/**
 * The fields of XmlConvert's RoundtripKind text, `yyyy-MM-ddTHH:mm:ss[.f{1,7}][Z|(+|-)hh:mm]` (ASCII digits), read by
 * hand; null for any other text.
 */
function readDateTimeFields(text: string): DateTimeFields | null {
  if (text.length < SECONDS_TEXT) return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const separated =
    text.charCodeAt(4) === DASH && text.charCodeAt(7) === DASH && text.charCodeAt(10) === LETTER_T && text.charCodeAt(13) === COLON && text.charCodeAt(16) === COLON;
  if (!separated || (year | month | day | hour | minute | second) < 0) return null;
  let at = SECONDS_TEXT;
  let fractionTicks = 0;
  let fractionEndsInZero = false;
  if (text.charCodeAt(at) === DOT) {
    let digits = 0;
    at++;
    for (let digit = text.charCodeAt(at) - DIGIT_ZERO; digit >= 0 && digit <= 9 && digits < MAX_FRACTION_DIGITS; digit = text.charCodeAt(at) - DIGIT_ZERO) {
      fractionTicks = fractionTicks * DECIMAL + digit;
      fractionEndsInZero = digit === 0;
      digits++;
      at++;
    }
    if (digits === 0) return null;
    for (; digits < MAX_FRACTION_DIGITS; digits++) fractionTicks *= DECIMAL;
  }
  const fields: DateTimeFields = { year, month, day, hour, minute, second, fractionTicks, fractionEndsInZero, suffix: SUFFIX_NONE, offsetHours: 0, offsetMinutes: 0 };
  if (at === text.length) return fields;
  const marker = text.charCodeAt(at);
  if (marker === LETTER_Z) {
    fields.suffix = SUFFIX_UTC;
    return at + 1 === text.length ? fields : null;
  }
  if ((marker !== PLUS && marker !== DASH) || at + '+hh:mm'.length !== text.length || text.charCodeAt(at + 3) !== COLON) return null;
  fields.suffix = marker === PLUS ? SUFFIX_AHEAD : SUFFIX_BEHIND;
  fields.offsetHours = digitsAt(text, at + 1, 2);
  fields.offsetMinutes = digitsAt(text, at + 4, 2);
  return (fields.offsetHours | fields.offsetMinutes) < 0 ? null : fields;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar from year 1 (days-from-civil: integer arithmetic). */
function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * `value` (an integer from 0 to 2^31 - 1) as exactly `width` decimal digits at `at`; returns the end. All of a date's
 * fields are such integers once its day is found, so the arithmetic stays in 32 bits.
 */
function writeDigits(bytes: Uint8Array, at: number, value: number, width: number): number {
  let rest = value | 0;
  for (let index = at + width - 1; index >= at; index--) {
    const quotient = (rest / DECIMAL) | 0;
    bytes[index] = DIGIT_ZERO + rest - quotient * DECIMAL;
    rest = quotient;
  }
  return at + width;
}

/**
 * `yyyy-MM-dd` of a count of days since 1970-01-01 (from MIN_DAYS to MAX_DAYS), in bytes at `at`; returns the end. The
 * civil-from-days method of the proleptic Gregorian calendar: integer arithmetic, several times faster than building a
 * Date and asking it (every quotient is of positive numbers here, so truncating is flooring).
 */
function writeCivilDate(bytes: Uint8Array, at: number, days: number): number {
  const shifted = (days + 719_468) | 0;
  const era = (shifted / 146_097) | 0;
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = ((dayOfEra - ((dayOfEra / 1460) | 0) + ((dayOfEra / 36_524) | 0) - ((dayOfEra / 146_096) | 0)) / 365) | 0;
  const dayOfYear = dayOfEra - (365 * yearOfEra + ((yearOfEra / 4) | 0) - ((yearOfEra / 100) | 0));
  const monthIndex = ((5 * dayOfYear + 2) / 153) | 0;
  const day = dayOfYear - (((153 * monthIndex + 2) / 5) | 0) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  let end = writeDigits(bytes, at, yearOfEra + era * 400 + (month <= 2 ? 1 : 0), 4);
  bytes[end++] = DASH;
  end = writeDigits(bytes, end, month, 2);
  bytes[end++] = DASH;
  return writeDigits(bytes, end, day, 2);
}

/** `yyyy-MM-dd` is this long. */
const CIVIL_DATE_BYTES = 10;
/** The day written last and its `yyyy-MM-dd`: the dates of a batch of objects mostly fall on a few days. */
let lastDays = Number.NaN;
const lastCivilDate = new Uint8Array(CIVIL_DATE_BYTES);

/** `yyyy-MM-ddTHH:mm:ss[.fffffff]` of a wall-clock time, in bytes at `at`; returns the end. */
function writeWallClock(bytes: Uint8Array, at: number, wallMs: number, subMillisecondTicks: number): number {
  const days = Math.floor(wallMs / MS_PER_DAY);
  if (days < MIN_DAYS || days > MAX_DAYS) {
    throw new ClixmlValueError('DT', new Date(wallMs).toISOString(), 'System.DateTime holds years 1-9999 only');
  }
  const msOfDay = (wallMs - days * MS_PER_DAY) | 0;
  const seconds = (msOfDay / MS_PER_SECOND) | 0;
  let end: number;
  if (days === lastDays) {
    for (let index = 0; index < CIVIL_DATE_BYTES; index++) bytes[at + index] = lastCivilDate[index] as number;
    end = at + CIVIL_DATE_BYTES;
  } else {
    end = writeCivilDate(bytes, at, days);
    lastCivilDate.set(bytes.subarray(at, end));
    lastDays = days;
  }
  bytes[end++] = LETTER_T;
  end = writeDigits(bytes, end, (seconds / SECONDS_PER_HOUR) | 0, 2);
  bytes[end++] = COLON;
  end = writeDigits(bytes, end, ((seconds / SECONDS_PER_MINUTE) | 0) % SECONDS_PER_MINUTE, 2);
  bytes[end++] = COLON;
  end = writeDigits(bytes, end, seconds % SECONDS_PER_MINUTE, 2);
  const fractionTicks = (msOfDay - seconds * MS_PER_SECOND) * TICKS_PER_MILLISECOND + subMillisecondTicks;
  // RoundtripKind writes the fraction with trailing zeros trimmed ("FFFFFFF"), and none when zero.
  if (fractionTicks > 0) {
    bytes[end++] = DOT;
    end = writeDigits(bytes, end, fractionTicks, FRACTION_DIGITS);
    while (bytes[end - 1] === DIGIT_ZERO) end--;
  }
  return end;
}

/**
 * Writes the RoundtripKind text of epoch milliseconds into `bytes` at `at` (room for MAX_DATE_TIME_BYTES needed) and
 * returns where it ends; a plain Date is written as UTC. The writer calls this with its output buffer: a date costs
 * no string.
 */
export function writeDateTime(
  bytes: Uint8Array,
  at: number,
  epochMilliseconds: number,
  kind: DateTimeKind,
  offsetMinutes: number,
  subMillisecondTicks: number,
): number {
  if (Number.isNaN(epochMilliseconds)) throw new ClixmlValueError('DT', 'Invalid Date', 'the Date is invalid');
  if (!Number.isInteger(subMillisecondTicks) || subMillisecondTicks < 0 || subMillisecondTicks > MAX_SUB_MILLISECOND_TICKS) {
    throw new ClixmlValueError('DT', String(subMillisecondTicks), 'subMillisecondTicks must be an integer from 0 to 9999');
  }
  switch (kind) {
    case 'Utc': {
      const end = writeWallClock(bytes, at, epochMilliseconds, subMillisecondTicks);
      bytes[end] = LETTER_Z;
      return end + 1;
    }
    case 'Unspecified':
      return writeWallClock(bytes, at, epochMilliseconds, subMillisecondTicks);
    case 'Local': {
      if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) {
        throw new ClixmlValueError('DT', String(offsetMinutes), 'offsetMinutes must be an integer of at most 99 hours');
      }
      let end = writeWallClock(bytes, at, epochMilliseconds + offsetMinutes * MS_PER_MINUTE, subMillisecondTicks);
      bytes[end++] = offsetMinutes < 0 ? DASH : PLUS;
      const absolute = Math.abs(offsetMinutes);
      end = writeDigits(bytes, end, Math.floor(absolute / MINUTES_PER_HOUR), 2);
      bytes[end++] = COLON;
      return writeDigits(bytes, end, absolute % MINUTES_PER_HOUR, 2);
    }
    default:
      throw new ClixmlValueError('DT', String(kind), "kind must be 'Utc', 'Local' or 'Unspecified'");
  }
}

export interface PSDateTimeOptions {
  /** Default 'Utc'. 'Unspecified' times are written without an offset and read as UTC. */
  kind?: DateTimeKind;
  /** Offset from UTC written for 'Local' times, in minutes. Default 0. */
  offsetMinutes?: number;
  /** 100 ns ticks below the millisecond, 0-9999. Default 0. */
  subMillisecondTicks?: number;
}

export class PSDateTime extends Date {
  readonly kind: DateTimeKind;
  /** Offset from UTC in minutes for 'Local' times; null for 'Utc' and 'Unspecified'. */
  readonly offsetMinutes: number | null;
  readonly #subMillisecondTicks: number;
  readonly #wireText: string | undefined;
  readonly #wireTime: number;
  /** The wire text is what writeDateTime writes for the value as read (fromClixml checks): the writer need not copy it. */
  #wireIsFormatted = false;

  constructor(epochMilliseconds: number, options: PSDateTimeOptions = {}, wireText?: string) {
    super(epochMilliseconds);
    this.kind = options.kind ?? 'Utc';
    this.offsetMinutes = this.kind === 'Local' ? (options.offsetMinutes ?? 0) : null;
    this.#subMillisecondTicks = options.subMillisecondTicks ?? 0;
    this.#wireText = wireText;
    this.#wireTime = epochMilliseconds;
  }

  /** Reads XmlConvert RoundtripKind text (named so because Date.parse is taken). 'Unspecified' times (no suffix) are taken as UTC. */
  static fromClixml(text: string): PSDateTime {
    const trimmed = text.trim();
    const fields = readDateTimeFields(trimmed);
    if (fields === null) throw new ClixmlValueError('DT', text, 'expected yyyy-MM-ddTHH:mm:ss[.fffffff][Z|+hh:mm]');
    const { year, month, day, hour, minute, second, fractionTicks } = fields;
    const valid =
      year >= MIN_YEAR &&
      month >= 1 &&
      month <= MONTHS_PER_YEAR &&
      day >= 1 &&
      day <= daysInMonth(year, month) &&
      hour < HOURS_PER_DAY &&
      minute < MINUTES_PER_HOUR &&
      second < SECONDS_PER_MINUTE;
    if (!valid) throw new ClixmlValueError('DT', text, 'no such date or time');
    const wallMs =
      daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * MINUTES_PER_HOUR + minute) * SECONDS_PER_MINUTE + second) * MS_PER_SECOND + Math.floor(fractionTicks / TICKS_PER_MILLISECOND);
    const subMillisecondTicks = fractionTicks % TICKS_PER_MILLISECOND;
    let value: PSDateTime;
    if (fields.suffix === SUFFIX_NONE) value = new PSDateTime(wallMs, { kind: 'Unspecified', subMillisecondTicks }, trimmed);
    else if (fields.suffix === SUFFIX_UTC) value = new PSDateTime(wallMs, { kind: 'Utc', subMillisecondTicks }, trimmed);
    else {
      if (fields.offsetHours > MAX_OFFSET_HOURS || fields.offsetMinutes >= MINUTES_PER_HOUR) throw new ClixmlValueError('DT', text, 'offset out of range');
      const offsetMinutes = fields.suffix * (fields.offsetHours * MINUTES_PER_HOUR + fields.offsetMinutes);
      value = new PSDateTime(wallMs - offsetMinutes * MS_PER_MINUTE, { kind: 'Local', offsetMinutes, subMillisecondTicks }, trimmed);
    }
    // writeDateTime writes the fields as they were read, the fraction without trailing zeros and a zero offset as +00:00.
    value.#wireIsFormatted = !fields.fractionEndsInZero && !(fields.suffix === SUFFIX_BEHIND && fields.offsetHours === 0 && fields.offsetMinutes === 0);
    return value;
  }

  /**
   * For the writer: the wire text when it must be copied as it is (unchanged since read, and not what writeDateTime
   * writes for the value); else undefined, and the value is written from its fields, with no string read.
   */
  static verbatimText(value: PSDateTime): string | undefined {
    return value.#wireIsFormatted || !value.#isUnchanged() ? undefined : value.#wireText;
  }

  /** 100 ns ticks below the millisecond; 0 once the Date has been changed with a setter. */
  get subMillisecondTicks(): number {
    return this.#isUnchanged() ? this.#subMillisecondTicks : 0;
  }

  /** .NET DateTime.Ticks of the wall-clock time this value was written with (100 ns since 0001-01-01). */
  get ticks(): bigint {
    const wallMs = this.getTime() + (this.offsetMinutes ?? 0) * MS_PER_MINUTE;
    return BigInt(wallMs + DOTNET_EPOCH_OFFSET_MS) * BigInt(TICKS_PER_MILLISECOND) + BigInt(this.subMillisecondTicks);
  }

  /** The `<DT>` text: the wire text when unchanged since it was read, else formatted from the value. */
  toClixml(): string {
    if (this.#wireText !== undefined && this.#isUnchanged()) return this.#wireText;
    return formatDateTime(this.getTime(), this.kind, this.offsetMinutes ?? 0, this.subMillisecondTicks);
  }

  override toJSON(): string {
    return this.toClixml();
  }

  #isUnchanged(): boolean {
    return this.getTime() === this.#wireTime;
  }
}

const formatted = new Uint8Array(MAX_DATE_TIME_BYTES);

/** Formats epoch milliseconds as RoundtripKind text; a plain Date is written as UTC. */
export function formatDateTime(epochMilliseconds: number, kind: DateTimeKind, offsetMinutes: number, subMillisecondTicks: number): string {
  const end = writeDateTime(formatted, 0, epochMilliseconds, kind, offsetMinutes, subMillisecondTicks);
  return String.fromCharCode.apply(null, formatted.subarray(0, end) as unknown as number[]);
}
