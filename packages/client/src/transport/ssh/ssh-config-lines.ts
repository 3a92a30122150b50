/**
 * The lines of an ssh_config file (ssh_config(5)), split as OpenSSH's readconf.c does: `keyword arguments` or
 * `keyword=arguments`, the keyword case-insensitive, arguments separated by whitespace, `"…"` or `'…'` quoting an
 * argument with spaces, a backslash escaping a quote, a backslash or a space, and an unquoted `#` at the start of an
 * argument ending the line. Blank lines and `#` lines are skipped. The text is the user's file, but it is read as
 * hostile all the same: the caller bounds its size, and nothing here can loop or backtrack.
 */
import { PsrpSshConfigError } from '../../errors.js';

export interface SshConfigLine {
  /** Lowercase, as OpenSSH matches keywords. */
  readonly keyword: string;
  readonly args: readonly string[];
  /** 1-based. */
  readonly line: number;
}

/** One line's arguments past this are refused: no option takes a tenth of it. */
const MAX_ARGUMENTS_PER_LINE = 1024;

export function parseSshConfigLines(text: string, file: string): SshConfigLine[] {
  const lines: SshConfigLine[] = [];
  const rawLines = text.split('\n');
  for (let index = 0; index < rawLines.length; index++) {
    const raw = rawLines[index]!.trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const keywordEnd = raw.search(/[\s=]/);
    if (keywordEnd === -1) throw lineError(`no argument after keyword "${raw.toLowerCase()}"`, file, index + 1, raw.toLowerCase());
    const keyword = raw.slice(0, keywordEnd).toLowerCase();
    const rest = raw.slice(keywordEnd).replace(/^\s*=?\s*/, '');
    const args = splitArguments(rest, file, index + 1, keyword);
    if (args.length === 0) throw lineError(`no argument after keyword "${keyword}"`, file, index + 1, keyword);
    lines.push({ keyword, args, line: index + 1 });
  }
  return lines;
}

function splitArguments(text: string, file: string, line: number, keyword: string): string[] {
  const args: string[] = [];
  let at = 0;
  while (at < text.length) {
    while (at < text.length && isSpace(text[at]!)) at++;
    if (at >= text.length || text[at] === '#') break;
    if (args.length === MAX_ARGUMENTS_PER_LINE) throw lineError(`more than ${MAX_ARGUMENTS_PER_LINE} arguments`, file, line, keyword);
    let arg = '';
    let quote: string | null = null;
    for (; at < text.length; at++) {
      const char = text[at]!;
      if (quote === null && isSpace(char)) break;
      if (char === '\\' && at + 1 < text.length && (text[at + 1] === '\\' || text[at + 1] === '"' || text[at + 1] === "'" || text[at + 1] === ' ')) {
        arg += text[++at];
      } else if (quote === null && (char === '"' || char === "'")) {
        quote = char;
      } else if (char === quote) {
        quote = null;
      } else {
        arg += char;
      }
    }
    if (quote !== null) throw lineError('invalid quotes', file, line, keyword);
    args.push(arg);
  }
  return args;
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\f';
}

function lineError(reason: string, file: string, line: number, keyword: string): PsrpSshConfigError {
  return new PsrpSshConfigError(`${file} line ${line}: ${reason}`, file, line, keyword);
}
