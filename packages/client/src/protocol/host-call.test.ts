import { PSObject, PSSecureString, deserialize, psEnum, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { recordedPsrpMessages } from '../../../../test-support/recorded-messages.js';
import { specXml } from '../../test/ms-psrp-examples.js';
import { PsrpProtocolError } from '../errors.js';
import { PsrpHostError } from '../errors.js';
import { ErrorRecord } from './error-record.js';
import { buildHostErrorRecord, buildHostResponse, parseHostCall, type HostCall } from './host-call.js';
import { HOST_METHOD_ID_TYPE_NAME, HostMethodId, hostMethodName } from './host-method.js';
import { fromChoiceDescriptions } from './host-values/choice-description.js';
import { fromFieldDescriptions } from './host-values/field-description.js';
import { toKeyInfo } from './host-values/key-info.js';
import { toPromptResult } from './host-values/prompt-results.js';
import { toPSCredential } from './host-values/ps-credential.js';

const PIPELINE_HOST_CALL = 0x00041100;
const PID = '4218a578-0f18-4b19-82c3-46b433319126';

function call(methodName: keyof typeof HostMethodId, parameters: PsValue[] = [], callId = 1n): HostCall {
  return { pid: PID, callId, methodId: HostMethodId[methodName], methodName, parameters };
}

function hostCallBody(ci: PsValue | undefined, mi: PsValue | undefined, mp: PsValue | undefined): PSObject {
  const extended: Record<string, PsValue> = {};
  if (ci !== undefined) extended.ci = ci;
  if (mi !== undefined) extended.mi = mi;
  if (mp !== undefined) extended.mp = mp;
  return new PSObject({ extended });
}

describe('parseHostCall', () => {
  test('reads the spec example (2.2.2.15, ReadLine)', () => {
    const parsed = parseHostCall(deserialize(specXml('### 2.2.2.15 RUNSPACEPOOL_HOST_CALL')), null);
    expect(parsed).toEqual({ pid: null, callId: 1n, methodId: 11, methodName: 'ReadLine', parameters: [] });
  });

  test('reads every host call PowerShell sent in the recordings', () => {
    const calls = recordedPsrpMessages().filter((message) => message.messageType === PIPELINE_HOST_CALL);
    expect(calls.length).toBeGreaterThan(10);
    for (const message of calls) {
      const parsed = parseHostCall(deserialize(message.body), message.pid);
      expect(parsed.pid).toBe(message.pid);
      expect(hostMethodName(parsed.methodId)).toBe(parsed.methodName);
    }
  });

  test('keeps the parameters as sent (Write2: colors as Int32, then the text)', () => {
    const recorded = recordedPsrpMessages().find((message) => message.body.includes('<ToString>Write2</ToString>'));
    const parsed = parseHostCall(deserialize(recorded!.body), PID);
    expect(parsed).toMatchObject({ callId: -100n, methodName: 'Write2', parameters: [9, 15, 'Write2'] });
  });

  test('reads the collections of Prompt and PromptForChoice as PowerShell sends them', () => {
    const bodies = recordedPsrpMessages().map((message) => message.body);
    const prompt = parseHostCall(deserialize(bodies.find((body) => body.includes('<ToString>Prompt</ToString><I32>23'))!), PID);
    expect(fromFieldDescriptions(prompt.parameters[2])).toMatchObject([
      { name: 'prompt field', label: 'PromptLabel', parameterTypeFullName: 'System.String', isMandatory: true, attributes: [] },
    ]);
    const choice = parseHostCall(deserialize(bodies.find((body) => body.includes('<ToString>PromptForChoice</ToString>'))!), PID);
    expect(fromChoiceDescriptions(choice.parameters[2])).toEqual([
      { label: 'Prompt1 label', helpMessage: 'Prompt1 help' },
      { label: 'Prompt2 label', helpMessage: 'Prompt2 help' },
    ]);
    expect(choice.parameters[3]).toBe(0);
  });

  test('accepts a method id given as a bare Int32 and parameters as a bare array', () => {
    expect(parseHostCall(hostCallBody(5n, 26, ['a']), PID)).toMatchObject({ callId: 5n, methodName: 'PromptForChoice', parameters: ['a'] });
  });

  const mi = psEnum(HOST_METHOD_ID_TYPE_NAME, 'ReadLine', 11);
  const mp = new PSObject({ typeNames: ['System.Collections.ArrayList', 'System.Object'], baseValue: [] });
  test.each<[string, PsValue]>([
    ['a body that is no object', 'ReadLine'],
    ['a missing ci', hostCallBody(undefined, mi, mp)],
    ['a ci that is a string', hostCallBody('1', mi, mp)],
    ['a ci beyond Int64', hostCallBody(2n ** 64n, mi, mp)],
    ['a missing mi', hostCallBody(1n, undefined, mp)],
    ['an mi that is no method', hostCallBody(1n, psEnum(HOST_METHOD_ID_TYPE_NAME, 'Nope', 99), mp)],
    ['an mi of 0', hostCallBody(1n, 0, mp)],
    ['an mi that is a string', hostCallBody(1n, 'ReadLine', mp)],
    ['a missing mp', hostCallBody(1n, mi, undefined)],
    ['an mp that is a string', hostCallBody(1n, mi, 'x')],
    ['an mp that is null', hostCallBody(1n, mi, null)],
    ['an mp without a list', hostCallBody(1n, mi, new PSObject({ extended: { a: 1 } }))],
  ])('rejects %s with PsrpProtocolError', (_name, body) => {
    expect(() => parseHostCall(body, null)).toThrow(PsrpProtocolError);
  });
});

describe('buildHostResponse', () => {
  test('matches the spec example (2.2.2.16, ReadLine)', () => {
    const spec = deserialize(specXml('### 2.2.2.16 RUNSPACEPOOL_HOST_RESPONSE'));
    const response = buildHostResponse({ ...call('ReadLine'), pid: null }, { value: 'Line read from the host' });
    expect(deserialize(serialize(response))).toStrictEqual(spec);
    expect(serialize(response)).toBe(
      '<Obj RefId="0"><MS><I64 N="ci">1</I64><Obj N="mi" RefId="1"><TN RefId="0">' +
        '<T>System.Management.Automation.Remoting.RemoteHostMethodId</T><T>System.Enum</T><T>System.ValueType</T>' +
        '<T>System.Object</T></TN><ToString>ReadLine</ToString><I32>11</I32></Obj>' +
        '<S N="mr">Line read from the host</S></MS></Obj>',
    );
  });

  test('matches the spec example of a Prompt answered with a PSCredential (2.2.3.25)', () => {
    const spec = deserialize(specXml('### 2.2.3.25 PSCredential'));
    const password = new PSSecureString('np7uo8n2ZhbN5Pp9LMpf03WLccPK1NQWYFQrg1UzyA8=');
    const answers = toPromptResult({ Credential: toPSCredential({ userName: '\\username', password }) });
    const response = buildHostResponse(call('Prompt'), { value: answers });
    expect(deserialize(serialize(response))).toStrictEqual(spec);
  });

  test('matches the spec example of a ReadKey answer (2.2.3.26)', () => {
    const spec = deserialize(specXml('### 2.2.3.26 KeyInfo'));
    const key = toKeyInfo({ virtualKeyCode: 65, character: 'a', controlKeyState: 0, keyDown: true });
    expect(deserialize(serialize(buildHostResponse(call('ReadKey'), { value: key })))).toStrictEqual(spec);
  });

  test('writes ci as an Int64 whatever its size', () => {
    const response = serialize(buildHostResponse(call('GetKeyAvailable', [], 2n ** 40n), { value: true }));
    expect(response).toContain(`<I64 N="ci">${2n ** 40n}</I64>`);
    expect(response).toContain('<B N="mr">true</B>');
  });

  test('writes a null return value as Nil', () => {
    expect(serialize(buildHostResponse(call('ReadLine'), { value: null }))).toContain('<Nil N="mr" />');
  });

  test('answers an exception with an ErrorRecord in me (and no mr)', () => {
    const response = buildHostResponse(call('ReadLine'), { error: { message: 'no console here' } });
    const xml = serialize(response);
    expect(xml).not.toContain('N="mr"');
    expect(xml).toContain(
      '<Obj N="me" RefId="2"><TN RefId="1"><T>System.Management.Automation.ErrorRecord</T><T>System.Object</T></TN>' +
        '<ToString>no console here</ToString><MS><Obj N="Exception" RefId="3"><TN RefId="2">' +
        '<T>System.Management.Automation.Host.HostException</T><T>System.Management.Automation.RuntimeException</T>' +
        '<T>System.SystemException</T><T>System.Exception</T><T>System.Object</T></TN>' +
        '<ToString>System.Management.Automation.Host.HostException: no console here</ToString>' +
        '<Props><S N="Message">no console here</S>',
    );
    expect(xml).toContain(
      '<Nil N="TargetObject" /><S N="FullyQualifiedErrorId">RemoteHostExecutionException</S><Nil N="InvocationInfo" />' +
        '<I32 N="ErrorCategory_Category">0</I32><S N="ErrorCategory_Activity"></S>' +
        '<S N="ErrorCategory_Reason">HostException</S><S N="ErrorCategory_TargetName"></S>' +
        '<S N="ErrorCategory_TargetType"></S><S N="ErrorCategory_Message">NotSpecified: (:) [], HostException</S>' +
        '<B N="SerializeExtendedInfo">false</B></MS></Obj>',
    );
    const record = new ErrorRecord((deserialize(xml) as PSObject).get('me') as PSObject);
    expect(record).toMatchObject({
      message: 'no console here',
      fullyQualifiedErrorId: 'RemoteHostExecutionException',
      exceptionType: 'System.Management.Automation.Host.HostException',
      categoryInfo: { category: 0, reason: 'HostException', message: 'NotSpecified: (:) [], HostException' },
    });
  });

  test('builds an ErrorRecord with the given category, id and exception type', () => {
    const record = new ErrorRecord(
      buildHostErrorRecord({
        message: 'denied',
        category: 18,
        fullyQualifiedErrorId: 'Denied',
        exceptionTypeNames: ['System.UnauthorizedAccessException', 'System.SystemException', 'System.Exception', 'System.Object'],
        activity: 'Read-Host',
        targetName: 't',
        targetType: 'String',
      }),
    );
    expect(record.categoryInfo).toEqual({
      category: 18,
      activity: 'Read-Host',
      reason: 'UnauthorizedAccessException',
      targetName: 't',
      targetType: 'String',
      message: 'PermissionDenied: (t:String) [Read-Host], UnauthorizedAccessException',
    });
    expect(record.fullyQualifiedErrorId).toBe('Denied');
  });

  test('refuses a void method, which must get no response', () => {
    expect(() => buildHostResponse(call('Write1', ['x'], -100n), { value: null })).toThrow(PsrpHostError);
    expect(() => buildHostResponse(call('SetBufferContents1'), { error: { message: 'x' } })).toThrow(/returns nothing/);
  });
});
