import { PSObject, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { fromBufferCell, fromBufferCellArray, toBufferCell, toBufferCellArray, type BufferCell } from './buffer-cell.js';
import { toHostArray } from './host-encoding.js';

/** A parameter captured from PowerShell 7.6.10 (`$host.UI.RawUI.SetBufferContents(coordinates, cells)`). */
const CAPTURED_CELLS =
  '<Obj RefId="2"><MS><Obj N="mae" RefId="3"><TN RefId="1"><T>System.Collections.ArrayList</T><T>System.Object</T></TN><LST>' +
  '<Obj RefId="4"><MS><C N="character">97</C><I32 N="foregroundColor">10</I32><I32 N="backgroundColor">0</I32><I32 N="bufferCellType">0</I32></MS></Obj>' +
  '<Obj RefId="5"><MS><C N="character">98</C><I32 N="foregroundColor">12</I32><I32 N="backgroundColor">9</I32><I32 N="bufferCellType">1</I32></MS></Obj>' +
  '</LST></Obj><Obj N="mal" RefId="6"><TN RefId="2"><T>System.Int32[]</T><T>System.Array</T><T>System.Object</T></TN><LST><I32>1</I32><I32>2</I32></LST></Obj></MS></Obj>';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));
const cell = (character: string, foregroundColor: BufferCell['foregroundColor'] = 'Gray'): BufferCell => ({
  character,
  foregroundColor,
  backgroundColor: 'Black',
  bufferCellType: 'Complete',
});

describe('round trips', () => {
  test('BufferCell and BufferCell[,]', () => {
    const leading: BufferCell = { character: '字', foregroundColor: 'Red', backgroundColor: 'Blue', bufferCellType: 'Leading' };
    expect(fromBufferCell(roundTrip(toBufferCell(leading)))).toEqual(leading);
    const rows = [
      [cell('a'), cell('b'), cell('c')],
      [cell('d', 'Green'), cell('e'), cell('f')],
    ];
    expect(fromBufferCellArray(roundTrip(toBufferCellArray(rows)))).toEqual(rows);
    expect(fromBufferCellArray(roundTrip(toBufferCellArray([])))).toEqual([]);
  });

  test('BufferCell[,] as PowerShell sends it (rows x columns, row-major)', () => {
    const captured = deserialize(CAPTURED_CELLS);
    const rows = [[cell('a', 'Green'), { character: 'b', foregroundColor: 'Red', backgroundColor: 'Blue', bufferCellType: 'Leading' } as const]];
    expect(fromBufferCellArray(captured)).toEqual(rows);
    expect(roundTrip(toBufferCellArray(rows))).toStrictEqual(captured);
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  const object = (extended: Record<string, PsValue>): PSObject => new PSObject({ extended });
  test.each<[string, () => unknown]>([
    ['BufferCell with bufferCellType 3', () => fromBufferCell(object({ character: 'a', foregroundColor: 0, backgroundColor: 0, bufferCellType: 3 }))],
    ['BufferCell[,] whose mal does not match mae', () => fromBufferCellArray(toHostArray([toBufferCell(cell('a'))], [2, 2]))],
    ['BufferCell[,] with one dimension', () => fromBufferCellArray(toHostArray([toBufferCell(cell('a'))], [1]))],
    ['BufferCell[,] with a negative length', () => fromBufferCellArray(toHostArray([], [-1, 0]))],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});

describe('writers reject what a host must not answer with PsrpHostError', () => {
  test.each<[string, () => unknown]>([
    ['a BufferCell of an unknown type', () => toBufferCell({ ...cell('a'), bufferCellType: 'Half' as never })],
    ['ragged BufferCell rows', () => toBufferCellArray([[cell('a')], [cell('b'), cell('c')]])],
  ])('%s', (_name, write) => {
    expect(write).toThrow(PsrpHostError);
  });
});
