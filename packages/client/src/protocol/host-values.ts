/**
 * The data types of host calls (MS-PSRP 2.2.3.1-2.2.3.3 and the KeyInfo, BufferCell, Rectangle, ChoiceDescription,
 * FieldDescription and PSCredential sections of 2.2.3) as plain JS values, with a reader (`from*`) for what the
 * server sends and a writer (`to*`) for what the server expects back.
 *
 * PowerShell's host encoder writes a .NET struct or class as an `<Obj>` without type names whose extended
 * properties are the type's fields (`x`/`y`, `width`/`height`, `virtualKeyCode`, `label`, ...), an enum as its
 * Int32 value, a collection as an ArrayList and a dictionary as a Hashtable; the writers produce the same shapes.
 * Readers look a property up by its exact name first and then, as PowerShell does, without regard to case.
 * A reader given anything else throws PsrpProtocolError; a writer given an invalid value (a host's answer out of
 * range) throws PsrpHostError.
 *
 * Secrets: a SecureString can only go on the wire encrypted with the session key (or, with protocol 2.4 peers, as
 * base64 of its UTF-16LE text). A host hands them over as plain strings or {@link SecureText} markers; host
 * dispatch turns each into either a PSSecureString (already encoded) or the client's SecureString, which the
 * runspace pool machine encodes wherever it sits in a body it queues. The writers accept both.
 */
import { PSChar, PSObject, PSProgressRecord, PSSecureString, type PsValue } from '@psrp/clixml';
import { PsrpProtocolError } from '../errors.js';
import { PsrpHostError } from '../errors.js';
import { ProgressRecord } from './progress-record.js';
import { SecureString } from './secure-string.js';

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// ---------------------------------------------------------------------------------------------------------------
// Secrets

/**
 * A secret in plain text on its way to becoming a `<SS>`. Whoever holds the session key (the session, after the
 * key exchange) turns it into a PSSecureString; nothing in this module encrypts or serializes it.
 */
export interface SecureText {
  readonly kind: 'secure-string';
  readonly value: string;
}

export function secureText(value: string): SecureText {
  return { kind: 'secure-string', value };
}

export function isSecureText(value: unknown): value is SecureText {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'secure-string' &&
    typeof (value as { value?: unknown }).value === 'string'
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Primitive readers, shared by the converters and host dispatch

/** A property of an object sent by the server: the exact name first, then any case (PowerShell's lookup). */
export function hostMember(object: PSObject, name: string): PsValue | undefined {
  const exact = object.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const record of [object.extended, object.adapted]) {
    for (const key of Object.keys(record)) if (key.toLowerCase() === lower) return record[key];
  }
  return undefined;
}

export function readHostObject(value: PsValue | undefined, what: string): PSObject {
  if (value instanceof PSObject) return value;
  throw invalid(what, 'an object', value);
}

/** An Int32; an enum (an `<Obj>` around its integer) reads as its value. */
export function readHostInt32(value: PsValue | undefined, what: string): number {
  const number = unwrapEnum(value);
  if (typeof number === 'number' && Number.isInteger(number) && number >= INT32_MIN && number <= INT32_MAX) return number;
  if (typeof number === 'bigint' && number >= BigInt(INT32_MIN) && number <= BigInt(INT32_MAX)) return Number(number);
  throw invalid(what, 'an Int32', value);
}

/** An Int64 as a bigint (deserialize returns `<I64>` as a bigint; smaller integers are widened). */
export function readHostInt64(value: PsValue | undefined, what: string): bigint {
  const number = unwrapEnum(value);
  if (typeof number === 'bigint' && number >= INT64_MIN && number <= INT64_MAX) return number;
  if (typeof number === 'number' && Number.isSafeInteger(number)) return BigInt(number);
  throw invalid(what, 'an Int64', value);
}

export function readHostString(value: PsValue | undefined, what: string): string {
  if (typeof value === 'string') return value;
  throw invalid(what, 'a string', value);
}

/** A string, or null for `<Nil/>` (and for an absent property). */
export function readHostOptionalString(value: PsValue | undefined, what: string): string | null {
  if (value === undefined || value === null) return null;
  return readHostString(value, what);
}

export function readHostBoolean(value: PsValue | undefined, what: string): boolean {
  if (typeof value === 'boolean') return value;
  throw invalid(what, 'a boolean', value);
}

/**
 * The items of a collection: an ArrayList / object[] `<Obj>` (how PowerShell's host encoder sends a collection),
 * a one-dimensional `{ mae, mal }` array object (how it sends a .NET array, such as an int[]), or a bare array.
 */
export function readHostList(value: PsValue | undefined, what: string): PsValue[] {
  if (Array.isArray(value)) return value;
  if (value instanceof PSObject) {
    if (Array.isArray(value.baseValue)) return value.baseValue;
    if (hostMember(value, 'mae') !== undefined) {
      const { lengths, elements } = readHostArray(value, what);
      if (lengths.length !== 1) throw invalid(what, 'a one-dimensional array', value);
      return elements;
    }
  }
  throw invalid(what, 'a collection', value);
}

/** Most elements an array from the server may have. */
export const MAX_HOST_ARRAY_ELEMENTS = 1 << 22;

/**
 * A .NET array as PowerShell's host encoder writes it: an `<Obj>` with `mae`, the elements in row-major order (an
 * ArrayList), and `mal`, the length of each dimension (an Int32[]).
 */
export function readHostArray(value: PsValue | undefined, what: string): { lengths: number[]; elements: PsValue[] } {
  const object = readHostObject(value, what);
  const lengths = readHostList(member(object, 'mal', what), `${what}.mal`).map((length, index) =>
    readHostInt32(length, `${what}.mal[${index}]`),
  );
  if (lengths.length === 0 || lengths.some((length) => length < 0)) {
    throw new PsrpProtocolError(`Host call: ${what}.mal should be the non-negative lengths of the dimensions, got [${lengths.join(', ')}]`);
  }
  const count = lengths.reduce((product, length) => product * length, 1);
  if (count > MAX_HOST_ARRAY_ELEMENTS) throw new PsrpProtocolError(`Host call: ${what} of ${lengths.join('x')} elements is too large`);
  const elementsValue = member(object, 'mae', what);
  const elements = elementsValue instanceof PSObject && Array.isArray(elementsValue.baseValue) ? elementsValue.baseValue : elementsValue;
  if (!Array.isArray(elements)) throw invalid(`${what}.mae`, 'a collection', elementsValue);
  if (elements.length !== count) {
    throw new PsrpProtocolError(`Host call: ${what} has ${elements.length} elements, not ${lengths.join('x')}`);
  }
  return { lengths, elements };
}

const INT32_ARRAY_TYPE_NAMES = ['System.Int32[]', 'System.Array', 'System.Object'] as const;

/** A .NET array in the host encoder's `{ mae, mal }` form. */
export function toHostArray(elements: readonly PsValue[], lengths: readonly number[]): PSObject {
  return fields({
    mae: arrayList(elements),
    mal: new PSObject({ typeNames: INT32_ARRAY_TYPE_NAMES, baseValue: lengths.map((length) => toInt32(length, 'an array length')) }),
  });
}

/** A `<C>` char as a one-code-unit string (also accepts such a string or the code as a number). */
export function readHostChar(value: PsValue | undefined, what: string): string {
  if (value instanceof PSChar) return value.toString();
  if (typeof value === 'string' && value.length === 1) return value;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff) return String.fromCharCode(value);
  throw invalid(what, 'a char', value);
}

function unwrapEnum(value: PsValue | undefined): PsValue | undefined {
  return value instanceof PSObject && value.baseValue !== undefined ? value.baseValue : value;
}

function invalid(what: string, expected: string, value: PsValue | undefined): PsrpProtocolError {
  return new PsrpProtocolError(`Host call: ${what} should be ${expected}, got ${describe(value)}`);
}

function describe(value: PsValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof PSObject) return `an object (${value.typeNames[0] ?? 'no type name'})`;
  if (typeof value === 'object') return `a ${value.constructor.name}`;
  if (typeof value === 'string') return value.length > 40 ? 'a string' : JSON.stringify(value);
  return `${typeof value} ${String(value)}`;
}

function member(object: PSObject, name: string, what: string): PsValue | undefined {
  const value = hostMember(object, name);
  if (value === undefined) throw new PsrpProtocolError(`Host call: ${what} has no property ${name}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Writer checks: a host's answer that does not fit the .NET type is the host's error

/** A host's Int32 answer, checked. @throws PsrpHostError when it is not an Int32 */
export function toInt32(value: number, what: string): number {
  if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) return value;
  throw new PsrpHostError(`The host returned ${String(value)} for ${what}, which is not an Int32`);
}

function checkString(value: string, what: string): string {
  if (typeof value === 'string') return value;
  throw new PsrpHostError(`The host returned ${typeof value} for ${what}, which should be a string`);
}

function checkChar(value: string, what: string): PSChar {
  if (typeof value === 'string' && value.length === 1) return new PSChar(value.charCodeAt(0));
  throw new PsrpHostError(`The host returned ${JSON.stringify(value)} for ${what}, which should be one UTF-16 code unit`);
}

/** An `<Obj>` with only extended properties: PowerShell's encoding of a host struct or class. */
function fields(extended: Record<string, PsValue>): PSObject {
  return new PSObject({ extended });
}

// ---------------------------------------------------------------------------------------------------------------
// 2.2.3.1 Coordinates, 2.2.3.2 Size, Rectangle

export interface Coordinates {
  readonly x: number;
  readonly y: number;
}

export function fromCoordinates(value: PsValue | undefined, what = 'Coordinates'): Coordinates {
  const object = readHostObject(value, what);
  return { x: readHostInt32(member(object, 'x', what), `${what}.x`), y: readHostInt32(member(object, 'y', what), `${what}.y`) };
}

export function toCoordinates(value: Coordinates, what = 'Coordinates'): PSObject {
  return fields({ x: toInt32(value.x, `${what}.x`), y: toInt32(value.y, `${what}.y`) });
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export function fromSize(value: PsValue | undefined, what = 'Size'): Size {
  const object = readHostObject(value, what);
  return {
    width: readHostInt32(member(object, 'width', what), `${what}.width`),
    height: readHostInt32(member(object, 'height', what), `${what}.height`),
  };
}

export function toSize(value: Size, what = 'Size'): PSObject {
  return fields({ width: toInt32(value.width, `${what}.width`), height: toInt32(value.height, `${what}.height`) });
}

/** A region of the screen buffer; right and bottom are inclusive, as in .NET. */
export interface Rectangle {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

const RECTANGLE_FIELDS = ['left', 'top', 'right', 'bottom'] as const;

export function fromRectangle(value: PsValue | undefined, what = 'Rectangle'): Rectangle {
  const object = readHostObject(value, what);
  const [left, top, right, bottom] = RECTANGLE_FIELDS.map((name) => readHostInt32(member(object, name, what), `${what}.${name}`));
  return { left: left!, top: top!, right: right!, bottom: bottom! };
}

export function toRectangle(value: Rectangle, what = 'Rectangle'): PSObject {
  return fields({
    left: toInt32(value.left, `${what}.left`),
    top: toInt32(value.top, `${what}.top`),
    right: toInt32(value.right, `${what}.right`),
    bottom: toInt32(value.bottom, `${what}.bottom`),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 2.2.3.3 Color (System.ConsoleColor)

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

// ---------------------------------------------------------------------------------------------------------------
// KeyInfo (2.2.3.26), ControlKeyStates (2.2.3.27), ReadKeyOptions

/** ControlKeyStates flags (2.2.3.27). */
export const ControlKeyStates = {
  RightAltPressed: 0x0001,
  LeftAltPressed: 0x0002,
  RightCtrlPressed: 0x0004,
  LeftCtrlPressed: 0x0008,
  ShiftPressed: 0x0010,
  NumLockOn: 0x0020,
  ScrollLockOn: 0x0040,
  CapsLockOn: 0x0080,
  EnhancedKey: 0x0100,
} as const;

/** ReadKeyOptions flags, the parameter of ReadKey. */
export const ReadKeyOptions = {
  AllowCtrlC: 0x0001,
  NoEcho: 0x0002,
  IncludeKeyDown: 0x0004,
  IncludeKeyUp: 0x0008,
} as const;

export interface KeyInfo {
  readonly virtualKeyCode: number;
  /** One UTF-16 code unit; `'\0'` when the key has no character. */
  readonly character: string;
  /** ControlKeyStates flags. */
  readonly controlKeyState: number;
  readonly keyDown: boolean;
}

export function fromKeyInfo(value: PsValue | undefined, what = 'KeyInfo'): KeyInfo {
  const object = readHostObject(value, what);
  return {
    virtualKeyCode: readHostInt32(member(object, 'virtualKeyCode', what), `${what}.virtualKeyCode`),
    character: readHostChar(member(object, 'character', what), `${what}.character`),
    controlKeyState: readHostInt32(member(object, 'controlKeyState', what), `${what}.controlKeyState`),
    keyDown: readHostBoolean(member(object, 'keyDown', what), `${what}.keyDown`),
  };
}

/** The spec's KeyInfo: `virtualKeyCode` I32, `character` C, `controlKeyState` I32, `keyDown` B. */
export function toKeyInfo(value: KeyInfo, what = 'KeyInfo'): PSObject {
  if (typeof value.keyDown !== 'boolean') throw new PsrpHostError(`The host returned a ${what} whose keyDown is not a boolean`);
  return fields({
    virtualKeyCode: toInt32(value.virtualKeyCode, `${what}.virtualKeyCode`),
    character: checkChar(value.character, `${what}.character`),
    controlKeyState: toInt32(value.controlKeyState, `${what}.controlKeyState`),
    keyDown: value.keyDown,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// BufferCell, BufferCellType (2.2.3.29), and BufferCell[,]

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

// ---------------------------------------------------------------------------------------------------------------
// ChoiceDescription, FieldDescription

const ARRAY_LIST_TYPE_NAMES = ['System.Collections.ArrayList', 'System.Object'] as const;

/** An ArrayList `<Obj>`: what PowerShell's host encoder makes of any collection. */
export function arrayList(items: readonly PsValue[]): PSObject {
  return new PSObject({ typeNames: ARRAY_LIST_TYPE_NAMES, baseValue: [...items] });
}

export interface ChoiceDescription {
  /** The choice's label; `&` marks the hotkey (`&Yes`). */
  readonly label: string;
  readonly helpMessage: string;
}

export function fromChoiceDescription(value: PsValue | undefined, what = 'ChoiceDescription'): ChoiceDescription {
  const object = readHostObject(value, what);
  return {
    label: readHostString(member(object, 'label', what), `${what}.label`),
    helpMessage: readHostOptionalString(hostMember(object, 'helpMessage'), `${what}.helpMessage`) ?? '',
  };
}

export function toChoiceDescription(value: ChoiceDescription): PSObject {
  return fields({ label: checkString(value.label, 'ChoiceDescription.label'), helpMessage: value.helpMessage });
}

export function fromChoiceDescriptions(value: PsValue | undefined, what = 'choices'): ChoiceDescription[] {
  return readHostList(value, what).map((item, index) => fromChoiceDescription(item, `${what}[${index}]`));
}

/** One field of a Prompt call (what a script's mandatory parameter or `$host.UI.Prompt` asks for). */
export interface FieldDescription {
  readonly name: string;
  readonly label: string;
  /** Short .NET type name (`String`, `SecureString`, `PSCredential`, `String[]`, ...). */
  readonly parameterTypeName: string;
  /** Full .NET type name (`System.Security.SecureString`, ...); '' when the server did not send one. */
  readonly parameterTypeFullName: string;
  readonly parameterAssemblyFullName: string;
  readonly helpMessage: string;
  readonly isMandatory: boolean;
  /** The default value as sent (null when there is none). */
  readonly defaultValue: PsValue;
  /** The field's attributes (`metadata` on the wire), as sent. */
  readonly attributes: readonly PsValue[];
  readonly modifiedByRemotingProtocol: boolean;
  readonly isFromRemoteHost: boolean;
}

export function fromFieldDescription(value: PsValue | undefined, what = 'FieldDescription'): FieldDescription {
  const object = readHostObject(value, what);
  const optionalString = (name: string): string => readHostOptionalString(hostMember(object, name), `${what}.${name}`) ?? '';
  const optionalBoolean = (name: string): boolean => {
    const flag = hostMember(object, name);
    return flag === undefined || flag === null ? false : readHostBoolean(flag, `${what}.${name}`);
  };
  const metadata = hostMember(object, 'metadata');
  return {
    name: readHostString(member(object, 'name', what), `${what}.name`),
    label: optionalString('label'),
    parameterTypeName: optionalString('parameterTypeName'),
    parameterTypeFullName: optionalString('parameterTypeFullName'),
    parameterAssemblyFullName: optionalString('parameterAssemblyFullName'),
    helpMessage: optionalString('helpMessage'),
    isMandatory: optionalBoolean('isMandatory'),
    defaultValue: hostMember(object, 'defaultValue') ?? null,
    attributes: metadata === undefined || metadata === null ? [] : readHostList(metadata, `${what}.metadata`),
    modifiedByRemotingProtocol: optionalBoolean('modifiedByRemotingProtocol'),
    isFromRemoteHost: optionalBoolean('isFromRemoteHost'),
  };
}

/** The shape PowerShell's server sends (the default value only when there is one). */
export function toFieldDescription(value: FieldDescription): PSObject {
  const extended: Record<string, PsValue> = {
    name: value.name,
    label: value.label,
    parameterTypeName: value.parameterTypeName,
    parameterTypeFullName: value.parameterTypeFullName,
    parameterAssemblyFullName: value.parameterAssemblyFullName,
    helpMessage: value.helpMessage,
    isMandatory: value.isMandatory,
  };
  if (value.defaultValue !== null) extended.defaultValue = value.defaultValue;
  extended.metadata = arrayList(value.attributes);
  extended.modifiedByRemotingProtocol = value.modifiedByRemotingProtocol;
  extended.isFromRemoteHost = value.isFromRemoteHost;
  return fields(extended);
}

export function fromFieldDescriptions(value: PsValue | undefined, what = 'descriptions'): FieldDescription[] {
  return readHostList(value, what).map((item, index) => fromFieldDescription(item, `${what}[${index}]`));
}

const SECURE_STRING_TYPES = new Set(['System.Security.SecureString', 'SecureString']);
const CREDENTIAL_TYPES = new Set(['System.Management.Automation.PSCredential', 'PSCredential']);

/** True when the field asks for a SecureString (its answer must travel as `<SS>`). */
export function isSecureStringField(field: FieldDescription): boolean {
  return SECURE_STRING_TYPES.has(field.parameterTypeFullName) || SECURE_STRING_TYPES.has(field.parameterTypeName);
}

/** True when the field asks for a PSCredential. */
export function isCredentialField(field: FieldDescription): boolean {
  return CREDENTIAL_TYPES.has(field.parameterTypeFullName) || CREDENTIAL_TYPES.has(field.parameterTypeName);
}

// ---------------------------------------------------------------------------------------------------------------
// PSCredential (2.2.3.25)

export const PS_CREDENTIAL_TYPE_NAMES: readonly string[] = ['System.Management.Automation.PSCredential', 'System.Object'];

/** PSCredentialTypes flags, a parameter of PromptForCredential2. */
export const PSCredentialTypes = { Generic: 1, Domain: 2, Default: 3 } as const;

/** PSCredentialUIOptions, a parameter of PromptForCredential2 (ReadOnlyUserName is 3, as in .NET). */
export const PSCredentialUIOptions = { None: 0, Default: 1, ValidateUserNameSyntax: 1, AlwaysPrompt: 2, ReadOnlyUserName: 3 } as const;

/**
 * A secret ready for the wire: a PSSecureString already encoded, or the client's SecureString, which the machine
 * encodes when it queues the message (see secure-string.ts).
 */
export type WireSecret = PSSecureString | SecureString;

export function isWireSecret(value: unknown): value is WireSecret {
  return value instanceof PSSecureString || value instanceof SecureString;
}

/** A credential as it travels. */
export interface PSCredentialWire {
  readonly userName: string;
  readonly password: WireSecret;
}

/** Reads a PSCredential; its Password is a `<SS>` (or the SecureString the machine decoded it to). */
export function fromPSCredential(value: PsValue | undefined, what = 'PSCredential'): PSCredentialWire {
  const object = readHostObject(value, what);
  const password: unknown = member(object, 'Password', what);
  if (!isWireSecret(password)) throw invalid(`${what}.Password`, 'a SecureString', password as PsValue);
  return { userName: readHostString(member(object, 'UserName', what), `${what}.UserName`), password };
}

/**
 * The spec's PSCredential: `<Obj>` typed System.Management.Automation.PSCredential with adapted properties
 * `UserName` (`<S>`) and `Password` (`<SS>`).
 */
export function toPSCredential(value: PSCredentialWire): PSObject {
  if (!isWireSecret(value.password)) throw new PsrpHostError('A PSCredential password must be a PSSecureString or a SecureString');
  return new PSObject({
    typeNames: PS_CREDENTIAL_TYPE_NAMES,
    toStringValue: 'System.Management.Automation.PSCredential',
    adapted: { UserName: checkString(value.userName, 'PSCredential.UserName'), Password: asBodyValue(value.password) },
  });
}

/**
 * A SecureString placed inside a message body. PsValue has no SecureString; the machine finds and encodes it
 * anywhere in a body it queues (containsSecureString / encodeSecureStrings), so it may sit where a PsValue goes.
 */
export function asBodyValue(value: PsValue | SecureString): PsValue {
  return value as PsValue;
}

// ---------------------------------------------------------------------------------------------------------------
// Results of the prompting methods

/**
 * Prompt's result, a Dictionary<string, PSObject>: a Hashtable `<Obj>` of field name -> answer (as in the spec's
 * PSCredential example and what PowerShell's client sends).
 */
export function toPromptResult(
  answers: ReadonlyMap<string, PsValue | SecureString> | Readonly<Record<string, PsValue | SecureString>>,
): Map<string, PsValue> {
  const entries = answers instanceof Map ? [...answers] : Object.entries(answers);
  const result = new Map<string, PsValue>();
  for (const [name, answer] of entries) result.set(checkString(name, 'a Prompt field name'), asBodyValue(answer));
  return result;
}

export function fromPromptResult(value: PsValue | undefined, what = 'Prompt result'): Map<string, PsValue> {
  const dictionary = value instanceof PSObject ? value.baseValue : value;
  if (!(dictionary instanceof Map)) throw invalid(what, 'a dictionary', value);
  const result = new Map<string, PsValue>();
  for (const [key, answer] of dictionary) result.set(readHostString(key, `${what} key`), answer);
  return result;
}

/** PromptForChoice's result: the Int32 index of the choice. */
export function toChoiceResult(index: number): number {
  return toInt32(index, 'the chosen index');
}

/** PromptForChoiceMultipleSelection's result, a Collection<int>: an ArrayList of Int32. */
export function toChoiceSelection(indexes: readonly number[]): PSObject {
  if (!Array.isArray(indexes)) throw new PsrpHostError(`The host returned ${typeof indexes} for the chosen indexes, which should be an array`);
  return arrayList(indexes.map((index, position) => toInt32(index, `the chosen index [${position}]`)));
}

export function fromChoiceSelection(value: PsValue | undefined, what = 'choice selection'): number[] {
  return readHostList(value, what).map((item, index) => readHostInt32(item, `${what}[${index}]`));
}

// ---------------------------------------------------------------------------------------------------------------
// ProgressRecord (the second parameter of WriteProgress)

/** The ProgressRecord of a WriteProgress call: an `<Obj>` of its properties (or a `<PR>`). */
export function fromHostProgressRecord(value: PsValue | undefined, what = 'ProgressRecord'): ProgressRecord {
  if (value instanceof PSProgressRecord) {
    return new ProgressRecord(
      new PSObject({
        extended: {
          Activity: value.activity,
          ActivityId: value.activityId,
          StatusDescription: value.statusDescription,
          CurrentOperation: value.currentOperation,
          ParentActivityId: value.parentActivityId,
          PercentComplete: value.percentComplete,
          Type: new PSObject({ toStringValue: value.recordType }),
          SecondsRemaining: value.secondsRemaining,
        },
      }),
    );
  }
  return new ProgressRecord(readHostObject(value, what));
}
