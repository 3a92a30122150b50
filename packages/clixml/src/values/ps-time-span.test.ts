import { describe, expect, test } from 'vitest';
import { ClixmlValueError } from '../errors.js';
import { PSTimeSpan } from './ps-time-span.js';

describe('PSTimeSpan', () => {
  test.each([
    ['PT0S', 0n, '00:00:00'],
    ['PT9.0269026S', 90_269_026n, '00:00:09.0269026'],
    ['P1D', 864_000_000_000n, '1.00:00:00'],
    ['-PT1H2M3.5S', -37_235_000_000n, '-01:02:03.5000000'],
    ['P10675199DT2H48M5.4775807S', 2n ** 63n - 1n, '10675199.02:48:05.4775807'],
    ['PT0.0000001S', 1n, '00:00:00.0000001'],
  ])('%s', (text, ticks, display) => {
    const value = PSTimeSpan.parse(text);
    expect(value.ticks).toBe(ticks);
    expect(value.toClixml()).toBe(text);
    expect(value.toString()).toBe(display);
  });

  test('years and months count as 365 and 30 days; extra fraction digits are truncated', () => {
    expect(PSTimeSpan.parse('P1Y2M3D').toClixml()).toBe('P428D');
    expect(PSTimeSpan.parse('PT1.123456789S').ticks).toBe(11_234_567n);
    expect(PSTimeSpan.parse(' PT1M ').ticks).toBe(600_000_000n);
  });

  test('milliseconds', () => {
    expect(PSTimeSpan.fromMilliseconds(1500).toClixml()).toBe('PT1.5S');
    expect(PSTimeSpan.parse('PT2.5S').totalMilliseconds).toBe(2500);
    expect(() => PSTimeSpan.fromMilliseconds(Number.NaN)).toThrow(ClixmlValueError);
  });

  test('the TimeSpan range is enforced', () => {
    expect(() => new PSTimeSpan(2n ** 63n)).toThrow(ClixmlValueError);
    expect(() => PSTimeSpan.parse('P10675199DT2H48M5.4775808S')).toThrow(ClixmlValueError);
    expect(new PSTimeSpan(-(2n ** 63n)).toClixml()).toBe('-P10675199DT2H48M5.4775808S');
  });
});
