/**
 * The host a runspace pool's scripts talk to: what PowerShell's PSHost, PSHostUserInterface and
 * PSHostRawUserInterface are to a local host. The server forwards `Write-Host`, `Read-Host`, `Get-Credential`,
 * `$host.UI.PromptForChoice(...)`, progress, `$host.UI.RawUI.WindowSize` and the rest as host calls; the client
 * answers them from this object.
 *
 * Every member is optional: a missing one behaves as {@link createDefaultHost} does (writes go nowhere, raw UI
 * values are a fixed 120x50 Gray-on-Black console, anything interactive fails with PsrpHostError, which the
 * server's pipeline sees as a host exception). Every method may return its value or a Promise of it; an exception
 * it throws (or a rejection) is reported to the server as the host method's exception, never to the client.
 *
 * Secrets are plain JS strings here: the password of a {@link HostCredential}, the text `readLineAsSecureString`
 * returns, a Prompt answer for a SecureString field, or any answer wrapped with `secureText()` (the client's
 * SecureString is accepted too). The client sends them as SecureStrings (`<SS>`, encrypted with the session key).
 *
 * The raw UI's properties are `get*` / `set*` method pairs rather than accessors so that each may be async.
 */
import type { PsValue } from '@psrp/clixml';
import type { BufferCell } from '../protocol/host-values/buffer-cell.js';
import type { ChoiceDescription } from '../protocol/host-values/choice-description.js';
import type { ConsoleColor } from '../protocol/host-values/console-color.js';
import type { FieldDescription } from '../protocol/host-values/field-description.js';
import type { Coordinates, Rectangle, Size } from '../protocol/host-values/geometry.js';
import type { SecureText } from '../protocol/host-values/host-secrets.js';
import type { KeyInfo } from '../protocol/host-values/key-info.js';
import type { ProgressRecord } from '../protocol/progress-record.js';
import type { SecureString } from '../protocol/secure-string.js';

export type { BufferCell, BufferCellType } from '../protocol/host-values/buffer-cell.js';
export type { ChoiceDescription } from '../protocol/host-values/choice-description.js';
export type { ConsoleColor } from '../protocol/host-values/console-color.js';
export type { FieldDescription } from '../protocol/host-values/field-description.js';
export type { Coordinates, Rectangle, Size } from '../protocol/host-values/geometry.js';
export type { SecureText } from '../protocol/host-values/host-secrets.js';
export type { KeyInfo } from '../protocol/host-values/key-info.js';
export { CONSOLE_COLORS } from '../protocol/host-values/console-color.js';
export { secureText } from '../protocol/host-values/host-secrets.js';
export { ControlKeyStates, ReadKeyOptions } from '../protocol/host-values/key-info.js';
export { PSCredentialTypes, PSCredentialUIOptions } from '../protocol/host-values/ps-credential.js';

/** A value, or a promise of it. */
export type Awaitable<T> = T | PromiseLike<T>;

/** The colors of Write-Host -ForegroundColor/-BackgroundColor (Write2 and WriteLine3). */
export interface HostTextColors {
  readonly foregroundColor: ConsoleColor;
  readonly backgroundColor: ConsoleColor;
}

/** A credential as a host returns it; the password becomes a SecureString on the wire. */
export interface HostCredential {
  readonly userName: string;
  readonly password: string | SecureString;
}

/**
 * One answer to a Prompt field. A string answering a SecureString field, a SecureText, a SecureString and a
 * HostCredential are sent as SecureString / PSCredential; any other value is sent as it is (a string, a number,
 * an array...).
 */
export type PromptAnswer = PsValue | SecureText | SecureString | HostCredential;

/** PowerShell's PSHost. */
export interface PSHost {
  /** GetName. */
  readonly name?: string;
  /** GetVersion, as `major.minor[.build[.revision]]`. */
  readonly version?: string;
  /** GetInstanceId, a GUID. */
  readonly instanceId?: string;
  /** GetCurrentCulture, a culture name such as `en-US`. */
  readonly currentCulture?: string;
  /** GetCurrentUICulture. */
  readonly currentUICulture?: string;
  /** The user interface; without it HostInfo tells the server the host has none. */
  readonly ui?: PSHostUserInterface | null;

  setShouldExit?(exitCode: number): Awaitable<void>;
  enterNestedPrompt?(): Awaitable<void>;
  exitNestedPrompt?(): Awaitable<void>;
  notifyBeginApplication?(): Awaitable<void>;
  notifyEndApplication?(): Awaitable<void>;
  /** IHostSupportsInteractiveSession.PushRunspace; the runspace as the server sent it. */
  pushRunspace?(runspace: PsValue): Awaitable<void>;
  popRunspace?(): Awaitable<void>;
  /** IHostSupportsInteractiveSession.IsRunspacePushed (GetIsRunspacePushed). */
  getIsRunspacePushed?(): Awaitable<boolean>;
  /** IHostSupportsInteractiveSession.Runspace (GetRunspace). */
  getRunspace?(): Awaitable<PsValue>;
}

/** PowerShell's PSHostUserInterface (and IHostUISupportsMultipleChoiceSelection). */
export interface PSHostUserInterface {
  /** The raw console; without it HostInfo tells the server the host has none. */
  readonly rawUI?: PSHostRawUserInterface | null;

  /** Write1 (no colors) and Write2 (colors): text without a line break. */
  write?(text: string, colors?: HostTextColors): Awaitable<void>;
  /** WriteLine1 (no text: an empty line), WriteLine2 (text) and WriteLine3 (text and colors). */
  writeLine?(text?: string, colors?: HostTextColors): Awaitable<void>;
  writeErrorLine?(text: string): Awaitable<void>;
  writeDebugLine?(text: string): Awaitable<void>;
  writeVerboseLine?(text: string): Awaitable<void>;
  writeWarningLine?(text: string): Awaitable<void>;
  /** WriteProgress; `sourceId` identifies the command writing the record. */
  writeProgress?(sourceId: bigint, record: ProgressRecord): Awaitable<void>;

  /** ReadLine (Read-Host); null means no input (end of input). */
  readLine?(): Awaitable<string | null>;
  /** ReadLineAsSecureString (Read-Host -AsSecureString): the text is sent as a SecureString. */
  readLineAsSecureString?(): Awaitable<string | SecureText | SecureString>;
  /**
   * Prompt: one answer per field, keyed by the field's name (a script's missing mandatory parameters,
   * `$host.UI.Prompt(...)`, Read-Host with -Prompt).
   */
  prompt?(
    caption: string,
    message: string,
    fields: readonly FieldDescription[],
  ): Awaitable<Readonly<Record<string, PromptAnswer>> | ReadonlyMap<string, PromptAnswer>>;
  /**
   * PromptForCredential1 and 2 (Get-Credential). `allowedCredentialTypes` are PSCredentialTypes flags and `options`
   * a PSCredentialUIOptions value; PromptForCredential1 passes Default for both. null means the user cancelled.
   */
  promptForCredential?(
    caption: string,
    message: string,
    userName: string,
    targetName: string,
    allowedCredentialTypes: number,
    options: number,
  ): Awaitable<HostCredential | null>;
  /** PromptForChoice: the index of the chosen choice (`defaultChoice` is -1 when there is none). */
  promptForChoice?(
    caption: string,
    message: string,
    choices: readonly ChoiceDescription[],
    defaultChoice: number,
  ): Awaitable<number>;
  /** PromptForChoiceMultipleSelection: the indexes of the chosen choices. */
  promptForChoiceMultipleSelection?(
    caption: string,
    message: string,
    choices: readonly ChoiceDescription[],
    defaultChoices: readonly number[],
  ): Awaitable<readonly number[]>;
}

/** PowerShell's PSHostRawUserInterface: each .NET property is a get/set method pair. */
export interface PSHostRawUserInterface {
  getForegroundColor?(): Awaitable<ConsoleColor>;
  setForegroundColor?(color: ConsoleColor): Awaitable<void>;
  getBackgroundColor?(): Awaitable<ConsoleColor>;
  setBackgroundColor?(color: ConsoleColor): Awaitable<void>;
  getCursorPosition?(): Awaitable<Coordinates>;
  setCursorPosition?(position: Coordinates): Awaitable<void>;
  getWindowPosition?(): Awaitable<Coordinates>;
  setWindowPosition?(position: Coordinates): Awaitable<void>;
  /** The cursor's size as a percentage of a cell (1-100). */
  getCursorSize?(): Awaitable<number>;
  setCursorSize?(size: number): Awaitable<void>;
  getBufferSize?(): Awaitable<Size>;
  setBufferSize?(size: Size): Awaitable<void>;
  getWindowSize?(): Awaitable<Size>;
  setWindowSize?(size: Size): Awaitable<void>;
  getMaxWindowSize?(): Awaitable<Size>;
  getMaxPhysicalWindowSize?(): Awaitable<Size>;
  getKeyAvailable?(): Awaitable<boolean>;
  getWindowTitle?(): Awaitable<string>;
  setWindowTitle?(title: string): Awaitable<void>;

  /** ReadKey; `options` are ReadKeyOptions flags. */
  readKey?(options: number): Awaitable<KeyInfo>;
  flushInputBuffer?(): Awaitable<void>;
  /** SetBufferContents2 (.NET's SetBufferContents(Coordinates, BufferCell[,])): copies `contents` (rows of cells) to `origin`. */
  setBufferContents?(origin: Coordinates, contents: readonly (readonly BufferCell[])[]): Awaitable<void>;
  /** SetBufferContents1 (.NET's SetBufferContents(Rectangle, BufferCell)): fills `rectangle` with `fill`. */
  fillBufferContents?(rectangle: Rectangle, fill: BufferCell): Awaitable<void>;
  /** GetBufferContents: the cells of `rectangle`, as rows. */
  getBufferContents?(rectangle: Rectangle): Awaitable<readonly (readonly BufferCell[])[]>;
  /** ScrollBufferContents: moves `source` to `destination`, within `clip`, filling the vacated cells with `fill`. */
  scrollBufferContents?(source: Rectangle, destination: Coordinates, clip: Rectangle, fill: BufferCell): Awaitable<void>;
}

/** A host with every member present: what {@link createDefaultHost} returns and the dispatcher falls back to. */
export interface CompletePSHost extends Required<Omit<PSHost, 'ui'>> {
  readonly ui: CompletePSHostUserInterface;
}

export interface CompletePSHostUserInterface extends Required<Omit<PSHostUserInterface, 'rawUI'>> {
  readonly rawUI: Required<PSHostRawUserInterface>;
}
