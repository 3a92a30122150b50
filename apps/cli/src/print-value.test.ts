import { PSObject } from '@psrp/clixml';
import { describe, expect, it } from 'vitest';
import { formatJsonLine, formatValue } from './print-value.js';

describe('formatValue', () => {
  it('prints text as text, with or without notes, and dates as ISO text', () => {
    expect(formatValue('hello')).toBe('hello');
    expect(formatValue(new PSObject({ baseValue: 'line', extended: { PSPath: 'p' } }))).toBe('line');
    expect(formatValue(new PSObject({ baseValue: new Date('2026-11-22T00:00:00Z'), extended: { DisplayHint: 'DateTime' } }))).toBe(
      '2026-11-22T00:00:00.000Z',
    );
  });

  it('prints numbers, objects and big integers as JSON', () => {
    expect(formatValue(2)).toBe('2');
    expect(formatValue(new PSObject({ extended: { A: 1, B: 'x' } }))).toBe('{"A":1,"B":"x"}');
    expect(formatValue(2n ** 70n)).toBe('1180591620717411303424');
    expect(formatJsonLine(2n ** 70n)).toBe('"1180591620717411303424"');
    expect(formatJsonLine(null)).toBe('null');
  });
});
