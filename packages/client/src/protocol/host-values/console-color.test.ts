import { deserialize, psEnum, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { specTypedValue } from '../../../test/ms-psrp-examples.js';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { CONSOLE_COLORS, fromConsoleColor, toConsoleColor } from './console-color.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('spec examples', () => {
  test('Color (2.2.3.3)', () => {
    const { type, value } = specTypedValue('### 2.2.3.3 Color');
    expect(type).toBe('System.ConsoleColor');
    expect(fromConsoleColor(value)).toBe('DarkMagenta');
    expect(toConsoleColor('DarkMagenta')).toBe(value);
  });
});

describe('round trips', () => {
  test('every ConsoleColor', () => {
    CONSOLE_COLORS.forEach((color, index) => {
      expect(toConsoleColor(color)).toBe(index);
      expect(fromConsoleColor(roundTrip(toConsoleColor(color)))).toBe(color);
      expect(fromConsoleColor(psEnum('System.ConsoleColor', color, index))).toBe(color);
    });
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  test.each<[string, () => unknown]>([
    ['a color of 16', () => fromConsoleColor(16)],
    ['a color of -1', () => fromConsoleColor(-1)],
    ['a color that is a name', () => fromConsoleColor('Red')],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});

describe('writers reject what a host must not answer with PsrpHostError', () => {
  test.each<[string, () => unknown]>([
    ['an unknown color', () => toConsoleColor('Pink' as never)],
  ])('%s', (_name, write) => {
    expect(write).toThrow(PsrpHostError);
  });
});
