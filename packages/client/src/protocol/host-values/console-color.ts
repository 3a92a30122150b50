/**
 * MS-PSRP 2.2.3.3 Color: System.ConsoleColor, the host's foreground and background colors, as names here and as
 * their Int32 values on the wire.
 */
import type { PsValue } from '@psrp/clixml';
import { PsrpHostError, PsrpProtocolError } from '../../errors.js';
import { readHostInt32 } from './host-encoding.js';

/** System.ConsoleColor by value: index = the Int32 on the wire. */
export const CONSOLE_COLORS = [
  'Black',
  'DarkBlue',
  'DarkGreen',
  'DarkCyan',
  'DarkRed',
  'DarkMagenta',
  'DarkYellow',
  'Gray',
  'DarkGray',
  'Blue',
  'Green',
  'Cyan',
  'Red',
  'Magenta',
  'Yellow',
  'White',
] as const;

export type ConsoleColor = (typeof CONSOLE_COLORS)[number];

export const CONSOLE_COLOR_TYPE_NAME = 'System.ConsoleColor';

export function isConsoleColor(value: unknown): value is ConsoleColor {
  return typeof value === 'string' && (CONSOLE_COLORS as readonly string[]).includes(value);
}

/** The ConsoleColor an Int32 (or a ConsoleColor enum object) stands for. */
export function fromConsoleColor(value: PsValue | undefined, what = 'ConsoleColor'): ConsoleColor {
  const number = readHostInt32(value, what);
  const color = CONSOLE_COLORS[number];
  if (color === undefined) throw new PsrpProtocolError(`Host call: ${what} should be a ConsoleColor 0-15, got ${number}`);
  return color;
}

/** The Int32 PowerShell's host encoder sends for a ConsoleColor. */
export function toConsoleColor(color: ConsoleColor, what = 'ConsoleColor'): number {
  const index = (CONSOLE_COLORS as readonly string[]).indexOf(color);
  if (index < 0) throw new PsrpHostError(`The host returned ${JSON.stringify(color)} for ${what}, which is not a ConsoleColor`);
  return index;
}
