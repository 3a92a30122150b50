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

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?$/;
const TICKS_PER_MILLISECOND = 10_000;
const FRACTION_DIGITS = 7;
const MS_PER_MINUTE = 60_000;
const MINUTES_PER_HOUR = 60;
/** Milliseconds from 0001-01-01T00:00:00 (.NET tick zero) to the Unix epoch. */
const DOTNET_EPOCH_OFFSET_MS = 62_135_596_800_000;
const MAX_OFFSET_HOURS = 14;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Epoch milliseconds of a UTC wall-clock time; valid for years 1-99 too, unlike Date.UTC. */
function utcMilliseconds(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

/**
 * Year, month and day of a count of days since 1970-01-01 in the proleptic Gregorian calendar (the civil-from-days
 * method: plain integer arithmetic, several times faster than building a Date and asking it).
 */
function civilFromDays(days: number): [number, number, number] {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function formatWallClock(wallMs: number, subMillisecondTicks: number): string {
  const days = Math.floor(wallMs / MS_PER_DAY);
  const [year, month, day] = civilFromDays(days);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new ClixmlValueError('DT', new Date(wallMs).toISOString(), 'System.DateTime holds years 1-9999 only');
  }
  const msOfDay = wallMs - days * MS_PER_DAY;
  const seconds = Math.floor(msOfDay / MS_PER_SECOND);
  let text =
    `${pad(year, 4)}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[Math.floor(seconds / 3600)]}:` +
    `${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}`;
  const fractionTicks = (msOfDay - seconds * MS_PER_SECOND) * TICKS_PER_MILLISECOND + subMillisecondTicks;
  // RoundtripKind writes the fraction with trailing zeros trimmed ("FFFFFFF"), and none when zero.
  if (fractionTicks > 0) text += `.${pad(fractionTicks, FRACTION_DIGITS).replace(/0+$/, '')}`;
  return text;
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(absolute / MINUTES_PER_HOUR), 2)}:${pad(absolute % MINUTES_PER_HOUR, 2)}`;
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
    const match = DATE_TIME_PATTERN.exec(trimmed);
    if (match === null) throw new ClixmlValueError('DT', text, 'expected yyyy-MM-ddTHH:mm:ss[.fffffff][Z|+hh:mm]');
    const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const fraction = (match[7] ?? '').padEnd(FRACTION_DIGITS, '0');
    const fractionTicks = Number(fraction);
    const suffix = match[8];
    const wallMs = utcMilliseconds(year, month, day, hour, minute, second, Math.floor(fractionTicks / TICKS_PER_MILLISECOND));
    const check = new Date(wallMs);
    const valid =
      year >= MIN_YEAR &&
      year <= MAX_YEAR &&
      check.getUTCMonth() === month - 1 &&
      check.getUTCDate() === day &&
      check.getUTCHours() === hour &&
      check.getUTCMinutes() === minute &&
      check.getUTCSeconds() === second;
    if (!valid) throw new ClixmlValueError('DT', text, 'no such date or time');
    const subMillisecondTicks = fractionTicks % TICKS_PER_MILLISECOND;
    if (suffix === undefined) return new PSDateTime(wallMs, { kind: 'Unspecified', subMillisecondTicks }, trimmed);
    if (suffix === 'Z') return new PSDateTime(wallMs, { kind: 'Utc', subMillisecondTicks }, trimmed);
    const hours = Number(suffix.slice(1, 3));
    const minutes = Number(suffix.slice(4, 6));
    if (hours > MAX_OFFSET_HOURS || minutes >= MINUTES_PER_HOUR) throw new ClixmlValueError('DT', text, 'offset out of range');
    const offsetMinutes = (suffix.startsWith('-') ? -1 : 1) * (hours * MINUTES_PER_HOUR + minutes);
    return new PSDateTime(wallMs - offsetMinutes * MS_PER_MINUTE, { kind: 'Local', offsetMinutes, subMillisecondTicks }, trimmed);
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

/** Formats epoch milliseconds as RoundtripKind text; a plain Date is written as UTC. */
export function formatDateTime(epochMilliseconds: number, kind: DateTimeKind, offsetMinutes: number, subMillisecondTicks: number): string {
  if (Number.isNaN(epochMilliseconds)) throw new ClixmlValueError('DT', 'Invalid Date', 'the Date is invalid');
  switch (kind) {
    case 'Utc':
      return `${formatWallClock(epochMilliseconds, subMillisecondTicks)}Z`;
    case 'Unspecified':
      return formatWallClock(epochMilliseconds, subMillisecondTicks);
    case 'Local':
      return formatWallClock(epochMilliseconds + offsetMinutes * MS_PER_MINUTE, subMillisecondTicks) + formatOffset(offsetMinutes);
  }
}
