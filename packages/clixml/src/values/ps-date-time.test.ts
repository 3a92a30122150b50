import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ClixmlValueError } from '../errors.js';
import { type DateTimeKind, formatDateTime, PSDateTime } from './ps-date-time.js';

describe('PSDateTime', () => {
  test.each([
    ['2008-04-11T10:42:32.2731993-07:00', 'Local', -420, '2008-04-11T17:42:32.273Z', 1993],
    ['2018-06-13T23:46:12.1316332+00:00', 'Local', 0, '2018-06-13T23:46:12.131Z', 6332],
    ['2024-01-02T03:04:05Z', 'Utc', null, '2024-01-02T03:04:05.000Z', 0],
    ['2024-01-02T03:04:05.5', 'Unspecified', null, '2024-01-02T03:04:05.500Z', 0],
    ['0001-01-01T00:00:00', 'Unspecified', null, '0001-01-01T00:00:00.000Z', 0],
    ['9999-12-31T23:59:59.9999999Z', 'Utc', null, '9999-12-31T23:59:59.999Z', 9999],
  ] as const)('%s', (text, kind, offset, iso, subMs) => {
    const value = PSDateTime.fromClixml(text);
    expect(value).toBeInstanceOf(Date);
    expect(value.kind).toBe(kind);
    expect(value.offsetMinutes).toBe(offset);
    expect(value.toISOString()).toBe(iso);
    expect(value.subMillisecondTicks).toBe(subMs);
    expect(value.toClixml()).toBe(text);
  });

  test('reads every day and time the calendar has, as Date counts it, and refuses the rest', () => {
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 24 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        (year, month, day, hour, minute, second) => {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}Z`;
          const reference = new Date(0);
          reference.setUTCFullYear(year, month - 1, day);
          reference.setUTCHours(hour, minute, second, 0);
          const exists =
            year >= 1 &&
            reference.getUTCFullYear() === year &&
            reference.getUTCMonth() === month - 1 &&
            reference.getUTCDate() === day &&
            reference.getUTCHours() === hour &&
            reference.getUTCMinutes() === minute &&
            reference.getUTCSeconds() === second;
          if (exists) expect(PSDateTime.fromClixml(text).getTime()).toBe(reference.getTime());
          else expect(() => PSDateTime.fromClixml(text)).toThrow(/no such date or time/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test.each([
    ['2024-01-02T03:04:05.', 'expected'],
    ['2024-01-02T03:04:05.12345678', 'expected'],
    ['2024-01-02T03:04:05+0100', 'expected'],
    ['2024-01-02T03:04:05+01:00Z', 'expected'],
    ['2024-01-02 03:04:05', 'expected'],
    ['２０２４-01-02T03:04:05', 'expected'],
    ['2024-1-02T03:04:05', 'expected'],
    ['2024-01-02T03:04:05+15:00', 'offset out of range'],
    ['2024-01-02T03:04:05-01:60', 'offset out of range'],
    ['2023-02-29T00:00:00', 'no such date or time'],
  ])('refuses %s', (text, reason) => {
    expect(() => PSDateTime.fromClixml(text)).toThrow(reason);
  });

  test('reads the fraction to 100 ns, the offsets at both ends of the range, and text with whitespace around it', () => {
    expect(PSDateTime.fromClixml('2024-02-29T23:59:59.1Z').subMillisecondTicks).toBe(0);
    expect(PSDateTime.fromClixml('2024-02-29T23:59:59.1Z').getTime()).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 100));
    expect(PSDateTime.fromClixml('2024-02-29T23:59:59.0001234Z').subMillisecondTicks).toBe(1234);
    expect(PSDateTime.fromClixml('2000-01-01T00:00:00+14:00').getTime()).toBe(Date.UTC(1999, 11, 31, 10));
    expect(PSDateTime.fromClixml('2000-01-01T00:00:00-14:59').offsetMinutes).toBe(-899);
    expect(PSDateTime.fromClixml(' 2000-01-01T00:00:00Z\n').toClixml()).toBe('2000-01-01T00:00:00Z');
    expect(PSDateTime.fromClixml('2000-01-01T00:00:00.50Z').toClixml()).toBe('2000-01-01T00:00:00.50Z');
    expect(PSDateTime.fromClixml('2000-01-01T00:00:00-00:00').toClixml()).toBe('2000-01-01T00:00:00-00:00');
  });

  test('ticks are .NET DateTime.Ticks of the wall-clock time', () => {
    expect(PSDateTime.fromClixml('0001-01-01T00:00:00Z').ticks).toBe(0n);
    expect(PSDateTime.fromClixml('1970-01-01T00:00:00.0000001Z').ticks).toBe(621355968000000001n);
    expect(PSDateTime.fromClixml('1970-01-01T01:00:00+01:00').ticks).toBe(621355968000000000n + 36_000_000_000n);
  });

  test('a changed value is formatted from the Date, keeping kind and offset', () => {
    const value = PSDateTime.fromClixml('2008-04-11T10:42:32.2731993-07:00');
    value.setTime(value.getTime() + 1000);
    expect(value.subMillisecondTicks).toBe(0);
    expect(value.toClixml()).toBe('2008-04-11T10:42:33.273-07:00');
    expect(JSON.stringify({ value })).toBe('{"value":"2008-04-11T10:42:33.273-07:00"}');
  });

  test('constructed values', () => {
    expect(new PSDateTime(0).toClixml()).toBe('1970-01-01T00:00:00Z');
    expect(new PSDateTime(0, { kind: 'Local', offsetMinutes: 330, subMillisecondTicks: 5 }).toClixml()).toBe('1970-01-01T05:30:00.0000005+05:30');
    expect(formatDateTime(Date.UTC(2020, 1, 29, 12), 'Unspecified', 0, 0)).toBe('2020-02-29T12:00:00');
    expect(() => formatDateTime(Date.UTC(10000, 0, 1), 'Utc', 0, 0)).toThrow(ClixmlValueError);
  });

  test('the writer copies the wire text only when formatting the value read would write other text', () => {
    const generated = fc.tuple(
      // A day inside the DateTime range at each end, so that any offset keeps the wall-clock time in it.
      fc.integer({ min: -62_135_510_400_000, max: 253_402_214_400_000 }),
      fc.constantFrom<DateTimeKind>('Utc', 'Local', 'Unspecified'),
      fc.integer({ min: -14 * 60, max: 14 * 60 }),
      fc.integer({ min: 0, max: 9999 }),
    );
    fc.assert(
      fc.property(generated, ([ms, kind, offset, ticks]) => {
        // Text as .NET writes it: formatting the value read gives it back, so the writer needs no copy.
        const text = formatDateTime(ms, kind, offset, ticks);
        const value = PSDateTime.fromClixml(text);
        expect(PSDateTime.verbatimText(value)).toBeUndefined();
        expect(formatDateTime(value.getTime(), value.kind, value.offsetMinutes ?? 0, value.subMillisecondTicks)).toBe(text);
      }),
      { numRuns: 5000, seed: 4 },
    );
    for (const text of ['2024-01-02T03:04:05.50Z', '2024-01-02T03:04:05.0', '2024-01-02T03:04:05-00:00', '2024-01-02T03:04:05.1-00:00']) {
      const value = PSDateTime.fromClixml(` ${text}\n`);
      expect(PSDateTime.verbatimText(value)).toBe(text);
      value.setTime(value.getTime() + 1);
      expect(PSDateTime.verbatimText(value)).toBeUndefined();
    }
    // A wire text handed to the constructor is not checked: it is copied as it is.
    expect(PSDateTime.verbatimText(new PSDateTime(0, {}, '1970-01-01T00:00:00Z'))).toBe('1970-01-01T00:00:00Z');
  });

  test.each(['2008-04-11', '2008-04-11T24:00:00Z', '2008-13-01T00:00:00Z', '2008-04-11T10:42:60Z', '0000-01-01T00:00:00Z', '2008-04-11T10:42:32.12345678Z'])(
    'rejects %s',
    (text) => {
      expect(() => PSDateTime.fromClixml(text)).toThrow(ClixmlValueError);
    },
  );
});

describe('formatting', () => {
  test('UTC text matches toISOString over the whole DateTime range (years 1-9999)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString();
        const fraction = ms % 1000 !== 0 ? `.${iso.slice(20, 23).replace(/0+$/, '')}` : '';
        expect(formatDateTime(ms, 'Utc', 0, 0)).toBe(`${iso.slice(0, 19)}${fraction}Z`);
      }),
      { numRuns: 20_000, seed: 3 },
    );
    expect(() => formatDateTime(-62_135_596_800_001, 'Utc', 0, 0)).toThrow(/years 1-9999/);
  });

  test('times of one day, of days side by side, and back (the day written last is kept)', () => {
    const day = Date.UTC(2024, 1, 28);
    const times = [day, day + 1, day + 86_399_999, day + 86_400_000, day + 86_400_000 * 2, day - 1, day, day + 86_400_000 * 2 + 5, day - 86_400_000 * 366];
    for (const ms of times) {
      const iso = new Date(ms).toISOString();
      const fraction = ms % 1000 !== 0 ? `.${iso.slice(20, 23).replace(/0+$/, '')}` : '';
      expect(formatDateTime(ms, 'Utc', 0, 0)).toBe(`${iso.slice(0, 19)}${fraction}Z`);
    }
  });
});
