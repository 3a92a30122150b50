import { PSObject, deserialize, serialize, type PsValue } from '@psrp/clixml';
import { describe, expect, test } from 'vitest';
import { PsrpProtocolError } from '../../errors.js';
import { fromFieldDescription, isCredentialField, isSecureStringField, toFieldDescription, type FieldDescription } from './field-description.js';

const roundTrip = (value: PsValue): PsValue => deserialize(serialize(value));

describe('round trips', () => {
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
});

describe('readers reject hostile input with PsrpProtocolError', () => {
  const object = (extended: Record<string, PsValue>): PSObject => new PSObject({ extended });
  test.each<[string, () => unknown]>([
    ['FieldDescription without name', () => fromFieldDescription(object({ label: 'l' }))],
    ['FieldDescription with a string isMandatory', () => fromFieldDescription(object({ name: 'n', isMandatory: 'true' }))],
  ])('%s', (_name, read) => {
    expect(read).toThrow(PsrpProtocolError);
  });
});
