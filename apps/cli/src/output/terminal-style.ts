/**
 * Colours for people: ANSI escapes when the stream is a terminal and NO_COLOR is not set (https://no-color.org),
 * plain text otherwise. PowerShell's ConsoleColor names map onto the 16 ANSI colours as Windows Terminal shows them.
 */
import type { ConsoleColor } from '@psrp/client';

const ESC = '\u001b[';
const RESET = `${ESC}0m`;

const FOREGROUND_CODES: Readonly<Record<ConsoleColor, number>> = {
  Black: 30,
  DarkBlue: 34,
  DarkGreen: 32,
  DarkCyan: 36,
  DarkRed: 31,
  DarkMagenta: 35,
  DarkYellow: 33,
  Gray: 37,
  DarkGray: 90,
  Blue: 94,
  Green: 92,
  Cyan: 96,
  Red: 91,
  Magenta: 95,
  Yellow: 93,
  White: 97,
};
/** A background code is its foreground code plus this. */
const BACKGROUND_OFFSET = 10;

export interface TerminalStyle {
  readonly enabled: boolean;
  error(text: string): string;
  warning(text: string): string;
  verbose(text: string): string;
  debug(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  /** Write-Host's colours (names as ConsoleColor); unknown names are ignored. */
  colors(text: string, foreground: string | null, background: string | null): string;
}

/** Whether colour is wanted on a stream: a TTY, and NO_COLOR unset or empty; `--no-color` wins. */
export function colorWanted(stream: { readonly isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>, noColorFlag = false): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}

export function createStyle(enabled: boolean): TerminalStyle {
  const wrap = (codes: string, text: string): string => (enabled && text !== '' ? `${ESC}${codes}m${text}${RESET}` : text);
  return {
    enabled,
    error: (text) => wrap('91', text),
    warning: (text) => wrap('93', text),
    verbose: (text) => wrap('93', text),
    debug: (text) => wrap('93', text),
    dim: (text) => wrap('2', text),
    bold: (text) => wrap('1', text),
    colors: (text, foreground, background) => {
      const codes: number[] = [];
      const fore = foreground !== null ? FOREGROUND_CODES[foreground as ConsoleColor] : undefined;
      const back = background !== null ? FOREGROUND_CODES[background as ConsoleColor] : undefined;
      if (fore !== undefined) codes.push(fore);
      if (back !== undefined) codes.push(back + BACKGROUND_OFFSET);
      return codes.length === 0 ? text : wrap(codes.join(';'), text);
    },
  };
}

/** The visible width of text: escapes take no room. */
export function visibleLength(text: string): number {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '').length;
}
