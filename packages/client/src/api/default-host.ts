/**
 * A host for when nothing interactive is possible, answering as a non-interactive PowerShell does: output goes to
 * an optional `onWrite` callback, the raw UI is a virtual 120x50 Gray-on-Black console that remembers what
 * scripts set, and every method that needs a person (Read-Host, Get-Credential, PromptForChoice, ReadKey, ...)
 * fails with PsrpHostError. The server's pipeline sees that failure as the host method's exception, just as a
 * script run by `pwsh -NonInteractive` fails on Read-Host.
 *
 * It is also what host dispatch falls back to for any member a user's host lacks.
 */
import { PsrpHostError } from '../errors.js';
import type { HostRawUIDefaults } from '../protocol/host-info.js';
import type { ConsoleColor } from '../protocol/host-values/console-color.js';
import type { Coordinates, Size } from '../protocol/host-values/geometry.js';
import type { ProgressRecord } from '../protocol/progress-record.js';
import type { CompletePSHost, HostTextColors } from './ps-host.js';

/** What a script wrote to the host, as the default host reports it to `onWrite`. */
export type HostWriteEvent =
  /** Write (newLine false) and WriteLine (newLine true); colors only when the script chose them. */
  | { readonly stream: 'output'; readonly text: string; readonly newLine: boolean; readonly colors: HostTextColors | null }
  | { readonly stream: 'error' | 'debug' | 'verbose' | 'warning'; readonly text: string }
  | { readonly stream: 'progress'; readonly sourceId: bigint; readonly record: ProgressRecord };

export interface DefaultHostOptions {
  /** Default `@psrp/client`. */
  readonly name?: string;
  /** Default `1.0.0.0`. */
  readonly version?: string;
  /** Default: a random GUID. */
  readonly instanceId?: string;
  /** Default `en-US`. */
  readonly currentCulture?: string;
  /** Default: currentCulture. */
  readonly currentUICulture?: string;
  /** Receives every write; default: writes are dropped. */
  readonly onWrite?: (event: HostWriteEvent) => void;
  /** Initial raw UI values, over {@link DEFAULT_RAW_UI}. */
  readonly rawUI?: Partial<HostRawUIDefaults>;
}

const SIZE_120_50: Size = { width: 120, height: 50 };
const ORIGIN: Coordinates = { x: 0, y: 0 };

/** The raw UI of the default host: a 120x50 window and buffer, Gray on Black, cursor at the origin. */
export const DEFAULT_RAW_UI: HostRawUIDefaults = Object.freeze({
  foregroundColor: 'Gray',
  backgroundColor: 'Black',
  cursorPosition: ORIGIN,
  windowPosition: ORIGIN,
  cursorSize: 25,
  bufferSize: SIZE_120_50,
  windowSize: SIZE_120_50,
  maxWindowSize: SIZE_120_50,
  maxPhysicalWindowSize: SIZE_120_50,
  windowTitle: '',
});

export const DEFAULT_HOST_NAME = '@psrp/client';
export const DEFAULT_HOST_VERSION = '1.0.0.0';

/** The error of an interactive method on a host that has no one to ask. */
export function notInteractive(method: string, member: string): PsrpHostError {
  return new PsrpHostError(
    `The host is not interactive, so ${method} is not available. Give the runspace pool a host that implements ${member}.`,
    method,
  );
}

export function createDefaultHost(options: DefaultHostOptions = {}): CompletePSHost {
  const onWrite = options.onWrite ?? (() => undefined);
  const state: { -readonly [K in keyof HostRawUIDefaults]: HostRawUIDefaults[K] } = { ...DEFAULT_RAW_UI, ...options.rawUI };
  const currentCulture = options.currentCulture ?? 'en-US';
  const colorsOrNull = (colors: HostTextColors | undefined): HostTextColors | null => colors ?? null;
  return {
    name: options.name ?? DEFAULT_HOST_NAME,
    version: options.version ?? DEFAULT_HOST_VERSION,
    instanceId: options.instanceId ?? globalThis.crypto.randomUUID(),
    currentCulture,
    currentUICulture: options.currentUICulture ?? currentCulture,
    setShouldExit: () => undefined,
    enterNestedPrompt: () => undefined,
    exitNestedPrompt: () => undefined,
    notifyBeginApplication: () => undefined,
    notifyEndApplication: () => undefined,
    pushRunspace: () => undefined,
    popRunspace: () => undefined,
    getIsRunspacePushed: () => false,
    getRunspace: () => {
      throw new PsrpHostError('The host has no runspace to give: it does not support interactive sessions.', 'GetRunspace');
    },
    ui: {
      write: (text, colors) => onWrite({ stream: 'output', text, newLine: false, colors: colorsOrNull(colors) }),
      writeLine: (text = '', colors) => onWrite({ stream: 'output', text, newLine: true, colors: colorsOrNull(colors) }),
      writeErrorLine: (text) => onWrite({ stream: 'error', text }),
      writeDebugLine: (text) => onWrite({ stream: 'debug', text }),
      writeVerboseLine: (text) => onWrite({ stream: 'verbose', text }),
      writeWarningLine: (text) => onWrite({ stream: 'warning', text }),
      writeProgress: (sourceId, record) => onWrite({ stream: 'progress', sourceId, record }),
      readLine: () => Promise.reject(notInteractive('ReadLine', 'ui.readLine')),
      readLineAsSecureString: () => Promise.reject(notInteractive('ReadLineAsSecureString', 'ui.readLineAsSecureString')),
      prompt: () => Promise.reject(notInteractive('Prompt', 'ui.prompt')),
      promptForCredential: () => Promise.reject(notInteractive('PromptForCredential', 'ui.promptForCredential')),
      promptForChoice: () => Promise.reject(notInteractive('PromptForChoice', 'ui.promptForChoice')),
      promptForChoiceMultipleSelection: () =>
        Promise.reject(notInteractive('PromptForChoiceMultipleSelection', 'ui.promptForChoiceMultipleSelection')),
      rawUI: {
        getForegroundColor: () => state.foregroundColor,
        setForegroundColor: (color: ConsoleColor) => void (state.foregroundColor = color),
        getBackgroundColor: () => state.backgroundColor,
        setBackgroundColor: (color: ConsoleColor) => void (state.backgroundColor = color),
        getCursorPosition: () => state.cursorPosition,
        setCursorPosition: (position) => void (state.cursorPosition = position),
        getWindowPosition: () => state.windowPosition,
        setWindowPosition: (position) => void (state.windowPosition = position),
        getCursorSize: () => state.cursorSize,
        setCursorSize: (size) => void (state.cursorSize = size),
        getBufferSize: () => state.bufferSize,
        setBufferSize: (size) => void (state.bufferSize = size),
        getWindowSize: () => state.windowSize,
        setWindowSize: (size) => void (state.windowSize = size),
        getMaxWindowSize: () => state.maxWindowSize,
        getMaxPhysicalWindowSize: () => state.maxPhysicalWindowSize,
        getKeyAvailable: () => false,
        getWindowTitle: () => state.windowTitle,
        setWindowTitle: (title) => void (state.windowTitle = title),
        readKey: () => Promise.reject(notInteractive('ReadKey', 'ui.rawUI.readKey')),
        flushInputBuffer: () => undefined,
        setBufferContents: () => undefined,
        fillBufferContents: () => undefined,
        getBufferContents: () =>
          Promise.reject(new PsrpHostError('The host has no screen buffer to read: GetBufferContents is not available.', 'GetBufferContents')),
        scrollBufferContents: () => undefined,
      },
    },
  };
}
