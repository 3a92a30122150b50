import { PSGuid, PSObject, PSSecureString, PSVersion, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test, vi } from 'vitest';
import { PsrpProtocolError } from '../errors.js';
import { PsrpHostError } from '../errors.js';
import { buildHostResponse, type HostCall, type HostResult } from '../protocol/host-call.js';
import { HostMethodId, isVoidHostMethod, type HostMethodName } from '../protocol/host-method.js';
import { toBufferCell, toBufferCellArray, type BufferCell } from '../protocol/host-values/buffer-cell.js';
import { toChoiceDescription } from '../protocol/host-values/choice-description.js';
import { toFieldDescription, type FieldDescription } from '../protocol/host-values/field-description.js';
import { toCoordinates, toRectangle, toSize } from '../protocol/host-values/geometry.js';
import { arrayList, toHostArray } from '../protocol/host-values/host-encoding.js';
import { secureText, type SecureText } from '../protocol/host-values/host-secrets.js';
import { ProgressRecord } from '../protocol/progress-record.js';
import { SecureString } from '../protocol/secure-string.js';
import { createDefaultHost } from './default-host.js';
import { hostDefaults, invokeHostMethod, readHostDefaults } from './host-dispatch.js';
import type { PSHost, PSHostRawUserInterface, PSHostUserInterface } from './ps-host.js';

function call(methodName: HostMethodName, parameters: PsValue[] = []): HostCall {
  return { pid: null, callId: isVoidHostMethod(methodName) ? -100n : 1n, methodId: HostMethodId[methodName], methodName, parameters };
}

const CELL: BufferCell = { character: 'x', foregroundColor: 'Red', backgroundColor: 'Blue', bufferCellType: 'Complete' };
const RECTANGLE = { left: 0, top: 1, right: 2, bottom: 3 };
const PROGRESS = new PSObject({ extended: { Activity: 'act', ActivityId: 1, StatusDescription: 's', PercentComplete: 50 } });
const GUID = 'fb9c87e8-1190-40a7-a681-6fc9b9f84a17';

function field(name: string, typeName: string, fullName: string): FieldDescription {
  return {
    name,
    label: '',
    parameterTypeName: typeName,
    parameterTypeFullName: fullName,
    parameterAssemblyFullName: '',
    helpMessage: '',
    isMandatory: true,
    defaultValue: null,
    attributes: [],
    modifiedByRemotingProtocol: false,
    isFromRemoteHost: false,
  };
}

/** A host implementing every member, recording each call as [member, ...arguments]. */
function recordingHost() {
  const calls: unknown[][] = [];
  const record =
    <R>(name: string, result?: R) =>
    (...args: unknown[]): R => {
      calls.push([name, ...args]);
      return result as R;
    };
  const rawUI: Required<PSHostRawUserInterface> = {
    getForegroundColor: record('getForegroundColor', 'Yellow'),
    setForegroundColor: record('setForegroundColor'),
    getBackgroundColor: record('getBackgroundColor', 'DarkBlue'),
    setBackgroundColor: record('setBackgroundColor'),
    getCursorPosition: record('getCursorPosition', { x: 1, y: 2 }),
    setCursorPosition: record('setCursorPosition'),
    getWindowPosition: record('getWindowPosition', { x: 3, y: 4 }),
    setWindowPosition: record('setWindowPosition'),
    getCursorSize: record('getCursorSize', 25),
    setCursorSize: record('setCursorSize'),
    getBufferSize: record('getBufferSize', { width: 80, height: 9000 }),
    setBufferSize: record('setBufferSize'),
    getWindowSize: record('getWindowSize', { width: 80, height: 25 }),
    setWindowSize: record('setWindowSize'),
    getMaxWindowSize: record('getMaxWindowSize', { width: 100, height: 50 }),
    getMaxPhysicalWindowSize: record('getMaxPhysicalWindowSize', { width: 200, height: 60 }),
    getKeyAvailable: record('getKeyAvailable', true),
    getWindowTitle: record('getWindowTitle', 'title'),
    setWindowTitle: record('setWindowTitle'),
    readKey: record('readKey', { virtualKeyCode: 65, character: 'a', controlKeyState: 16, keyDown: true }),
    flushInputBuffer: record('flushInputBuffer'),
    setBufferContents: record('setBufferContents'),
    fillBufferContents: record('fillBufferContents'),
    getBufferContents: record('getBufferContents', [[CELL, CELL]]),
    scrollBufferContents: record('scrollBufferContents'),
  };
  const ui: Required<PSHostUserInterface> = {
    rawUI,
    write: record('write'),
    writeLine: record('writeLine'),
    writeErrorLine: record('writeErrorLine'),
    writeDebugLine: record('writeDebugLine'),
    writeVerboseLine: record('writeVerboseLine'),
    writeWarningLine: record('writeWarningLine'),
    writeProgress: record('writeProgress'),
    readLine: record('readLine', 'line'),
    readLineAsSecureString: record('readLineAsSecureString', 'secret'),
    prompt: record('prompt', { a: 'answer' }),
    promptForCredential: record('promptForCredential', { userName: 'u', password: 'p' }),
    promptForChoice: record('promptForChoice', 1),
    promptForChoiceMultipleSelection: record('promptForChoiceMultipleSelection', [0, 2]),
  };
  const host: Required<PSHost> = {
    name: 'test host',
    version: '1.2.3',
    instanceId: GUID,
    currentCulture: 'en-GB',
    currentUICulture: 'fr-FR',
    ui,
    setShouldExit: record('setShouldExit'),
    enterNestedPrompt: record('enterNestedPrompt'),
    exitNestedPrompt: record('exitNestedPrompt'),
    notifyBeginApplication: record('notifyBeginApplication'),
    notifyEndApplication: record('notifyEndApplication'),
    pushRunspace: record('pushRunspace'),
    popRunspace: record('popRunspace'),
    getIsRunspacePushed: record('getIsRunspacePushed', true),
    getRunspace: record('getRunspace', 'runspace'),
  };
  return { host, calls };
}

interface Case {
  /** The call's parameters, as the server sends them. */
  readonly parameters: PsValue[];
  /** The member the host is called through, and its arguments. */
  readonly member: unknown[] | null;
  /** The value of the response (compared after a CLIXML round trip); absent for void methods. */
  readonly value?: PsValue;
}

const COLORS = { foregroundColor: 'Cyan', backgroundColor: 'DarkRed' };
const CHOICES = arrayList([toChoiceDescription({ label: '&Yes', helpMessage: 'y' }), toChoiceDescription({ label: '&No', helpMessage: '' })]);
const CHOICE_LIST = [
  { label: '&Yes', helpMessage: 'y' },
  { label: '&No', helpMessage: '' },
];
const PLAIN_FIELD = field('a', 'String', 'System.String');

/** Every one of the 56 methods: what the server sends and what the host sees and returns. */
const CASES: Record<HostMethodName, Case> = {
  GetName: { parameters: [], member: null, value: 'test host' },
  GetVersion: { parameters: [], member: null, value: new PSVersion(1, 2, 3) },
  GetInstanceId: { parameters: [], member: null, value: new PSGuid(GUID) },
  GetCurrentCulture: { parameters: [], member: null, value: 'en-GB' },
  GetCurrentUICulture: { parameters: [], member: null, value: 'fr-FR' },
  SetShouldExit: { parameters: [3], member: ['setShouldExit', 3] },
  EnterNestedPrompt: { parameters: [], member: ['enterNestedPrompt'] },
  ExitNestedPrompt: { parameters: [], member: ['exitNestedPrompt'] },
  NotifyBeginApplication: { parameters: [], member: ['notifyBeginApplication'] },
  NotifyEndApplication: { parameters: [], member: ['notifyEndApplication'] },
  ReadLine: { parameters: [], member: ['readLine'], value: 'line' },
  ReadLineAsSecureString: { parameters: [], member: ['readLineAsSecureString'], value: new PSSecureString('enc(secret)') },
  Write1: { parameters: ['text'], member: ['write', 'text'] },
  Write2: { parameters: [11, 4, 'text'], member: ['write', 'text', COLORS] },
  WriteLine1: { parameters: [], member: ['writeLine'] },
  WriteLine2: { parameters: ['text'], member: ['writeLine', 'text'] },
  WriteLine3: { parameters: [11, 4, 'text'], member: ['writeLine', 'text', COLORS] },
  WriteErrorLine: { parameters: ['e'], member: ['writeErrorLine', 'e'] },
  WriteDebugLine: { parameters: ['d'], member: ['writeDebugLine', 'd'] },
  WriteProgress: { parameters: [5n, PROGRESS], member: ['writeProgress', 5n, new ProgressRecord(PROGRESS)] },
  WriteVerboseLine: { parameters: ['v'], member: ['writeVerboseLine', 'v'] },
  WriteWarningLine: { parameters: ['w'], member: ['writeWarningLine', 'w'] },
  Prompt: {
    parameters: ['cap', 'msg', arrayList([toFieldDescription(PLAIN_FIELD)])],
    member: ['prompt', 'cap', 'msg', [PLAIN_FIELD]],
    value: new Map([['a', 'answer']]),
  },
  PromptForCredential1: {
    parameters: ['cap', 'msg', 'user', 'target'],
    member: ['promptForCredential', 'cap', 'msg', 'user', 'target', 3, 1],
    value: new PSObject({
      typeNames: ['System.Management.Automation.PSCredential', 'System.Object'],
      toStringValue: 'System.Management.Automation.PSCredential',
      adapted: { UserName: 'u', Password: new PSSecureString('enc(p)') },
    }),
  },
  PromptForCredential2: {
    parameters: ['cap', 'msg', null, 'target', 1, 3],
    member: ['promptForCredential', 'cap', 'msg', '', 'target', 1, 3],
    value: new PSObject({
      typeNames: ['System.Management.Automation.PSCredential', 'System.Object'],
      toStringValue: 'System.Management.Automation.PSCredential',
      adapted: { UserName: 'u', Password: new PSSecureString('enc(p)') },
    }),
  },
  PromptForChoice: { parameters: ['cap', 'msg', CHOICES, 0], member: ['promptForChoice', 'cap', 'msg', CHOICE_LIST, 0], value: 1 },
  GetForegroundColor: { parameters: [], member: ['getForegroundColor'], value: 14 },
  SetForegroundColor: { parameters: [12], member: ['setForegroundColor', 'Red'] },
  GetBackgroundColor: { parameters: [], member: ['getBackgroundColor'], value: 1 },
  SetBackgroundColor: { parameters: [15], member: ['setBackgroundColor', 'White'] },
  GetCursorPosition: { parameters: [], member: ['getCursorPosition'], value: toCoordinates({ x: 1, y: 2 }) },
  SetCursorPosition: { parameters: [toCoordinates({ x: 5, y: 6 })], member: ['setCursorPosition', { x: 5, y: 6 }] },
  GetWindowPosition: { parameters: [], member: ['getWindowPosition'], value: toCoordinates({ x: 3, y: 4 }) },
  SetWindowPosition: { parameters: [toCoordinates({ x: 7, y: 8 })], member: ['setWindowPosition', { x: 7, y: 8 }] },
  GetCursorSize: { parameters: [], member: ['getCursorSize'], value: 25 },
  SetCursorSize: { parameters: [50], member: ['setCursorSize', 50] },
  GetBufferSize: { parameters: [], member: ['getBufferSize'], value: toSize({ width: 80, height: 9000 }) },
  SetBufferSize: { parameters: [toSize({ width: 10, height: 20 })], member: ['setBufferSize', { width: 10, height: 20 }] },
  GetWindowSize: { parameters: [], member: ['getWindowSize'], value: toSize({ width: 80, height: 25 }) },
  SetWindowSize: { parameters: [toSize({ width: 10, height: 5 })], member: ['setWindowSize', { width: 10, height: 5 }] },
  GetWindowTitle: { parameters: [], member: ['getWindowTitle'], value: 'title' },
  SetWindowTitle: { parameters: ['new'], member: ['setWindowTitle', 'new'] },
  GetMaxWindowSize: { parameters: [], member: ['getMaxWindowSize'], value: toSize({ width: 100, height: 50 }) },
  GetMaxPhysicalWindowSize: { parameters: [], member: ['getMaxPhysicalWindowSize'], value: toSize({ width: 200, height: 60 }) },
  GetKeyAvailable: { parameters: [], member: ['getKeyAvailable'], value: true },
  ReadKey: {
    parameters: [6],
    member: ['readKey', 6],
    value: deserialize(
      '<Obj RefId="0"><MS><I32 N="virtualKeyCode">65</I32><C N="character">97</C><I32 N="controlKeyState">16</I32><B N="keyDown">true</B></MS></Obj>',
    ),
  },
  FlushInputBuffer: { parameters: [], member: ['flushInputBuffer'] },
  SetBufferContents1: { parameters: [toRectangle(RECTANGLE), toBufferCell(CELL)], member: ['fillBufferContents', RECTANGLE, CELL] },
  SetBufferContents2: {
    parameters: [toCoordinates({ x: 1, y: 2 }), toBufferCellArray([[CELL], [CELL]])],
    member: ['setBufferContents', { x: 1, y: 2 }, [[CELL], [CELL]]],
  },
  GetBufferContents: { parameters: [toRectangle(RECTANGLE)], member: ['getBufferContents', RECTANGLE], value: toBufferCellArray([[CELL, CELL]]) },
  ScrollBufferContents: {
    parameters: [toRectangle(RECTANGLE), toCoordinates({ x: 0, y: 1 }), toRectangle(RECTANGLE), toBufferCell(CELL)],
    member: ['scrollBufferContents', RECTANGLE, { x: 0, y: 1 }, RECTANGLE, CELL],
  },
  PushRunspace: { parameters: ['rs'], member: ['pushRunspace', 'rs'] },
  PopRunspace: { parameters: [], member: ['popRunspace'] },
  GetIsRunspacePushed: { parameters: [], member: ['getIsRunspacePushed'], value: true },
  GetRunspace: { parameters: [], member: ['getRunspace'], value: 'runspace' },
  PromptForChoiceMultipleSelection: {
    parameters: ['cap', 'msg', CHOICES, toHostArray([1], [1])],
    member: ['promptForChoiceMultipleSelection', 'cap', 'msg', CHOICE_LIST, [1]],
    value: arrayList([0, 2]),
  },
};

const fakeEncoder = (text: SecureText) => new PSSecureString(`enc(${text.value})`);

describe('invokeHostMethod: every method', () => {
  test.each(Object.keys(CASES) as HostMethodName[])('%s', async (method) => {
    const { host, calls } = recordingHost();
    const spec = CASES[method];
    const result = await invokeHostMethod(host, call(method, spec.parameters), { encodeSecureString: fakeEncoder });
    expect(calls).toEqual(spec.member === null ? [] : [spec.member]);
    if (isVoidHostMethod(method)) {
      expect(result).toBeNull();
      expect(spec.value).toBeUndefined();
      return;
    }
    expect(result).not.toBeNull();
    expect(result).not.toHaveProperty('error');
    const value = (result as { value: PsValue }).value;
    expect(deserialize(serialize(value))).toStrictEqual(deserialize(serialize(spec.value)));
    // The whole response serializes and reads back.
    const response = deserialize(serialize(buildHostResponse(call(method), result as HostResult))) as PSObject;
    expect(response.get('mi')).toMatchObject({ toStringValue: method, baseValue: HostMethodId[method] });
  });
});

describe('invokeHostMethod: a host without the member falls back to the default host', () => {
  test.each<[HostMethodName, PsValue]>([
    ['GetName', '@psrp/client'],
    ['GetCurrentCulture', 'en-US'],
    ['GetForegroundColor', 7],
    ['GetBackgroundColor', 0],
    ['GetWindowSize', toSize({ width: 120, height: 50 })],
    ['GetBufferSize', toSize({ width: 120, height: 50 })],
    ['GetCursorSize', 25],
    ['GetWindowTitle', ''],
    ['GetKeyAvailable', false],
    ['GetIsRunspacePushed', false],
  ])('%s answers the default', async (method, expected) => {
    for (const host of [{}, null, { ui: {} }, { ui: { rawUI: {} } }] as (PSHost | null)[]) {
      const result = await invokeHostMethod(host, call(method));
      expect(deserialize(serialize((result as { value: PsValue }).value))).toStrictEqual(deserialize(serialize(expected)));
    }
  });

  test('GetVersion and GetInstanceId answer a version and a GUID', async () => {
    expect(await invokeHostMethod({}, call('GetVersion'))).toEqual({ value: new PSVersion(1, 0, 0, 0) });
    const id = await invokeHostMethod({}, call('GetInstanceId'));
    expect((id as { value: PsValue }).value).toBeInstanceOf(PSGuid);
  });

  test.each<[HostMethodName, PsValue[]]>([
    ['ReadLine', []],
    ['ReadLineAsSecureString', []],
    ['Prompt', ['c', 'm', arrayList([])]],
    ['PromptForCredential1', ['c', 'm', 'u', 't']],
    ['PromptForCredential2', ['c', 'm', 'u', 't', 3, 1]],
    ['PromptForChoice', ['c', 'm', CHOICES, 0]],
    ['PromptForChoiceMultipleSelection', ['c', 'm', CHOICES, null]],
    ['ReadKey', [4]],
  ])('%s answers the not-interactive error', async (method, parameters) => {
    const result = await invokeHostMethod({ ui: {} }, call(method, parameters));
    expect(result).toEqual({ error: { message: expect.stringMatching(/^The host is not interactive/) } });
  });

  test('GetBufferContents and GetRunspace answer errors', async () => {
    expect(await invokeHostMethod({}, call('GetBufferContents', [toRectangle(RECTANGLE)]))).toHaveProperty('error');
    expect(await invokeHostMethod({}, call('GetRunspace'))).toHaveProperty('error');
  });

  test('void methods are ignored', async () => {
    for (const method of ['Write1', 'WriteLine2', 'SetShouldExit', 'SetForegroundColor', 'FlushInputBuffer'] as const) {
      expect(await invokeHostMethod({}, call(method, CASES[method].parameters))).toBeNull();
    }
  });

  test('a given fallback is used and keeps its state', async () => {
    const written: string[] = [];
    const fallback = createDefaultHost({ onWrite: (event) => written.push('text' in event ? event.text : '') });
    await invokeHostMethod({}, call('WriteLine2', ['hello']), { fallback });
    await invokeHostMethod({}, call('SetWindowTitle', ['t']), { fallback });
    expect(written).toEqual(['hello']);
    expect(await invokeHostMethod({}, call('GetWindowTitle'), { fallback })).toEqual({ value: 't' });
  });
});

describe('invokeHostMethod: failures become the server-side exception', () => {
  test('a host that throws', async () => {
    const host: PSHost = {
      ui: {
        readLine: () => {
          throw new Error('no console here');
        },
      },
    };
    expect(await invokeHostMethod(host, call('ReadLine'))).toEqual({ error: { message: 'no console here' } });
  });

  test('a host that rejects, or throws something that is not an Error', async () => {
    expect(await invokeHostMethod({ ui: { readLine: () => Promise.reject(new TypeError('bad')) } }, call('ReadLine'))).toEqual({
      error: { message: 'bad' },
    });
    const throwsString: PSHost = {
      ui: {
        readLine: () => {
          throw 'plain text';
        },
      },
    };
    expect(await invokeHostMethod(throwsString, call('ReadLine'))).toEqual({ error: { message: 'plain text' } });
  });

  test('an answer that does not fit the .NET type', async () => {
    const cases: [PSHost, HostMethodName, PsValue[]][] = [
      [{ ui: { rawUI: { getCursorSize: () => 1.5 } } }, 'GetCursorSize', []],
      [{ ui: { rawUI: { getWindowSize: () => ({ width: -1.5, height: 2 }) } } }, 'GetWindowSize', []],
      [{ ui: { rawUI: { getForegroundColor: () => 'Pink' as never } } }, 'GetForegroundColor', []],
      [{ ui: { readLine: () => 42 as never } }, 'ReadLine', []],
      [{ ui: { promptForChoice: () => 0.5 } }, 'PromptForChoice', ['c', 'm', CHOICES, 0]],
      [{ ui: { promptForCredential: () => 'user:pw' as never } }, 'PromptForCredential1', ['c', 'm', 'u', 't']],
      [{ ui: { prompt: () => null as never } }, 'Prompt', ['c', 'm', arrayList([])]],
      [{ ui: { rawUI: { getKeyAvailable: () => 'yes' as never } } }, 'GetKeyAvailable', []],
      [{ version: 'one' }, 'GetVersion', []],
      [{ instanceId: 'nope' }, 'GetInstanceId', []],
    ];
    for (const [host, method, parameters] of cases) {
      expect(await invokeHostMethod(host, call(method, parameters)), method).toEqual({ error: { message: expect.any(String) } });
    }
  });

  test('parameters the server should not have sent', async () => {
    expect(await invokeHostMethod({}, call('PromptForChoice', ['c', 'm', 'not a list', 0]))).toEqual({
      error: { message: expect.stringContaining('PromptForChoice parameter 2 should be a collection') },
    });
    expect(await invokeHostMethod({}, call('ReadKey'))).toEqual({ error: { message: expect.stringContaining('parameter 0 is missing') } });
  });

  test('a failing void method answers nothing and is reported to onVoidMethodError', async () => {
    const onVoidMethodError = vi.fn();
    const host: PSHost = {
      ui: {
        writeLine: () => {
          throw new Error('stdout closed');
        },
      },
    };
    const writeCall = call('WriteLine2', ['x']);
    expect(await invokeHostMethod(host, writeCall, { onVoidMethodError })).toBeNull();
    expect(onVoidMethodError).toHaveBeenCalledWith(new Error('stdout closed'), writeCall);
    expect(await invokeHostMethod({}, call('SetForegroundColor', [99]), { onVoidMethodError })).toBeNull();
    expect(onVoidMethodError.mock.calls[1]![0]).toBeInstanceOf(PsrpProtocolError);
    const throwingObserver = () => {
      throw new Error('observer');
    };
    await expect(invokeHostMethod(host, writeCall, { onVoidMethodError: throwingObserver })).resolves.toBeNull();
  });
});

describe('invokeHostMethod: secrets', () => {
  test('without an encoder a secret becomes a SecureString for the machine to encode', async () => {
    const result = await invokeHostMethod({ ui: { readLineAsSecureString: () => 'pw' } }, call('ReadLineAsSecureString'));
    const value = (result as { value: unknown }).value;
    expect(value).toBeInstanceOf(SecureString);
    expect((value as SecureString).reveal()).toBe('pw');
    const credential = await invokeHostMethod({ ui: { promptForCredential: () => ({ userName: 'u', password: 'p' }) } }, call('PromptForCredential1', ['c', 'm', 'u', 't']));
    const password = ((credential as { value: PSObject }).value).adapted.Password as unknown as SecureString;
    expect(password).toBeInstanceOf(SecureString);
    expect(password.reveal()).toBe('p');
  });

  test('a SecureText or SecureString answer is taken as is', async () => {
    const encodeSecureString = vi.fn(fakeEncoder);
    expect(await invokeHostMethod({ ui: { readLineAsSecureString: () => secureText('a') } }, call('ReadLineAsSecureString'), { encodeSecureString })).toEqual({
      value: new PSSecureString('enc(a)'),
    });
    const secret = new SecureString('b');
    expect(await invokeHostMethod({ ui: { readLineAsSecureString: () => secret } }, call('ReadLineAsSecureString'), { encodeSecureString })).toEqual({
      value: secret,
    });
    expect(encodeSecureString).toHaveBeenCalledTimes(1);
  });

  test('an encoder may be async, and its failure is the host method failing', async () => {
    const host: PSHost = { ui: { readLineAsSecureString: () => 'pw' } };
    const asyncEncoder = async (text: SecureText) => new PSSecureString(`async(${text.value})`);
    expect(await invokeHostMethod(host, call('ReadLineAsSecureString'), { encodeSecureString: asyncEncoder })).toEqual({
      value: new PSSecureString('async(pw)'),
    });
    const failing = () => Promise.reject(new Error('no session key'));
    expect(await invokeHostMethod(host, call('ReadLineAsSecureString'), { encodeSecureString: failing })).toEqual({ error: { message: 'no session key' } });
    const wrong = () => 'text' as unknown as PSSecureString;
    expect(await invokeHostMethod(host, call('ReadLineAsSecureString'), { encodeSecureString: wrong })).toHaveProperty('error');
  });

  test('a null credential is a cancelled prompt', async () => {
    const result = await invokeHostMethod({ ui: { promptForCredential: () => null } }, call('PromptForCredential1', ['c', 'm', 'u', 't']));
    expect(result).toEqual({ value: null });
  });

  test('Prompt answers: SecureString fields, credentials, markers, plain values', async () => {
    const fields = [
      field('Plain', 'String', 'System.String'),
      field('Sec', 'SecureString', 'System.Security.SecureString'),
      field('Cred', 'PSCredential', 'System.Management.Automation.PSCredential'),
      field('Num', 'Int32', 'System.Int32'),
      field('Marked', 'Object', 'System.Object'),
    ];
    const host: PSHost = {
      ui: {
        prompt: (_caption, _message, given) =>
          new Map<string, unknown>([
            [given[0]!.name, 'plain'],
            [given[1]!.name, 'secret'],
            [given[2]!.name, { userName: 'dom\\bob', password: 'pw1' }],
            [given[3]!.name, 42],
            [given[4]!.name, secureText('marked')],
          ]) as never,
      },
    };
    const result = await invokeHostMethod(host, call('Prompt', ['c', 'm', arrayList(fields.map(toFieldDescription))]), {
      encodeSecureString: fakeEncoder,
    });
    const xml = serialize((result as { value: PsValue }).value);
    expect(xml).toBe(
      '<Obj RefId="0"><TN RefId="0"><T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT>' +
        '<En><S N="Key">Plain</S><S N="Value">plain</S></En>' +
        '<En><S N="Key">Sec</S><SS N="Value">enc(secret)</SS></En>' +
        '<En><S N="Key">Cred</S><Obj N="Value" RefId="1"><TN RefId="1"><T>System.Management.Automation.PSCredential</T><T>System.Object</T></TN>' +
        '<ToString>System.Management.Automation.PSCredential</ToString><Props><S N="UserName">dom\\bob</S><SS N="Password">enc(pw1)</SS></Props></Obj></En>' +
        '<En><S N="Key">Num</S><I32 N="Value">42</I32></En>' +
        '<En><S N="Key">Marked</S><SS N="Value">enc(marked)</SS></En></DCT></Obj>',
    );
  });

  test('a plain string for a PSCredential field is refused', async () => {
    const host: PSHost = { ui: { prompt: () => ({ Cred: 'bob' }) } };
    const fields = arrayList([toFieldDescription(field('Cred', 'PSCredential', 'System.Management.Automation.PSCredential'))]);
    expect(await invokeHostMethod(host, call('Prompt', ['c', 'm', fields]))).toEqual({
      error: { message: expect.stringContaining('asks for a PSCredential') },
    });
  });
});

describe('invokeHostMethod: host objects', () => {
  test('calls methods with the host object as this (class-based hosts)', async () => {
    class RawUI implements PSHostRawUserInterface {
      title = 'initial';
      getWindowTitle(): string {
        return this.title;
      }
      setWindowTitle(title: string): void {
        this.title = title;
      }
    }
    class UI implements PSHostUserInterface {
      readonly rawUI = new RawUI();
      readonly lines: string[] = [];
      writeLine(text = ''): void {
        this.lines.push(text);
      }
      async readLine(): Promise<string> {
        return `read after ${this.lines.length} lines`;
      }
    }
    class Host implements PSHost {
      readonly ui = new UI();
      exitCode: number | null = null;
      setShouldExit(code: number): void {
        this.exitCode = code;
      }
    }
    const host = new Host();
    await invokeHostMethod(host, call('SetWindowTitle', ['changed']));
    await invokeHostMethod(host, call('WriteLine2', ['one']));
    await invokeHostMethod(host, call('SetShouldExit', [4]));
    expect(await invokeHostMethod(host, call('GetWindowTitle'))).toEqual({ value: 'changed' });
    expect(await invokeHostMethod(host, call('ReadLine'))).toEqual({ value: 'read after 1 lines' });
    expect(host.exitCode).toBe(4);
  });

  test('waits for async host methods', async () => {
    const order: string[] = [];
    const host: PSHost = {
      ui: {
        write: async (text) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(text);
        },
      },
    };
    await invokeHostMethod(host, call('Write1', ['a']));
    order.push('after');
    expect(order).toEqual(['a', 'after']);
  });
});

describe('readHostDefaults and hostDefaults', () => {
  test('no host, no UI, no raw UI', async () => {
    expect(await readHostDefaults(null)).toBeNull();
    expect(await readHostDefaults({})).toEqual({ hasUI: false, rawUI: null });
    expect(await readHostDefaults({ ui: {} })).toEqual({ hasUI: true, rawUI: null });
    expect(hostDefaults(null)).toBeNull();
    expect(hostDefaults({ ui: null })).toEqual({ hasUI: false, rawUI: null });
    expect(hostDefaults({ ui: { rawUI: null } })).toEqual({ hasUI: true, rawUI: null });
  });

  test('reads the raw UI, waiting for async getters and filling in defaults', async () => {
    const host: PSHost = {
      ui: {
        rawUI: {
          getWindowSize: async () => ({ width: 99, height: 33 }),
          getForegroundColor: () => 'Yellow',
          getWindowTitle: () => 'title',
        },
      },
    };
    expect(await readHostDefaults(host)).toEqual({
      hasUI: true,
      rawUI: {
        foregroundColor: 'Yellow',
        backgroundColor: 'Black',
        cursorPosition: { x: 0, y: 0 },
        windowPosition: { x: 0, y: 0 },
        cursorSize: 25,
        bufferSize: { width: 120, height: 50 },
        windowSize: { width: 99, height: 33 },
        maxWindowSize: { width: 120, height: 50 },
        maxPhysicalWindowSize: { width: 120, height: 50 },
        windowTitle: 'title',
      },
    });
    const sync = hostDefaults(host);
    expect(sync?.rawUI).toMatchObject({ foregroundColor: 'Yellow', windowTitle: 'title', windowSize: { width: 120, height: 50 } });
  });

  test('hostDefaults ignores a rejecting async getter; readHostDefaults rejects', async () => {
    const host: PSHost = { ui: { rawUI: { getWindowSize: () => Promise.reject(new Error('tty gone')) } } };
    expect(hostDefaults(host)?.rawUI?.windowSize).toEqual({ width: 120, height: 50 });
    await expect(readHostDefaults(host)).rejects.toThrow('tty gone');
  });

  test('the default host reads as its own values', async () => {
    expect((await readHostDefaults(createDefaultHost({ rawUI: { windowTitle: 'w' } })))?.rawUI?.windowTitle).toBe('w');
  });
});

test('PsrpHostError is what interactive fallbacks reject with', async () => {
  await expect(createDefaultHost().ui.readLine()).rejects.toBeInstanceOf(PsrpHostError);
});
