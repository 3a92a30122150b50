import { PSObject, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { specTypedValue } from '../../../test/ms-psrp-examples.js';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { fromCoordinates, fromRectangle, fromSize, toCoordinates, toRectangle, toSize } from './geometry.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('spec examples', () => {
  test('Coordinates (2.2.3.1)', () => {
    const { type, value } = specTypedValue('### 2.2.3.1 Coordinates');
    expect(type).toBe('System.Management.Automation.Host.Coordinates');
    expect(fromCoordinates(value)).toEqual({ x: 0, y: 0 });
    expect(roundTrip(toCoordinates({ x: 0, y: 0 }))).toStrictEqual(value);
  });

  test('Size (2.2.3.2)', () => {
    const { value } = specTypedValue('### 2.2.3.2 Size');
    expect(fromSize(value)).toEqual({ width: 181, height: 98 });
    expect(roundTrip(toSize({ width: 181, height: 98 }))).toStrictEqual(value);
  });
});

describe('round trips', () => {
  test('Coordinates, Size, Rectangle', () => {
    expect(fromCoordinates(roundTrip(toCoordinates({ x: -3, y: 2147483647 })))).toEqual({ x: -3, y: 2147483647 });
    expect(fromSize(roundTrip(toSize({ width: 120, height: 3000 })))).toEqual({ width: 120, height: 3000 });
    const rectangle = { left: 1, top: 2, right: 3, bottom: 4 };
    expect(fromRectangle(roundTrip(toRectangle(rectangle)))).toEqual(rectangle);
    expect(serialize(toRectangle(rectangle))).toBe(
      '<Obj RefId="0"><MS><I32 N="left">1</I32><I32 N="top">2</I32><I32 N="right">3</I32><I32 N="bottom">4</I32></MS></Obj>',
    );
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  const object = (extended: Record<string, PsValue>): PSObject => new PSObject({ extended });
  test.each<[string, () => unknown]>([
    ['Coordinates that are a string', () => fromCoordinates('0,0')],
    ['Coordinates without y', () => fromCoordinates(object({ x: 1 }))],
    ['Coordinates with a fraction', () => fromCoordinates(object({ x: 1.5, y: 0 }))],
    ['Coordinates beyond Int32', () => fromCoordinates(object({ x: 2 ** 31, y: 0 }))],
    ['Size with a string', () => fromSize(object({ width: '1', height: 1 }))],
    ['Rectangle without bottom', () => fromRectangle(object({ left: 0, top: 0, right: 0 }))],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});

describe('writers reject what a host must not answer with PsrpHostError', () => {
  test.each<[string, () => unknown]>([
    ['Coordinates with a fraction', () => toCoordinates({ x: 0.5, y: 0 })],
    ['a Size beyond Int32', () => toSize({ width: 2 ** 31, height: 1 })],
  ])('%s', (_name, write) => {
    expect(write).toThrow(PsrpHostError);
  });
});
