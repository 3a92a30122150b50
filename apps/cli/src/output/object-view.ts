/**
 * Output objects for people, as PowerShell's formatter lays them out when a type has no view of its own: an object
 * with at most four properties to show is a table row, one with more a list entry (`Name : value`), anything else
 * (strings, numbers, dates, enums) a line of text. The properties shown are the object's default display property
 * set when there is one (PSStandardMembers.DefaultDisplayPropertySet, or the server's type data for its type), and
 * all of its properties otherwise; with several targets a PSComputerName column comes last, as Invoke-Command's.
 *
 * A table's column widths come from its first rows: rows of one shape are held back until 300 ms pass, 50 rows
 * gather, or something else must be printed, as Format-Table waits before it draws; later rows keep those widths
 * (a longer cell is cut with `…` on a terminal).
 */
import type { PSObject } from '@psrp/clixml';
import type { ConsoleWriter } from './console-writer.js';
import { cellText, isPropertyBag, propertyNames, valueText } from './value-text.js';

/** PowerShell switches from table to list above this many properties. */
const MAX_TABLE_COLUMNS = 4;
const HELD_ROWS = 50;
const HOLD_MS = 300;
const MIN_COLUMN_WIDTH = 4;
const COMPUTER_NAME = 'PSComputerName';

export interface ObjectViewOptions {
  readonly showComputerName: boolean;
  /** The default display property set of an object's type, when known (see DisplayPropertyCatalog). */
  readonly displayProperties?: (object: PSObject) => readonly string[] | null;
  readonly holdMs?: number;
}

interface Cell {
  readonly text: string;
  readonly numeric: boolean;
}

interface Table {
  readonly key: string;
  readonly columns: readonly string[];
  readonly held: Cell[][];
  widths: number[] | null;
}

export class ObjectView {
  readonly #console: ConsoleWriter;
  readonly #options: ObjectViewOptions;
  #table: Table | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** A blank line is owed after a table or list before plain lines or the end. */
  #blockOpen = false;

  constructor(console: ConsoleWriter, options: ObjectViewOptions) {
    this.#console = console;
    this.#options = options;
  }

  async write(computerName: string, value: unknown): Promise<void> {
    if (!isPropertyBag(value)) {
      await this.#closeBlock();
      const text = valueText(value);
      if (value === null || value === undefined) return;
      const prefix = this.#options.showComputerName ? `[${computerName}] ` : '';
      await this.#console.out(`${text.split('\n').map((line) => prefix + line).join('\n')}\n`);
      return;
    }
    const object = value as PSObject;
    const shown = this.#options.displayProperties?.(object) ?? propertyNames(object);
    const columns = this.#options.showComputerName ? [...shown.filter((name) => name !== COMPUTER_NAME), COMPUTER_NAME] : [...shown];
    const cell = (name: string): Cell => {
      const item = name === COMPUTER_NAME && this.#options.showComputerName ? computerName : object.get(name);
      return { text: cellText(item).replace(/\r?\n/g, ' '), numeric: typeof item === 'number' || typeof item === 'bigint' };
    };
    if (shown.length > MAX_TABLE_COLUMNS) {
      await this.#endTable();
      await this.#writeList(columns.map((name) => [name, cell(name).text]));
      return;
    }
    const key = `${object.typeNames[0] ?? ''}\u0000${columns.join('\u0000')}`;
    if (this.#table?.key !== key) {
      await this.#endTable();
      this.#table = { key, columns, held: [], widths: null };
    }
    const table = this.#table!;
    const row = columns.map(cell);
    if (table.widths) {
      await this.#console.out(this.#rowLine(row, table.widths));
      return;
    }
    table.held.push(row);
    if (table.held.length >= HELD_ROWS) await this.#drawTable();
    else this.#timer ??= setTimeout(() => void this.#drawTable(), this.#options.holdMs ?? HOLD_MS);
  }

  /** Prints what is held back; call once the output has ended. */
  async end(): Promise<void> {
    await this.#closeBlock();
  }

  async #closeBlock(): Promise<void> {
    await this.#endTable();
    if (this.#blockOpen) await this.#console.out('\n');
    this.#blockOpen = false;
  }

  async #endTable(): Promise<void> {
    if (this.#table && !this.#table.widths) await this.#drawTable();
    this.#table = null;
  }

  async #drawTable(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const table = this.#table;
    if (!table || table.widths) return;
    const widths = this.#fitWidths(
      table.columns.map((name, index) => Math.max(name.length, ...table.held.map((row) => row[index]!.text.length))),
    );
    table.widths = widths;
    // A column whose cells are all numbers is right-aligned, its header and rule too, as PowerShell's.
    const numeric = table.columns.map((_, index) => table.held.every((row) => row[index]!.numeric || row[index]!.text === ''));
    const header = table.columns.map((name, index) => ({ text: name, numeric: numeric[index]! }));
    const rule = table.columns.map((name, index) => ({ text: '-'.repeat(Math.min(name.length, widths[index]!)), numeric: numeric[index]! }));
    let text = `\n${this.#rowLine(header, widths)}${this.#rowLine(rule, widths)}`;
    for (const row of table.held) text += this.#rowLine(row, widths);
    table.held.length = 0;
    this.#blockOpen = true;
    await this.#console.out(text);
  }

  #fitWidths(natural: number[]): number[] {
    const columns = this.#console.stdoutColumns;
    const widths = [...natural];
    if (columns === null) return widths;
    const available = columns - 1;
    const total = () => widths.reduce((sum, width) => sum + width, 0) + widths.length - 1;
    while (total() > available) {
      const widest = widths.indexOf(Math.max(...widths));
      if (widths[widest]! <= MIN_COLUMN_WIDTH) break;
      widths[widest]!--;
    }
    return widths;
  }

  #rowLine(row: readonly Cell[], widths: readonly number[]): string {
    const terminal = this.#console.stdoutColumns !== null;
    const cells = row.map((cell, index) => {
      const width = widths[index]!;
      let text = cell.text;
      if (text.length > width && (terminal || index < row.length - 1)) text = `${text.slice(0, Math.max(0, width - 1))}…`;
      return cell.numeric ? text.padStart(width) : text.padEnd(width);
    });
    return `${cells.join(' ').trimEnd()}\n`;
  }

  async #writeList(entries: readonly (readonly [string, string])[]): Promise<void> {
    const labelWidth = Math.max(...entries.map(([name]) => name.length));
    const indent = ' '.repeat(labelWidth + 3);
    let text = '\n';
    for (const [name, value] of entries) text += `${name.padEnd(labelWidth)} : ${value.split('\n').join(`\n${indent}`)}\n`;
    this.#blockOpen = true;
    await this.#console.out(text);
  }
}
