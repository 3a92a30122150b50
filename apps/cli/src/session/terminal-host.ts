/**
 * The PSHost of `psrp enter`, backed by the terminal: what the remote PowerShell writes through its host
 * (Out-Default's formatted text, Write-Host with its colours, error/warning/verbose/debug lines) appears on the
 * terminal, and what it asks (Read-Host, Read-Host -AsSecureString, Get-Credential, $host.UI.PromptForChoice,
 * a script's missing mandatory parameters) is asked on the terminal, secrets without echo. The raw UI reports
 * the terminal's size, so the remote formatter lays tables out for it.
 */
import type { ChoiceDescription, FieldDescription, HostCredential, HostTextColors, PromptAnswer, PSHost, ProgressRecord, Size } from '@psrp/client';
import type { ConsoleWriter } from '../output/console-writer.js';
import type { TerminalStyle } from '../output/terminal-style.js';
import type { TerminalSession } from './terminal-session.js';

/** PowerShell's console answers a buffer this tall; the window is the terminal. */
const BUFFER_HEIGHT = 9001;
const DEFAULT_FOREGROUND = 'Gray';
const DEFAULT_BACKGROUND = 'Black';
const SECURE_STRING_TYPES = new Set(['System.Security.SecureString', 'SecureString']);
const CREDENTIAL_TYPES = new Set(['System.Management.Automation.PSCredential', 'PSCredential']);

export interface TerminalHostOptions {
  readonly version: string;
  readonly session: TerminalSession;
  readonly console: ConsoleWriter;
  readonly style: TerminalStyle;
  readonly columns: () => number;
  readonly rows: () => number;
  /** Progress from the host (WriteProgress calls) goes where the pipeline's progress records go. */
  readonly onProgress: (sourceId: bigint, record: ProgressRecord) => void;
}

export function createTerminalHost(options: TerminalHostOptions): PSHost {
  const { session, console, style } = options;
  let windowTitle = '';
  const windowSize = (): Size => ({ width: options.columns(), height: options.rows() });
  // The colours the raw UI reports (Gray on Black) are the terminal's own: only others are drawn.
  const colored = (text: string, colors?: HostTextColors): string =>
    colors
      ? style.colors(
          text,
          colors.foregroundColor === DEFAULT_FOREGROUND ? null : colors.foregroundColor,
          colors.backgroundColor === DEFAULT_BACKGROUND ? null : colors.backgroundColor,
        )
      : text;
  const ask = (prompt: string, secret = false): Promise<string> => session.question(prompt, { secret });

  return {
    name: 'psrp',
    version: options.version,
    ui: {
      write: (text, colors) => console.out(colored(text, colors)),
      writeLine: (text = '', colors) => console.out(`${colored(text, colors)}\n`),
      writeErrorLine: (text) => console.err(`${style.error(text)}\n`),
      writeWarningLine: (text) => console.err(`${style.warning(`WARNING: ${text}`)}\n`),
      writeVerboseLine: (text) => console.err(`${style.verbose(`VERBOSE: ${text}`)}\n`),
      writeDebugLine: (text) => console.err(`${style.debug(`DEBUG: ${text}`)}\n`),
      writeProgress: (sourceId, record) => options.onProgress(sourceId, record),
      readLine: () => ask(''),
      readLineAsSecureString: () => ask('', true),
      prompt: async (caption, message, fields) => {
        await writeHeading(console, style, caption, message);
        const answers: Record<string, PromptAnswer> = {};
        for (const field of fields) answers[field.name] = await askField(field, ask);
        return answers;
      },
      promptForCredential: async (caption, message, userName) => {
        await writeHeading(console, style, caption, message);
        // As PowerShell's console: a user name given by the caller is shown, not asked.
        let user = userName;
        if (user) await console.out(`User: ${user}\n`);
        else user = (await ask('User: ')).trim();
        const password = await ask(`Password for user ${user}: `, true);
        return { userName: user, password } satisfies HostCredential;
      },
      promptForChoice: async (caption, message, choices, defaultChoice) => {
        await writeHeading(console, style, caption, message);
        for (;;) {
          const answer = (await ask(choiceLine(choices, defaultChoice >= 0 ? [defaultChoice] : []))).trim();
          if (answer === '' && defaultChoice >= 0) return defaultChoice;
          if (answer === '?') {
            await console.out(choiceHelp(choices));
            continue;
          }
          const index = choiceIndex(choices, answer);
          if (index >= 0) return index;
        }
      },
      promptForChoiceMultipleSelection: async (caption, message, choices, defaultChoices) => {
        await writeHeading(console, style, caption, message);
        const chosen: number[] = [];
        for (;;) {
          const answer = (await ask(`Choice[${chosen.length}]: ${chosen.length === 0 ? choiceLine(choices, defaultChoices) : ''}`)).trim();
          if (answer === '') return chosen.length === 0 ? defaultChoices : chosen;
          if (answer === '?') {
            await console.out(choiceHelp(choices));
            continue;
          }
          const index = choiceIndex(choices, answer);
          if (index >= 0) chosen.push(index);
        }
      },
      rawUI: {
        getForegroundColor: () => DEFAULT_FOREGROUND,
        getBackgroundColor: () => DEFAULT_BACKGROUND,
        getCursorPosition: () => ({ x: 0, y: 0 }),
        getWindowPosition: () => ({ x: 0, y: 0 }),
        getCursorSize: () => 25,
        getBufferSize: () => ({ width: options.columns(), height: BUFFER_HEIGHT }),
        getWindowSize: windowSize,
        getMaxWindowSize: windowSize,
        getMaxPhysicalWindowSize: windowSize,
        getKeyAvailable: () => false,
        getWindowTitle: () => windowTitle,
        setWindowTitle: (title) => {
          windowTitle = title;
        },
      },
    },
  };
}

async function writeHeading(console: ConsoleWriter, style: TerminalStyle, caption: string, message: string): Promise<void> {
  if (caption) await console.out(`${style.bold(caption)}\n`);
  if (message) await console.out(`${message}\n`);
}

/** One Prompt field: a secret without echo, a credential as user and password, an array line by line. */
async function askField(field: FieldDescription, ask: (prompt: string, secret?: boolean) => Promise<string>): Promise<PromptAnswer> {
  const label = field.label || field.name;
  if (SECURE_STRING_TYPES.has(field.parameterTypeFullName) || SECURE_STRING_TYPES.has(field.parameterTypeName)) return ask(`${label}: `, true);
  if (CREDENTIAL_TYPES.has(field.parameterTypeFullName) || CREDENTIAL_TYPES.has(field.parameterTypeName)) {
    const userName = (await ask(`${label} (user): `)).trim();
    const password = await ask(`Password for user ${userName}: `, true);
    return { userName, password } satisfies HostCredential;
  }
  if (field.parameterTypeName.endsWith('[]')) {
    // As PowerShell's console: one item per line, an empty line ends the list.
    const items: string[] = [];
    for (;;) {
      const item = await ask(`${label}[${items.length}]: `);
      if (item === '') return items;
      items.push(item);
    }
  }
  return ask(`${label}: `);
}

function hotkey(choice: ChoiceDescription): string {
  const index = choice.label.indexOf('&');
  return index >= 0 && index + 1 < choice.label.length ? choice.label[index + 1]!.toUpperCase() : choice.label[0]?.toUpperCase() ?? '';
}

function plainLabel(choice: ChoiceDescription): string {
  return choice.label.replace('&', '');
}

/** `[Y] Yes  [N] No  [?] Help (default is "Y"): `, as PowerShell's console asks. */
export function choiceLine(choices: readonly ChoiceDescription[], defaults: readonly number[]): string {
  const options = choices.map((choice) => `[${hotkey(choice)}] ${plainLabel(choice)}`).join('  ');
  const defaultText = defaults.length > 0 ? ` (default is "${defaults.map((index) => hotkey(choices[index]!)).join(',')}")` : '';
  return `${options}  [?] Help${defaultText}: `;
}

/** The index of the choice an answer names: its hotkey or its label, any case; -1 for none. */
export function choiceIndex(choices: readonly ChoiceDescription[], answer: string): number {
  const upper = answer.toUpperCase();
  const byKey = choices.findIndex((choice) => hotkey(choice) === upper);
  if (byKey >= 0) return byKey;
  return choices.findIndex((choice) => plainLabel(choice).toUpperCase() === upper);
}

function choiceHelp(choices: readonly ChoiceDescription[]): string {
  return choices.map((choice) => `${hotkey(choice)} - ${choice.helpMessage || plainLabel(choice)}\n`).join('');
}
