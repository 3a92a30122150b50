/**
 * Answers one host call from the user's PSHost: reads the call's parameters (host-values), calls the matching
 * member of the host (or of the fallback, a default host, when the user's host lacks it), and turns the result
 * into the wire value of the response. Void methods produce null (no response may be sent for them).
 *
 * Whatever goes wrong on the way (the host throws or rejects, returns something that does not fit the .NET type,
 * the server sent parameters that cannot be read, a secret cannot be encoded) becomes `{ error }`, which
 * buildHostResponse sends as `me`: the server's pipeline sees the host method throw, as with PowerShell's own
 * client, and the client carries on.
 */
import { PSGuid, PSSecureString, PSVersion, type PsValue } from '@psrp/clixml';
import { PsrpProtocolError } from '../errors.js';
import { PsrpHostError } from '../errors.js';
import { hostErrorFromException, type HostCall, type HostResult } from '../protocol/host-call.js';
import type { HostDefaults, HostRawUIDefaults } from '../protocol/host-info.js';
import { isVoidHostMethod, type HostMethodName } from '../protocol/host-method.js';
import { fromBufferCell, fromBufferCellArray, toBufferCellArray } from '../protocol/host-values/buffer-cell.js';
import { fromChoiceDescriptions } from '../protocol/host-values/choice-description.js';
import { fromConsoleColor, toConsoleColor } from '../protocol/host-values/console-color.js';
import { fromFieldDescriptions, isCredentialField, isSecureStringField, type FieldDescription } from '../protocol/host-values/field-description.js';
import { fromCoordinates, fromRectangle, fromSize, toCoordinates, toSize } from '../protocol/host-values/geometry.js';
import { readHostInt32, readHostInt64, readHostList, readHostOptionalString, toInt32 } from '../protocol/host-values/host-encoding.js';
import { fromHostProgressRecord } from '../protocol/host-values/host-progress-record.js';
import { isSecureText, secureText, type SecureText, type WireSecret } from '../protocol/host-values/host-secrets.js';
import { toKeyInfo } from '../protocol/host-values/key-info.js';
import { toChoiceResult, toChoiceSelection, toPromptResult } from '../protocol/host-values/prompt-results.js';
import { PSCredentialTypes, PSCredentialUIOptions, toPSCredential } from '../protocol/host-values/ps-credential.js';
import { SecureString, type ClientValue } from '../protocol/secure-string.js';
import { createDefaultHost, DEFAULT_RAW_UI } from './default-host.js';
import type {
  Awaitable,
  CompletePSHost,
  HostCredential,
  HostTextColors,
  PSHost,
  PSHostRawUserInterface,
  PSHostUserInterface,
  PromptAnswer,
} from './ps-host.js';

export interface HostDispatchOptions {
  /**
   * Turns a secret into the `<SS>` the server can read: encrypted with the session key (protocol < 2.4, after the
   * key exchange) or base64 of its UTF-16LE text (2.4). Default: the secret becomes a SecureString, which the
   * runspace pool machine encodes when it queues the response (the session must have the session key by then:
   * check the result with containsSecureString).
   */
  readonly encodeSecureString?: (text: SecureText) => Awaitable<PSSecureString>;
  /** Told about the failure of a void method, which has no response to carry it. Default: ignored. */
  readonly onVoidMethodError?: (error: unknown, call: HostCall) => void;
  /** What stands in for members the host lacks. Default: a fresh createDefaultHost() per call. */
  readonly fallback?: CompletePSHost;
}

/** The response to send (`{ value }` or `{ error }`), or null for a void method. */
export type HostDispatchResult = HostResult | null;

/** Answers `call` from `host` (null: the default host). Never rejects: failures become `{ error }` (or null, void). */
export async function invokeHostMethod(host: PSHost | null, call: HostCall, options: HostDispatchOptions = {}): Promise<HostDispatchResult> {
  const isVoid = isVoidHostMethod(call.methodName);
  try {
    const value = await dispatch(host ?? {}, call, options);
    return isVoid ? null : { value: value ?? null };
  } catch (error) {
    if (!isVoid) return { error: hostErrorFromException(error) };
    try {
      options.onVoidMethodError?.(error, call);
    } catch {
      // A failing observer must not turn a void call into a client failure either.
    }
    return null;
  }
}

type RawUIGetter = { readonly [K in keyof HostRawUIDefaults]: `get${Capitalize<K>}` }[keyof HostRawUIDefaults];

const RAW_UI_GETTERS: { readonly [K in keyof HostRawUIDefaults]: `get${Capitalize<K>}` & RawUIGetter } = {
  foregroundColor: 'getForegroundColor',
  backgroundColor: 'getBackgroundColor',
  cursorPosition: 'getCursorPosition',
  windowPosition: 'getWindowPosition',
  cursorSize: 'getCursorSize',
  bufferSize: 'getBufferSize',
  windowSize: 'getWindowSize',
  maxWindowSize: 'getMaxWindowSize',
  maxPhysicalWindowSize: 'getMaxPhysicalWindowSize',
  windowTitle: 'getWindowTitle',
};

/**
 * The HostInfo facts of `host` (null: no host): whether it has a UI and a raw UI, and the raw UI's current values
 * (its getters awaited; a missing getter gives the default host's value). A getter's failure rejects.
 */
export async function readHostDefaults(host: PSHost | null): Promise<HostDefaults | null> {
  const shape = hostShape(host);
  if (shape === null || shape.raw === null) return shape === null ? null : { hasUI: shape.hasUI, rawUI: null };
  const values: Partial<Record<keyof HostRawUIDefaults, unknown>> = {};
  for (const key of Object.keys(RAW_UI_GETTERS) as (keyof HostRawUIDefaults)[]) {
    values[key] = await rawUIValue(shape.raw, key);
  }
  return { hasUI: true, rawUI: { ...DEFAULT_RAW_UI, ...values } as HostRawUIDefaults };
}

/**
 * readHostDefaults without waiting: a getter that returns a promise counts as missing (the default is used and
 * its eventual failure ignored). For building HostInfo where nothing can be awaited.
 */
export function hostDefaults(host: PSHost | null): HostDefaults | null {
  const shape = hostShape(host);
  if (shape === null || shape.raw === null) return shape === null ? null : { hasUI: shape.hasUI, rawUI: null };
  const values: Partial<Record<keyof HostRawUIDefaults, unknown>> = {};
  for (const key of Object.keys(RAW_UI_GETTERS) as (keyof HostRawUIDefaults)[]) {
    const value = rawUIValue(shape.raw, key);
    if (isPromiseLike(value)) Promise.resolve(value).catch(() => undefined);
    else values[key] = value;
  }
  return { hasUI: true, rawUI: { ...DEFAULT_RAW_UI, ...values } as HostRawUIDefaults };
}

function hostShape(host: PSHost | null): { hasUI: boolean; raw: PSHostRawUserInterface | null } | null {
  if (host === null) return null;
  const ui = host.ui ?? null;
  return { hasUI: ui !== null, raw: ui?.rawUI ?? null };
}

function rawUIValue(raw: PSHostRawUserInterface, key: keyof HostRawUIDefaults): unknown {
  const getter = RAW_UI_GETTERS[key];
  return provides(raw, getter) ? raw[getter]() : DEFAULT_RAW_UI[key];
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** True when `target` has a method `key` (narrowing it so the call keeps `target` as `this`). */
function provides<T extends object, K extends keyof T>(
  target: T | null | undefined,
  key: K,
): target is T & { readonly [P in K]-?: NonNullable<T[P]> } {
  return target !== null && target !== undefined && typeof target[key] === 'function';
}

/** Positional parameters of a call, read with the method's name in every error. */
class Parameters {
  readonly #call: HostCall;

  constructor(call: HostCall) {
    this.#call = call;
  }

  at(index: number): PsValue {
    const value = this.#call.parameters[index];
    if (value === undefined) {
      throw new PsrpProtocolError(
        `Host call: the server called ${this.#call.methodName} with ${this.#call.parameters.length} parameters; parameter ${index} is missing`,
      );
    }
    return value;
  }

  name(index: number): string {
    return `${this.#call.methodName} parameter ${index}`;
  }

  read<T>(index: number, reader: (value: PsValue | undefined, what: string) => T): T {
    return reader(this.at(index), this.name(index));
  }

  /** A string that .NET may pass as null (captions, messages, user names): null reads as ''. */
  text(index: number): string {
    return readHostOptionalString(this.at(index), this.name(index)) ?? '';
  }

  colors(foreground: number, background: number): HostTextColors {
    return {
      foregroundColor: this.read(foreground, fromConsoleColor),
      backgroundColor: this.read(background, fromConsoleColor),
    };
  }
}

async function dispatch(host: PSHost, call: HostCall, options: HostDispatchOptions): Promise<ClientValue | undefined> {
  const fallback = options.fallback ?? createDefaultHost();
  const ui: PSHostUserInterface | null = host.ui ?? null;
  const raw: PSHostRawUserInterface | null = ui?.rawUI ?? null;
  const fui = fallback.ui;
  const fraw = fallback.ui.rawUI;
  const p = new Parameters(call);
  const secure = (text: SecureText): Promise<WireSecret> => encodeSecure(text, call.methodName, options);
  const method: HostMethodName = call.methodName;

  switch (method) {
    // PSHost
    case 'GetName':
      return host.name ?? fallback.name;
    case 'GetVersion':
      return parseVersion(host.version ?? fallback.version);
    case 'GetInstanceId':
      return parseGuid(host.instanceId ?? fallback.instanceId);
    case 'GetCurrentCulture':
      return host.currentCulture ?? fallback.currentCulture;
    case 'GetCurrentUICulture':
      return host.currentUICulture ?? fallback.currentUICulture;
    case 'SetShouldExit': {
      const exitCode = p.read(0, readHostInt32);
      await (provides(host, 'setShouldExit') ? host.setShouldExit(exitCode) : fallback.setShouldExit(exitCode));
      return undefined;
    }
    case 'EnterNestedPrompt':
      await (provides(host, 'enterNestedPrompt') ? host.enterNestedPrompt() : fallback.enterNestedPrompt());
      return undefined;
    case 'ExitNestedPrompt':
      await (provides(host, 'exitNestedPrompt') ? host.exitNestedPrompt() : fallback.exitNestedPrompt());
      return undefined;
    case 'NotifyBeginApplication':
      await (provides(host, 'notifyBeginApplication') ? host.notifyBeginApplication() : fallback.notifyBeginApplication());
      return undefined;
    case 'NotifyEndApplication':
      await (provides(host, 'notifyEndApplication') ? host.notifyEndApplication() : fallback.notifyEndApplication());
      return undefined;

    // PSHostUserInterface: input
    case 'ReadLine': {
      const line = await (provides(ui, 'readLine') ? ui.readLine() : fui.readLine());
      if (line !== null && typeof line !== 'string') throw wrongType(method, 'a string or null', line);
      return line;
    }
    case 'ReadLineAsSecureString': {
      const line = await (provides(ui, 'readLineAsSecureString') ? ui.readLineAsSecureString() : fui.readLineAsSecureString());
      if (typeof line === 'string') return secure(secureText(line));
      if (isSecureText(line)) return secure(line);
      if (line instanceof SecureString) return line;
      throw wrongType(method, 'a string', line);
    }

    // PSHostUserInterface: output
    case 'Write1': {
      const text = p.text(0);
      await (provides(ui, 'write') ? ui.write(text) : fui.write(text));
      return undefined;
    }
    case 'Write2': {
      const colors = p.colors(0, 1);
      const text = p.text(2);
      await (provides(ui, 'write') ? ui.write(text, colors) : fui.write(text, colors));
      return undefined;
    }
    case 'WriteLine1':
      await (provides(ui, 'writeLine') ? ui.writeLine() : fui.writeLine());
      return undefined;
    case 'WriteLine2': {
      const text = p.text(0);
      await (provides(ui, 'writeLine') ? ui.writeLine(text) : fui.writeLine(text));
      return undefined;
    }
    case 'WriteLine3': {
      const colors = p.colors(0, 1);
      const text = p.text(2);
      await (provides(ui, 'writeLine') ? ui.writeLine(text, colors) : fui.writeLine(text, colors));
      return undefined;
    }
    case 'WriteErrorLine': {
      const text = p.text(0);
      await (provides(ui, 'writeErrorLine') ? ui.writeErrorLine(text) : fui.writeErrorLine(text));
      return undefined;
    }
    case 'WriteDebugLine': {
      const text = p.text(0);
      await (provides(ui, 'writeDebugLine') ? ui.writeDebugLine(text) : fui.writeDebugLine(text));
      return undefined;
    }
    case 'WriteVerboseLine': {
      const text = p.text(0);
      await (provides(ui, 'writeVerboseLine') ? ui.writeVerboseLine(text) : fui.writeVerboseLine(text));
      return undefined;
    }
    case 'WriteWarningLine': {
      const text = p.text(0);
      await (provides(ui, 'writeWarningLine') ? ui.writeWarningLine(text) : fui.writeWarningLine(text));
      return undefined;
    }
    case 'WriteProgress': {
      const sourceId = p.read(0, readHostInt64);
      const record = p.read(1, fromHostProgressRecord);
      await (provides(ui, 'writeProgress') ? ui.writeProgress(sourceId, record) : fui.writeProgress(sourceId, record));
      return undefined;
    }

    // PSHostUserInterface: prompts
    case 'Prompt': {
      const caption = p.text(0);
      const message = p.text(1);
      const fields = p.read(2, fromFieldDescriptions);
      const answers = await (provides(ui, 'prompt') ? ui.prompt(caption, message, fields) : fui.prompt(caption, message, fields));
      return promptResult(answers, fields, secure);
    }
    case 'PromptForCredential1':
    case 'PromptForCredential2': {
      const caption = p.text(0);
      const message = p.text(1);
      const userName = p.text(2);
      const targetName = p.text(3);
      const full = method === 'PromptForCredential2';
      const allowed = full ? p.read(4, readHostInt32) : PSCredentialTypes.Default;
      const uiOptions = full ? p.read(5, readHostInt32) : PSCredentialUIOptions.Default;
      const credential = await (provides(ui, 'promptForCredential')
        ? ui.promptForCredential(caption, message, userName, targetName, allowed, uiOptions)
        : fui.promptForCredential(caption, message, userName, targetName, allowed, uiOptions));
      if (credential === null) return null;
      if (!isHostCredential(credential)) throw wrongType(method, 'a { userName, password } credential or null', credential);
      return credentialValue(credential, secure);
    }
    case 'PromptForChoice': {
      const caption = p.text(0);
      const message = p.text(1);
      const choices = p.read(2, fromChoiceDescriptions);
      const defaultChoice = p.read(3, readHostInt32);
      const choice = await (provides(ui, 'promptForChoice')
        ? ui.promptForChoice(caption, message, choices, defaultChoice)
        : fui.promptForChoice(caption, message, choices, defaultChoice));
      return toChoiceResult(choice);
    }
    case 'PromptForChoiceMultipleSelection': {
      const caption = p.text(0);
      const message = p.text(1);
      const choices = p.read(2, fromChoiceDescriptions);
      const defaults = p.at(3);
      const defaultChoices =
        defaults === null ? [] : readHostList(defaults, p.name(3)).map((item, index) => readHostInt32(item, `${p.name(3)}[${index}]`));
      const chosen = await (provides(ui, 'promptForChoiceMultipleSelection')
        ? ui.promptForChoiceMultipleSelection(caption, message, choices, defaultChoices)
        : fui.promptForChoiceMultipleSelection(caption, message, choices, defaultChoices));
      return toChoiceSelection(chosen);
    }

    // PSHostRawUserInterface: properties
    case 'GetForegroundColor':
      return toConsoleColor(await (provides(raw, 'getForegroundColor') ? raw.getForegroundColor() : fraw.getForegroundColor()));
    case 'SetForegroundColor': {
      const color = p.read(0, fromConsoleColor);
      await (provides(raw, 'setForegroundColor') ? raw.setForegroundColor(color) : fraw.setForegroundColor(color));
      return undefined;
    }
    case 'GetBackgroundColor':
      return toConsoleColor(await (provides(raw, 'getBackgroundColor') ? raw.getBackgroundColor() : fraw.getBackgroundColor()));
    case 'SetBackgroundColor': {
      const color = p.read(0, fromConsoleColor);
      await (provides(raw, 'setBackgroundColor') ? raw.setBackgroundColor(color) : fraw.setBackgroundColor(color));
      return undefined;
    }
    case 'GetCursorPosition':
      return toCoordinates(await (provides(raw, 'getCursorPosition') ? raw.getCursorPosition() : fraw.getCursorPosition()));
    case 'SetCursorPosition': {
      const position = p.read(0, fromCoordinates);
      await (provides(raw, 'setCursorPosition') ? raw.setCursorPosition(position) : fraw.setCursorPosition(position));
      return undefined;
    }
    case 'GetWindowPosition':
      return toCoordinates(await (provides(raw, 'getWindowPosition') ? raw.getWindowPosition() : fraw.getWindowPosition()));
    case 'SetWindowPosition': {
      const position = p.read(0, fromCoordinates);
      await (provides(raw, 'setWindowPosition') ? raw.setWindowPosition(position) : fraw.setWindowPosition(position));
      return undefined;
    }
    case 'GetCursorSize':
      return toInt32(await (provides(raw, 'getCursorSize') ? raw.getCursorSize() : fraw.getCursorSize()), 'CursorSize');
    case 'SetCursorSize': {
      const size = p.read(0, readHostInt32);
      await (provides(raw, 'setCursorSize') ? raw.setCursorSize(size) : fraw.setCursorSize(size));
      return undefined;
    }
    case 'GetBufferSize':
      return toSize(await (provides(raw, 'getBufferSize') ? raw.getBufferSize() : fraw.getBufferSize()));
    case 'SetBufferSize': {
      const size = p.read(0, fromSize);
      await (provides(raw, 'setBufferSize') ? raw.setBufferSize(size) : fraw.setBufferSize(size));
      return undefined;
    }
    case 'GetWindowSize':
      return toSize(await (provides(raw, 'getWindowSize') ? raw.getWindowSize() : fraw.getWindowSize()));
    case 'SetWindowSize': {
      const size = p.read(0, fromSize);
      await (provides(raw, 'setWindowSize') ? raw.setWindowSize(size) : fraw.setWindowSize(size));
      return undefined;
    }
    case 'GetWindowTitle': {
      const title = await (provides(raw, 'getWindowTitle') ? raw.getWindowTitle() : fraw.getWindowTitle());
      if (typeof title !== 'string') throw wrongType(method, 'a string', title);
      return title;
    }
    case 'SetWindowTitle': {
      const title = p.text(0);
      await (provides(raw, 'setWindowTitle') ? raw.setWindowTitle(title) : fraw.setWindowTitle(title));
      return undefined;
    }
    case 'GetMaxWindowSize':
      return toSize(await (provides(raw, 'getMaxWindowSize') ? raw.getMaxWindowSize() : fraw.getMaxWindowSize()));
    case 'GetMaxPhysicalWindowSize':
      return toSize(
        await (provides(raw, 'getMaxPhysicalWindowSize') ? raw.getMaxPhysicalWindowSize() : fraw.getMaxPhysicalWindowSize()),
      );
    case 'GetKeyAvailable': {
      return readBooleanAnswer(method, await (provides(raw, 'getKeyAvailable') ? raw.getKeyAvailable() : fraw.getKeyAvailable()));
    }

    // PSHostRawUserInterface: methods
    case 'ReadKey': {
      const readKeyOptions = p.read(0, readHostInt32);
      return toKeyInfo(await (provides(raw, 'readKey') ? raw.readKey(readKeyOptions) : fraw.readKey(readKeyOptions)));
    }
    case 'FlushInputBuffer':
      await (provides(raw, 'flushInputBuffer') ? raw.flushInputBuffer() : fraw.flushInputBuffer());
      return undefined;
    // Checked against PowerShell 7.6: id 48 carries (Rectangle, BufferCell), id 49 (Coordinates, BufferCell[,]).
    case 'SetBufferContents1': {
      const rectangle = p.read(0, fromRectangle);
      const fill = p.read(1, fromBufferCell);
      await (provides(raw, 'fillBufferContents') ? raw.fillBufferContents(rectangle, fill) : fraw.fillBufferContents(rectangle, fill));
      return undefined;
    }
    case 'SetBufferContents2': {
      const origin = p.read(0, fromCoordinates);
      const contents = p.read(1, fromBufferCellArray);
      await (provides(raw, 'setBufferContents') ? raw.setBufferContents(origin, contents) : fraw.setBufferContents(origin, contents));
      return undefined;
    }
    case 'GetBufferContents': {
      const rectangle = p.read(0, fromRectangle);
      return toBufferCellArray(await (provides(raw, 'getBufferContents') ? raw.getBufferContents(rectangle) : fraw.getBufferContents(rectangle)));
    }
    case 'ScrollBufferContents': {
      const source = p.read(0, fromRectangle);
      const destination = p.read(1, fromCoordinates);
      const clip = p.read(2, fromRectangle);
      const fill = p.read(3, fromBufferCell);
      await (provides(raw, 'scrollBufferContents')
        ? raw.scrollBufferContents(source, destination, clip, fill)
        : fraw.scrollBufferContents(source, destination, clip, fill));
      return undefined;
    }

    // IHostSupportsInteractiveSession
    case 'PushRunspace': {
      const runspace = p.at(0);
      await (provides(host, 'pushRunspace') ? host.pushRunspace(runspace) : fallback.pushRunspace(runspace));
      return undefined;
    }
    case 'PopRunspace':
      await (provides(host, 'popRunspace') ? host.popRunspace() : fallback.popRunspace());
      return undefined;
    case 'GetIsRunspacePushed': {
      const pushed = await (provides(host, 'getIsRunspacePushed') ? host.getIsRunspacePushed() : fallback.getIsRunspacePushed());
      return readBooleanAnswer(method, pushed);
    }
    case 'GetRunspace':
      return provides(host, 'getRunspace') ? host.getRunspace() : fallback.getRunspace();

    default:
      return unreachable(method);
  }
}

function unreachable(method: never): never {
  throw new PsrpHostError(`No dispatch for host method ${String(method)}`);
}

async function encodeSecure(text: SecureText, method: HostMethodName, options: HostDispatchOptions): Promise<WireSecret> {
  if (options.encodeSecureString === undefined) return new SecureString(text.value);
  const encoded = await options.encodeSecureString(text);
  if (!(encoded instanceof PSSecureString)) throw new PsrpHostError('encodeSecureString did not return a PSSecureString', method);
  return encoded;
}

function parseVersion(text: string): PSVersion {
  try {
    return PSVersion.parse(text);
  } catch (error) {
    throw new PsrpHostError(`The host's version ${JSON.stringify(text)} is not major.minor[.build[.revision]]`, 'GetVersion', {
      cause: error,
    });
  }
}

function parseGuid(text: string): PSGuid {
  try {
    return new PSGuid(text);
  } catch (error) {
    throw new PsrpHostError(`The host's instance id ${JSON.stringify(text)} is not a GUID`, 'GetInstanceId', { cause: error });
  }
}

function readBooleanAnswer(method: HostMethodName, value: unknown): boolean {
  if (typeof value !== 'boolean') throw wrongType(method, 'a boolean', value);
  return value;
}

function wrongType(method: HostMethodName, expected: string, value: unknown): PsrpHostError {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  return new PsrpHostError(`The host's ${method} returned ${got}; expected ${expected}`, method);
}

function isHostCredential(value: unknown): value is HostCredential {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  const { userName, password } = value as { userName?: unknown; password?: unknown };
  return typeof userName === 'string' && (typeof password === 'string' || password instanceof SecureString);
}

async function credentialValue(credential: HostCredential, secure: (text: SecureText) => Promise<WireSecret>): Promise<PsValue> {
  const { password } = credential;
  return toPSCredential({
    userName: credential.userName,
    password: password instanceof SecureString ? password : await secure(secureText(password)),
  });
}

/** Prompt's answers as the Hashtable the server expects; secrets and credentials encoded on the way. */
async function promptResult(
  answers: Readonly<Record<string, PromptAnswer>> | ReadonlyMap<string, PromptAnswer>,
  fields: readonly FieldDescription[],
  secure: (text: SecureText) => Promise<WireSecret>,
): Promise<PsValue> {
  if (typeof answers !== 'object' || answers === null) throw wrongType('Prompt', 'an object of answers by field name', answers);
  const byName = new Map(fields.map((field) => [field.name, field]));
  const entries: [string, PromptAnswer][] = answers instanceof Map ? [...answers] : Object.entries(answers);
  const converted = new Map<string, ClientValue>();
  for (const [name, answer] of entries) {
    const field = byName.get(name);
    if (answer instanceof SecureString) converted.set(name, answer);
    else if (isSecureText(answer)) converted.set(name, await secure(answer));
    else if (isHostCredential(answer)) converted.set(name, await credentialValue(answer, secure));
    else if (typeof answer === 'string' && field !== undefined && isSecureStringField(field)) {
      converted.set(name, await secure(secureText(answer)));
    } else if (typeof answer === 'string' && field !== undefined && isCredentialField(field)) {
      throw new PsrpHostError(`The Prompt field ${name} asks for a PSCredential; answer it with { userName, password }`, 'Prompt');
    } else converted.set(name, answer);
  }
  return toPromptResult(converted);
}
