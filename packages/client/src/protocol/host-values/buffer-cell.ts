/**
 * MS-PSRP 2.2.3.29 BufferCellType and BufferCell: one character cell of the host's screen buffer, and the
 * BufferCell[,] of rows that GetBufferContents answers with and SetBufferContents is called with.
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { fromConsoleColor, toConsoleColor, type ConsoleColor } from './console-color.js';
import { checkChar, fields, member, readHostArray, readHostChar, readHostInt32, readHostObject, toHostArray } from './host-encoding.js';

export const BUFFER_CELL_TYPES = ['Complete', 'Leading', 'Trailing'] as const;
export type BufferCellType = (typeof BUFFER_CELL_TYPES)[number];

export interface BufferCell {
  /** One UTF-16 code unit. */
  readonly character: string;
  readonly foregroundColor: ConsoleColor;
  readonly backgroundColor: ConsoleColor;
  readonly bufferCellType: BufferCellType;
}

export function fromBufferCell(value: PsValue | undefined, what = 'BufferCell'): BufferCell {
  const object = readHostObject(value, what);
  const type = readHostInt32(member(object, 'bufferCellType', what), `${what}.bufferCellType`);
  const bufferCellType = BUFFER_CELL_TYPES[type];
  if (bufferCellType === undefined) throw new PsrpProtocolError(`Host call: ${what}.bufferCellType should be 0-2, got ${type}`);
  return {
    character: readHostChar(member(object, 'character', what), `${what}.character`),
    foregroundColor: fromConsoleColor(member(object, 'foregroundColor', what), `${what}.foregroundColor`),
    backgroundColor: fromConsoleColor(member(object, 'backgroundColor', what), `${what}.backgroundColor`),
    bufferCellType,
  };
}

export function toBufferCell(value: BufferCell, what = 'BufferCell'): PSObject {
  const type = (BUFFER_CELL_TYPES as readonly string[]).indexOf(value.bufferCellType);
  if (type < 0) throw new PsrpHostError(`The host returned a ${what} with bufferCellType ${String(value.bufferCellType)}`);
  return fields({
    character: checkChar(value.character, `${what}.character`),
    foregroundColor: toConsoleColor(value.foregroundColor, `${what}.foregroundColor`),
    backgroundColor: toConsoleColor(value.backgroundColor, `${what}.backgroundColor`),
    bufferCellType: type,
  });
}

/** A BufferCell[,] (rows of cells), in the `{ mae, mal }` form of a .NET array (see readHostArray). */
export function fromBufferCellArray(value: PsValue | undefined, what = 'BufferCell[,]'): BufferCell[][] {
  const { lengths, elements } = readHostArray(value, what);
  const [rows, columns] = lengths;
  if (lengths.length !== 2 || rows === undefined || columns === undefined) {
    throw new PsrpProtocolError(`Host call: ${what} should have two dimensions, got [${lengths.join(', ')}]`);
  }
  const result: BufferCell[][] = [];
  for (let row = 0; row < rows; row++) {
    const cells: BufferCell[] = [];
    for (let column = 0; column < columns; column++) {
      cells.push(fromBufferCell(elements[row * columns + column], `${what}[${row},${column}]`));
    }
    result.push(cells);
  }
  return result;
}

export function toBufferCellArray(rows: readonly (readonly BufferCell[])[], what = 'BufferCell[,]'): PSObject {
  if (!Array.isArray(rows)) throw new PsrpHostError(`The host returned ${typeof rows} for ${what}, which should be rows of cells`);
  const columns = rows[0]?.length ?? 0;
  const elements: PsValue[] = [];
  rows.forEach((row, rowIndex) => {
    if (!Array.isArray(row) || row.length !== columns) {
      throw new PsrpHostError(`The host returned a ragged ${what}: row ${rowIndex} does not have ${columns} cells`);
    }
    row.forEach((cell, column) => elements.push(toBufferCell(cell, `${what}[${rowIndex},${column}]`)));
  });
  return toHostArray(elements, [rows.length, columns]);
}
