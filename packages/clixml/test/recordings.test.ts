/**
 * Every PSRP message body in the pypsrp recordings (../shared/fixtures/pypsrp-recordings, decoded with
 * @psrp/fragment; the tests fail naming every path looked at when that folder is missing) must deserialize
 * and survive a round trip; server bodies must even re-serialize byte for byte.
 */
import { describe, expect, test } from 'vitest';
import { deserialize, PSDictionary, PSObject, PSVersion, serialize, type PsValue } from '../src/index.js';
import { recordedPsrpMessages, type RecordedPsrpMessage } from '../../../test-support/recorded-messages.js';
import { MESSAGE_TYPE } from './message-types.js';

const messages = recordedPsrpMessages().filter((message) => message.body.length > 0);

function where(message: RecordedPsrpMessage): string {
  return `${message.file} ${message.direction} 0x${message.messageType.toString(16)}`;
}

function bodiesOf(file: string, messageType: number): PSObject[] {
  const found = messages.filter((message) => message.file === file && message.messageType === messageType);
  expect(found.length, `${file} 0x${messageType.toString(16)}`).toBeGreaterThan(0);
  return found.map((message) => deserialize(message.body) as PSObject);
}

describe('recorded PSRP messages', () => {
  test('the recordings hold many messages of many types', () => {
    expect(messages.length).toBeGreaterThan(500);
    expect(new Set(messages.map((message) => message.messageType)).size).toBeGreaterThan(20);
  });

  test('every body deserializes', () => {
    for (const message of messages) {
      const value = deserialize(message.body);
      // Pipeline input and output are any value (e.g. a bare <S>); every other message is an <Obj>.
      if (message.messageType === MESSAGE_TYPE.pipelineInput || message.messageType === MESSAGE_TYPE.pipelineOutput) {
        expect(value, where(message)).not.toBeUndefined();
      } else {
        expect(value, where(message)).toBeInstanceOf(PSObject);
      }
    }
  });

  test('deserialize -> serialize -> deserialize gives an equal value for every body', () => {
    for (const message of messages) {
      const first = deserialize(message.body);
      const second = deserialize(serialize(first));
      expect(second, where(message)).toStrictEqual(first);
    }
  });

  test('every server body re-serializes byte for byte with preserveNumberTypes', () => {
    const responses = messages.filter((message) => message.direction === 'to-client');
    expect(responses.length).toBeGreaterThan(300);
    for (const message of responses) {
      expect(serialize(deserialize(message.body, { preserveNumberTypes: true })), where(message)).toBe(message.body);
    }
  });

  test('client bodies (written by pypsrp) differ from ours only in attribute order and empty strings', () => {
    for (const message of messages.filter((candidate) => candidate.direction === 'to-server')) {
      const normalized = message.body
        .replace(/<(Obj|Ref) RefId="(\d+)" N="([^"]*)"/g, '<$1 N="$3" RefId="$2"')
        .replace(/<(S|ToString)( N="[^"]*")? \/>/g, '<$1$2></$1>');
      expect(serialize(deserialize(message.body, { preserveNumberTypes: true })), where(message)).toBe(normalized);
    }
  });
});

describe('recorded message contents', () => {
  test('server SESSION_CAPABILITY carries its versions', () => {
    const [capability] = bodiesOf('test_psrp_open_runspace.yml', MESSAGE_TYPE.sessionCapability);
    expect(capability?.get('SerializationVersion')).toStrictEqual(new PSVersion(1, 1, 0, 1));
    expect(String(capability?.get('protocolversion'))).toMatch(/^2\.\d$/);
  });

  test('escaped text from test_psrp_multiple_commands (BMP, _x005F_ and a surrogate pair)', () => {
    const outputs = messages
      .filter((message) => message.file === 'test_psrp_multiple_commands.yml' && message.messageType === MESSAGE_TYPE.pipelineOutput)
      .map((message) => deserialize(message.body));
    expect(outputs).toContain('こんにちは - actual_x000A_string\nnewline: \u{10437}');
    expect(serialize('こんにちは - actual_x000A_string\nnewline: \u{10437}')).toBe(
      '<S>こんにちは - actual_x005F_x000A_string_x000A_newline: _xD801__xDC37_</S>',
    );
  });

  test('ERROR_RECORD from test_psrp_stream_output_invocation', () => {
    const [record] = bodiesOf('test_psrp_stream_output_invocation.yml', MESSAGE_TYPE.errorRecord);
    expect(record?.typeNames).toEqual(['Deserialized.System.Management.Automation.ErrorRecord', 'Deserialized.System.Object']);
    expect(record?.originalTypeNames).toEqual(['System.Management.Automation.ErrorRecord', 'System.Object']);
    expect(record?.toStringValue).toBe('error stream');
    expect(record?.get('writeErrorStream')).toBe(true);
    const exception = record?.get('Exception') as PSObject;
    expect(exception.originalTypeNames[0]).toBe('Microsoft.PowerShell.Commands.WriteErrorException');
    expect(exception.adapted.Message).toBe('error stream');
    expect(exception.get('HResult')).toBe(-2146233087);
    expect(record?.get('FullyQualifiedErrorId')).toBe('Microsoft.PowerShell.Commands.WriteErrorException');
    const invocation = record?.get('InvocationInfo') as PSObject;
    expect(String(invocation.get('MyCommand'))).toContain("Write-Error 'error stream'\n");
    // <Ref N="InvocationInfo_BoundParameters" RefId="4" /> is the same object as InvocationInfo.BoundParameters.
    expect(record?.get('InvocationInfo_BoundParameters')).toBe(invocation.get('BoundParameters'));
    expect((invocation.get('BoundParameters') as PSObject).baseValue).toStrictEqual(new PSDictionary());
    expect(record?.get('ErrorCategory_Category')).toBe(0);
  });

  test('PIPELINE_STATE with an ExceptionAsErrorRecord from test_psrp_error_failed', () => {
    const states = bodiesOf('test_psrp_error_failed.yml', MESSAGE_TYPE.pipelineState);
    const failed = states.find((state) => state.get('PipelineState') === 5);
    const record = failed?.get('ExceptionAsErrorRecord') as PSObject;
    expect(record.toStringValue).toBe('error');
    expect(record.get('ErrorDetails_ScriptStackTrace')).toBe('at <ScriptBlock>, <No file>: line 1');
    expect((record.get('InvocationInfo') as PSObject).get('PositionMessage')).toMatch(/^At line:1 char:55\r\n\+ /);
    expect(JSON.parse(JSON.stringify(record))).toMatchObject({ FullyQualifiedErrorId: 'Microsoft.PowerShell.Commands.WriteErrorException' });
  });

  test('PROGRESS_RECORD carries an enum for its Type', () => {
    const [progress] = bodiesOf('test_psrp_error_failed.yml', MESSAGE_TYPE.progressRecord);
    expect(progress?.get('Activity')).toBe('Preparing modules for first use.');
    const type = progress?.get('Type') as PSObject;
    expect([type.originalTypeNames[0], type.toStringValue, type.baseValue]).toEqual(['System.Management.Automation.ProgressRecordType', 'Completed', 1]);
  });

  test('APPLICATION_PRIVATE_DATA: nested PSPrimitiveDictionary via TNRef', () => {
    const [data] = bodiesOf('test_psrp_error_failed.yml', 0x00021009);
    const outer = (data?.get('ApplicationPrivateData') as PSObject).baseValue as PSDictionary;
    const table = outer.get('PSVersionTable') as PSObject;
    expect(table.originalTypeNames).toEqual(['System.Management.Automation.PSPrimitiveDictionary', 'System.Collections.Hashtable', 'System.Object']);
    const versions = table.baseValue as Map<PsValue, PsValue>;
    expect(String(versions.get('PSVersion'))).toBe('5.1.14393.2248');
    expect(versions.get('PSEdition')).toBe('Desktop');
  });
});
