import { readFileSync } from 'node:fs';
import { PSChar, PSDictionary, PSObject, PSProgressRecord, PSSecureString, deserialize, psEnum, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { sharedPath } from '../../../../test-support/shared-folder.js';
import { PsrpProtocolError } from '../errors.js';
import { PsrpHostError } from '../errors.js';
import {
  CONSOLE_COLORS,
  ControlKeyStates,
  arrayList,
  fromBufferCell,
  fromBufferCellArray,
  fromChoiceDescription,
  fromChoiceDescriptions,
  fromChoiceSelection,
  fromConsoleColor,
  fromCoordinates,
  fromFieldDescription,
  fromHostProgressRecord,
  fromKeyInfo,
  fromPSCredential,
  fromPromptResult,
  fromRectangle,
  fromSize,
  hostMember,
  isCredentialField,
  isSecureStringField,
  isSecureText,
  readHostArray,
  readHostChar,
  readHostInt32,
  readHostInt64,
  readHostList,
  secureText,
  toBufferCell,
  toBufferCellArray,
  toChoiceDescription,
  toChoiceResult,
  toChoiceSelection,
  toConsoleColor,
  toCoordinates,
  toFieldDescription,
  toHostArray,
  toKeyInfo,
  toPSCredential,
  toPromptResult,
  toRectangle,
  toSize,
  type BufferCell,
  type FieldDescription,
} from './host-values.js';
import { SecureString } from './secure-string.js';

const EXAMPLES = readFileSync(sharedPath('reference/ms-psrp-examples.md'), 'utf8');

function specXml(heading: string): string {
  const start = EXAMPLES.indexOf(heading);
  if (start < 0) throw new Error(`no section ${heading}`);
  return /```xml\n([\s\S]*?)```/.exec(EXAMPLES.slice(start))![1]!;
}

/** The `V` of a spec `{T, V}` example (2.2.3.1-2.2.3.3). */
function specTypedValue(heading: string): { type: string; value: PsValue } {
  const object = deserialize(specXml(heading)) as PSObject;
  return { type: String(object.get('T')).trim(), value: object.get('V') as PsValue };
}

/** Parameters captured from PowerShell 7.6.10 (`$host.UI.RawUI.SetBufferContents(coordinates, cells)`, `PromptForChoice(..., [int[]]@(1))`). */
const CAPTURED_CELLS =
  '<Obj RefId="2"><MS><Obj N="mae" RefId="3"><TN RefId="1"><T>System.Collections.ArrayList</T><T>System.Object</T></TN><LST>' +
  '<Obj RefId="4"><MS><C N="character">97</C><I32 N="foregroundColor">10</I32><I32 N="backgroundColor">0</I32><I32 N="bufferCellType">0</I32></MS></Obj>' +
  '<Obj RefId="5"><MS><C N="character">98</C><I32 N="foregroundColor">12</I32><I32 N="backgroundColor">9</I32><I32 N="bufferCellType">1</I32></MS></Obj>' +
  '</LST></Obj><Obj N="mal" RefId="6"><TN RefId="2"><T>System.Int32[]</T><T>System.Array</T><T>System.Object</T></TN><LST><I32>1</I32><I32>2</I32></LST></Obj></MS></Obj>';
const CAPTURED_INT_ARRAY =
  '<Obj RefId="4"><MS><Obj N="mae" RefId="5"><TN RefId="1"><T>System.Collections.ArrayList</T><T>System.Object</T></TN><LST><I32>1</I32></LST></Obj>' +
  '<Obj N="mal" RefId="6"><TN RefId="2"><T>System.Int32[]</T><T>System.Array</T><T>System.Object</T></TN><LST><I32>1</I32></LST></Obj></MS></Obj>';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));
const cell = (character: string, foregroundColor: BufferCell['foregroundColor'] = 'Gray'): BufferCell => ({
  character,
  foregroundColor,
  backgroundColor: 'Black',
  bufferCellType: 'Complete',
});

describe('spec examples', () => {
  test('Coordinates (2.2.3.1)', () => {
    const { type, value } = specTypedValue('### 2.2.3.1 Coordinates');
    expect(type).toBe('System.Management.Automation.Host.Coordinates');
    expect(fromCoordinates(value)).toEqual({ x: 0, y: 0 });
    expect(roundTrip(toCoordinates({ x: 0, y: 0 }))).toStrictEqual(value);
  });

  test('Size (2.2.3.2)', () => {
    const { value } = specTypedValue('### 2.2.3.2 Size');
    expect(fromSize(value)).toEqual({ width: 181, height: 98 });
    expect(roundTrip(toSize({ width: 181, height: 98 }))).toStrictEqual(value);
  });

  test('Color (2.2.3.3)', () => {
    const { type, value } = specTypedValue('### 2.2.3.3 Color');
    expect(type).toBe('System.ConsoleColor');
    expect(fromConsoleColor(value)).toBe('DarkMagenta');
    expect(toConsoleColor('DarkMagenta')).toBe(value);
  });

  test('PSCredential (2.2.3.25) inside a Prompt result', () => {
    const response = deserialize(specXml('### 2.2.3.25 PSCredential')) as PSObject;
    const answers = fromPromptResult(response.get('mr'));
    const credential = fromPSCredential(answers.get('Credential'));
    expect(credential.userName).toBe('\\username');
    expect(credential.password).toEqual(new PSSecureString('np7uo8n2ZhbN5Pp9LMpf03WLccPK1NQWYFQrg1UzyA8='));
    expect(roundTrip(toPSCredential(credential))).toStrictEqual(answers.get('Credential'));
  });

  test('KeyInfo (2.2.3.26)', () => {
    const response = deserialize(specXml('### 2.2.3.26 KeyInfo')) as PSObject;
    const key = fromKeyInfo(response.get('mr'));
    expect(key).toEqual({ virtualKeyCode: 65, character: 'a', controlKeyState: 0, keyDown: true });
    expect(roundTrip(toKeyInfo(key))).toStrictEqual(response.get('mr'));
  });
});

describe('round trips', () => {
  test('Coordinates, Size, Rectangle', () => {
    expect(fromCoordinates(roundTrip(toCoordinates({ x: -3, y: 2147483647 })))).toEqual({ x: -3, y: 2147483647 });
    expect(fromSize(roundTrip(toSize({ width: 120, height: 3000 })))).toEqual({ width: 120, height: 3000 });
    const rectangle = { left: 1, top: 2, right: 3, bottom: 4 };
    expect(fromRectangle(roundTrip(toRectangle(rectangle)))).toEqual(rectangle);
    expect(serialize(toRectangle(rectangle))).toBe(
      '<Obj RefId="0"><MS><I32 N="left">1</I32><I32 N="top">2</I32><I32 N="right">3</I32><I32 N="bottom">4</I32></MS></Obj>',
    );
  });

  test('every ConsoleColor', () => {
    CONSOLE_COLORS.forEach((color, index) => {
      expect(toConsoleColor(color)).toBe(index);
      expect(fromConsoleColor(roundTrip(toConsoleColor(color)))).toBe(color);
      expect(fromConsoleColor(psEnum('System.ConsoleColor', color, index))).toBe(color);
    });
  });

  test('KeyInfo with a control key state', () => {
    const key = { virtualKeyCode: 13, character: '\r', controlKeyState: ControlKeyStates.ShiftPressed | ControlKeyStates.NumLockOn, keyDown: false };
    expect(fromKeyInfo(roundTrip(toKeyInfo(key)))).toEqual(key);
  });

  test('BufferCell and BufferCell[,]', () => {
    const leading: BufferCell = { character: '字', foregroundColor: 'Red', backgroundColor: 'Blue', bufferCellType: 'Leading' };
    expect(fromBufferCell(roundTrip(toBufferCell(leading)))).toEqual(leading);
    const rows = [
      [cell('a'), cell('b'), cell('c')],
      [cell('d', 'Green'), cell('e'), cell('f')],
    ];
    expect(fromBufferCellArray(roundTrip(toBufferCellArray(rows)))).toEqual(rows);
    expect(fromBufferCellArray(roundTrip(toBufferCellArray([])))).toEqual([]);
  });

  test('BufferCell[,] as PowerShell sends it (rows x columns, row-major)', () => {
    const captured = deserialize(CAPTURED_CELLS);
    const rows = [[cell('a', 'Green'), { character: 'b', foregroundColor: 'Red', backgroundColor: 'Blue', bufferCellType: 'Leading' } as const]];
    expect(fromBufferCellArray(captured)).toEqual(rows);
    expect(roundTrip(toBufferCellArray(rows))).toStrictEqual(captured);
  });

  test('an int[] as PowerShell sends it reads as a list', () => {
    expect(readHostList(deserialize(CAPTURED_INT_ARRAY), 'defaultChoices')).toEqual([1]);
    expect(roundTrip(toHostArray([1], [1]))).toStrictEqual(deserialize(CAPTURED_INT_ARRAY));
  });

  test('ChoiceDescription', () => {
    const choice = { label: '&Yes', helpMessage: 'Do it' };
    expect(fromChoiceDescription(roundTrip(toChoiceDescription(choice)))).toEqual(choice);
    expect(fromChoiceDescriptions(roundTrip(arrayList([toChoiceDescription(choice)])))).toEqual([choice]);
    expect(fromChoiceDescription(new PSObject({ extended: { label: 'x' } }))).toEqual({ label: 'x', helpMessage: '' });
  });

  test('FieldDescription, with and without a default value', () => {
    const field: FieldDescription = {
      name: 'Cred',
      label: '&Credential',
      parameterTypeName: 'PSCredential',
      parameterTypeFullName: 'System.Management.Automation.PSCredential',
      parameterAssemblyFullName: 'System.Management.Automation, Version=7.6.10.0',
      helpMessage: 'who',
      isMandatory: true,
      defaultValue: null,
      attributes: [],
      modifiedByRemotingProtocol: false,
      isFromRemoteHost: false,
    };
    expect(fromFieldDescription(roundTrip(toFieldDescription(field)))).toEqual(field);
    const withDefault = { ...field, defaultValue: 7, attributes: ['a'] };
    expect(fromFieldDescription(roundTrip(toFieldDescription(withDefault)))).toEqual(withDefault);
    expect(isCredentialField(field)).toBe(true);
    expect(isSecureStringField(field)).toBe(false);
    expect(isSecureStringField({ ...field, parameterTypeName: 'SecureString', parameterTypeFullName: 'System.Security.SecureString' })).toBe(true);
  });

  test('FieldDescription with only a name (and PascalCase names) reads with defaults', () => {
    expect(fromFieldDescription(new PSObject({ adapted: { Name: 'x' } }))).toMatchObject({
      name: 'x',
      label: '',
      isMandatory: false,
      defaultValue: null,
      attributes: [],
    });
  });

  test('PSCredential: the spec shape, with a wire or a client SecureString', () => {
    const xml = serialize(toPSCredential({ userName: 'dom\\u', password: new PSSecureString('AAAA') }));
    expect(xml).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCredential</T><T>System.Object</T></TN>' +
        '<ToString>System.Management.Automation.PSCredential</ToString>' +
        '<Props><S N="UserName">dom\\u</S><SS N="Password">AAAA</SS></Props></Obj>',
    );
    const secret = new SecureString('pw');
    const credential = toPSCredential({ userName: 'u', password: secret });
    expect(credential.adapted.Password).toBe(secret);
    expect(fromPSCredential(credential)).toEqual({ userName: 'u', password: secret });
  });

  test('Prompt result: a Hashtable of field name to answer', () => {
    const result = toPromptResult({ a: 'x', n: 3 });
    expect(serialize(result)).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN>' +
        '<DCT><En><S N="Key">a</S><S N="Value">x</S></En><En><S N="Key">n</S><I32 N="Value">3</I32></En></DCT></Obj>',
    );
    expect(fromPromptResult(roundTrip(result))).toEqual(new Map<string, PsValue>([['a', 'x'], ['n', 3]]));
    expect(toPromptResult(new Map([['k', null]]))).toEqual(new Map([['k', null]]));
  });

  test('choice results: Int32, and an ArrayList of Int32', () => {
    expect(serialize(toChoiceResult(2))).toBe('<I32>2</I32>');
    expect(serialize(toChoiceSelection([0, 2]))).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Collections.ArrayList</T><T>System.Object</T></TN><LST><I32>0</I32><I32>2</I32></LST></Obj>',
    );
    expect(fromChoiceSelection(roundTrip(toChoiceSelection([0, 2])))).toEqual([0, 2]);
  });

  test('ProgressRecord from its object form and from a <PR>', () => {
    const object = new PSObject({
      extended: {
        Activity: 'act',
        ActivityId: 2,
        StatusDescription: 'st',
        CurrentOperation: null,
        ParentActivityId: -1,
        PercentComplete: 50,
        Type: psEnum('System.Management.Automation.ProgressRecordType', 'Completed', 1),
        SecondsRemaining: -1,
      },
    });
    expect(fromHostProgressRecord(roundTrip(object))).toMatchObject({ activity: 'act', activityId: 2, percentComplete: 50, recordType: 'Completed' });
    const pr = new PSProgressRecord({ activity: 'a', activityId: 4, statusDescription: 's', recordType: 'Processing' });
    expect(fromHostProgressRecord(pr)).toMatchObject({ activity: 'a', activityId: 4, statusDescription: 's', recordType: 'Processing' });
  });

  test('SecureText markers', () => {
    expect(secureText('pw')).toEqual({ kind: 'secure-string', value: 'pw' });
    expect(isSecureText(secureText('pw'))).toBe(true);
    expect(isSecureText({ kind: 'secure-string' })).toBe(false);
    expect(isSecureText('pw')).toBe(false);
  });
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  const object = (extended: Record<string, PsValue>): PSObject => new PSObject({ extended });
  test.each<[string, () => unknown]>([
    ['Coordinates that are a string', () => fromCoordinates('0,0')],
    ['Coordinates without y', () => fromCoordinates(object({ x: 1 }))],
    ['Coordinates with a fraction', () => fromCoordinates(object({ x: 1.5, y: 0 }))],
    ['Coordinates beyond Int32', () => fromCoordinates(object({ x: 2 ** 31, y: 0 }))],
    ['Size with a string', () => fromSize(object({ width: '1', height: 1 }))],
    ['Rectangle without bottom', () => fromRectangle(object({ left: 0, top: 0, right: 0 }))],
    ['a color of 16', () => fromConsoleColor(16)],
    ['a color of -1', () => fromConsoleColor(-1)],
    ['a color that is a name', () => fromConsoleColor('Red')],
    ['KeyInfo with a two-char character', () => fromKeyInfo(object({ virtualKeyCode: 1, character: 'ab', controlKeyState: 0, keyDown: true }))],
    ['KeyInfo with a string keyDown', () => fromKeyInfo(object({ virtualKeyCode: 1, character: new PSChar(97), controlKeyState: 0, keyDown: 'yes' }))],
    ['BufferCell with bufferCellType 3', () => fromBufferCell(object({ character: 'a', foregroundColor: 0, backgroundColor: 0, bufferCellType: 3 }))],
    ['BufferCell[,] whose mal does not match mae', () => fromBufferCellArray(toHostArray([toBufferCell(cell('a'))], [2, 2]))],
    ['BufferCell[,] with one dimension', () => fromBufferCellArray(toHostArray([toBufferCell(cell('a'))], [1]))],
    ['BufferCell[,] with a negative length', () => fromBufferCellArray(toHostArray([], [-1, 0]))],
    ['an array claiming 2^31 x 2^31 elements', () => readHostArray(toHostArray([], [2147483647, 2147483647]), 'a')],
    ['a list that is a number', () => readHostList(3, 'x')],
    ['a 2-D array where a list is expected', () => readHostList(toHostArray([1, 2, 3, 4], [2, 2]), 'x')],
    ['ChoiceDescription without label', () => fromChoiceDescription(object({ helpMessage: 'h' }))],
    ['choices that are a string', () => fromChoiceDescriptions('Yes')],
    ['FieldDescription without name', () => fromFieldDescription(object({ label: 'l' }))],
    ['FieldDescription with a string isMandatory', () => fromFieldDescription(object({ name: 'n', isMandatory: 'true' }))],
    ['PSCredential with a plain-text password', () => fromPSCredential(object({ UserName: 'u', Password: 'p' }))],
    ['a Prompt result that is a list', () => fromPromptResult(['a'])],
    ['a Prompt result with a number key', () => fromPromptResult(new PSDictionary([[1, 'a']]))],
    ['a ProgressRecord that is a string', () => fromHostProgressRecord('50%')],
    ['an Int64 beyond range', () => readHostInt64(2n ** 63n, 'x')],
    ['an Int32 that is a boolean', () => readHostInt32(true, 'x')],
    ['a char that is empty', () => readHostChar('', 'x')],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });

  test('a prototype-named property is a plain name', () => {
    const tricky = new PSObject({ extended: { __proto__: 1, constructor: 2 } });
    expect(hostMember(tricky, 'constructor')).toBe(2);
    expect(() => fromCoordinates(tricky)).toThrow(PsrpProtocolError);
  });

  test('names are found whatever their case, the exact name first', () => {
    expect(fromCoordinates(new PSObject({ adapted: { X: 1, Y: 2 } }))).toEqual({ x: 1, y: 2 });
    expect(hostMember(new PSObject({ extended: { Name: 'a', name: 'b' } }), 'name')).toBe('b');
  });
});

describe('writers reject what a host must not answer with PsrpHostError', () => {
  test.each<[string, () => unknown]>([
    ['Coordinates with a fraction', () => toCoordinates({ x: 0.5, y: 0 })],
    ['a Size beyond Int32', () => toSize({ width: 2 ** 31, height: 1 })],
    ['an unknown color', () => toConsoleColor('Pink' as never)],
    ['a KeyInfo character of two units', () => toKeyInfo({ virtualKeyCode: 1, character: 'ab', controlKeyState: 0, keyDown: true })],
    ['a BufferCell of an unknown type', () => toBufferCell({ ...cell('a'), bufferCellType: 'Half' as never })],
    ['ragged BufferCell rows', () => toBufferCellArray([[cell('a')], [cell('b'), cell('c')]])],
    ['a PSCredential with a string password', () => toPSCredential({ userName: 'u', password: 'p' as never })],
    ['a choice that is a fraction', () => toChoiceResult(1.5)],
    ['choices that are no array', () => toChoiceSelection(3 as never)],
  ])('%s', (_name, write) => {
    expect(write).toThrow(PsrpHostError);
  });
});
