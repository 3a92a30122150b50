import { PSObject, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { PsrpProtocolError } from '../../errors.js';
import { fromCoordinates } from './geometry.js';
import { hostMember, readHostArray, readHostChar, readHostInt32, readHostInt64, readHostList, toHostArray } from './host-encoding.js';

/** A parameter captured from PowerShell 7.6.10 (`PromptForChoice(..., [int[]]@(1))`). */
const CAPTURED_INT_ARRAY =
  '<Obj RefId="4"><MS><Obj N="mae" RefId="5"><TN RefId="1"><T>System.Collections.ArrayList</T><T>System.Object</T></TN><LST><I32>1</I32></LST></Obj>' +
  '<Obj N="mal" RefId="6"><TN RefId="2"><T>System.Int32[]</T><T>System.Array</T><T>System.Object</T></TN><LST><I32>1</I32></LST></Obj></MS></Obj>';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('round trips', () => {
  test('an int[] as PowerShell sends it reads as a list', () => {
    expect(readHostList(deserialize(CAPTURED_INT_ARRAY), 'defaultChoices')).toEqual([1]);
    expect(roundTrip(toHostArray([1], [1]))).toStrictEqual(deserialize(CAPTURED_INT_ARRAY));
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  test.each<[string, () => unknown]>([
    ['an array claiming 2^31 x 2^31 elements', () => readHostArray(toHostArray([], [2147483647, 2147483647]), 'a')],
    ['a list that is a number', () => readHostList(3, 'x')],
    ['a 2-D array where a list is expected', () => readHostList(toHostArray([1, 2, 3, 4], [2, 2]), 'x')],
    ['an Int64 beyond range', () => readHostInt64(2n ** 63n, 'x')],
    ['an Int32 that is a boolean', () => readHostInt32(true, 'x')],
    ['a char that is empty', () => readHostChar('', 'x')],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });

  test('a prototype-named property is a plain name', () => {
    const tricky = new PSObject({ extended: { __proto__: 1, constructor: 2 } });
    expect(hostMember(tricky, 'constructor')).toBe(2);
    expect(() => fromCoordinates(tricky)).toThrow(PsrpProtocolError);
  });

  test('names are found whatever their case, the exact name first', () => {
    expect(fromCoordinates(new PSObject({ adapted: { X: 1, Y: 2 } }))).toEqual({ x: 1, y: 2 });
    expect(hostMember(new PSObject({ extended: { Name: 'a', name: 'b' } }), 'name')).toBe('b');
  });
});
