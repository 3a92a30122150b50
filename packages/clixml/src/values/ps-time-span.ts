/**
 * @module ps-time-span
 * `<TS>`: a System.TimeSpan as an xsd:duration (MS-PSRP 2.2.5.1.5), e.g. `PT9.0269026S`, `-P1DT2H`.
 * Kept as .NET ticks (100 ns) in a bigint, the full TimeSpan range.
 */
import { ClixmlValueError } from '../errors.js';

const DURATION_PATTERN =
  /^(-)?P(?:(\d{1,20})Y)?(?:(\d{1,20})M)?(?:(\d{1,20})D)?(?:T(?:(\d{1,20})H)?(?:(\d{1,20})M)?(?:(\d{1,20})(?:\.(\d{1,20}))?S)?)?$/;
const TICKS_PER_MILLISECOND = 10_000n;
const TICKS_PER_SECOND = 10_000_000n;
const TICKS_PER_MINUTE = 60n * TICKS_PER_SECOND;
const TICKS_PER_HOUR = 60n * TICKS_PER_MINUTE;
const TICKS_PER_DAY = 24n * TICKS_PER_HOUR;
/** XmlConvert counts a year as 365 days and a month as 30 (TimeSpan has no calendar). */
const DAYS_PER_YEAR = 365n;
const DAYS_PER_MONTH = 30n;
const FRACTION_DIGITS = 7;
const MIN_TICKS = -(2n ** 63n);
const MAX_TICKS = 2n ** 63n - 1n;

function bigOrZero(text: string | undefined): bigint {
  return text === undefined ? 0n : BigInt(text);
}

export class PSTimeSpan {
  /** .NET TimeSpan.Ticks: 100 ns units, signed 64-bit. */
  readonly ticks: bigint;

  constructor(ticks: bigint) {
    if (ticks < MIN_TICKS || ticks > MAX_TICKS) throw new ClixmlValueError('TS', String(ticks), 'outside the TimeSpan range');
    this.ticks = ticks;
  }

  static fromMilliseconds(milliseconds: number): PSTimeSpan {
    if (!Number.isFinite(milliseconds)) throw new ClixmlValueError('TS', String(milliseconds), 'not a finite duration');
    return new PSTimeSpan(BigInt(Math.round(milliseconds * Number(TICKS_PER_MILLISECOND))));
  }

  static parse(text: string): PSTimeSpan {
    const trimmed = text.trim();
    const match = DURATION_PATTERN.exec(trimmed);
    // "P" alone and a "T" with nothing after it are not durations.
    if (match === null || trimmed.endsWith('P') || trimmed.endsWith('T')) {
      throw new ClixmlValueError('TS', text, 'expected an xsd:duration such as PT9.0269026S');
    }
    const [, negative, years, months, days, hours, minutes, seconds, fraction] = match;
    const fractionTicks = fraction === undefined ? 0n : BigInt(fraction.slice(0, FRACTION_DIGITS).padEnd(FRACTION_DIGITS, '0'));
    const totalDays = bigOrZero(years) * DAYS_PER_YEAR + bigOrZero(months) * DAYS_PER_MONTH + bigOrZero(days);
    const magnitude =
      totalDays * TICKS_PER_DAY +
      bigOrZero(hours) * TICKS_PER_HOUR +
      bigOrZero(minutes) * TICKS_PER_MINUTE +
      bigOrZero(seconds) * TICKS_PER_SECOND +
      fractionTicks;
    const ticks = negative === undefined ? magnitude : -magnitude;
    if (ticks < MIN_TICKS || ticks > MAX_TICKS) throw new ClixmlValueError('TS', text, 'outside the TimeSpan range');
    return new PSTimeSpan(ticks);
  }

  /** May lose sub-millisecond precision beyond 2^53 ticks. */
  get totalMilliseconds(): number {
    return Number(this.ticks) / Number(TICKS_PER_MILLISECOND);
  }

  /** The xsd:duration XmlConvert writes: `PT0S`, `P1D`, `-PT1H2M3.5S`. */
  toClixml(): string {
    const negative = this.ticks < 0n;
    let rest = negative ? -this.ticks : this.ticks;
    const days = rest / TICKS_PER_DAY;
    rest %= TICKS_PER_DAY;
    const hours = rest / TICKS_PER_HOUR;
    rest %= TICKS_PER_HOUR;
    const minutes = rest / TICKS_PER_MINUTE;
    rest %= TICKS_PER_MINUTE;
    const seconds = rest / TICKS_PER_SECOND;
    const fraction = rest % TICKS_PER_SECOND;
    let text = negative ? '-P' : 'P';
    if (days > 0n) text += `${days}D`;
    if (hours > 0n || minutes > 0n || seconds > 0n || fraction > 0n) {
      text += 'T';
      if (hours > 0n) text += `${hours}H`;
      if (minutes > 0n) text += `${minutes}M`;
      if (seconds > 0n || fraction > 0n) {
        text += String(seconds);
        if (fraction > 0n) text += `.${String(fraction).padStart(FRACTION_DIGITS, '0').replace(/0+$/, '')}`;
        text += 'S';
      }
    } else if (days === 0n) {
      text += 'T0S';
    }
    return text;
  }

  /** .NET's constant format: `[-][d.]hh:mm:ss[.fffffff]`. */
  toString(): string {
    const negative = this.ticks < 0n;
    let rest = negative ? -this.ticks : this.ticks;
    const days = rest / TICKS_PER_DAY;
    rest %= TICKS_PER_DAY;
    const clock = [rest / TICKS_PER_HOUR, (rest % TICKS_PER_HOUR) / TICKS_PER_MINUTE, (rest % TICKS_PER_MINUTE) / TICKS_PER_SECOND];
    const fraction = rest % TICKS_PER_SECOND;
    let text = (negative ? '-' : '') + (days > 0n ? `${days}.` : '');
    text += clock.map((part) => String(part).padStart(2, '0')).join(':');
    if (fraction > 0n) text += `.${String(fraction).padStart(FRACTION_DIGITS, '0')}`;
    return text;
  }

  toJSON(): string {
    return this.toString();
  }
}
