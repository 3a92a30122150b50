/**
 * FieldDescription: one field a Prompt call asks for, and whether its answer must be a SecureString or a
 * PSCredential (which decides how the answer travels).
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import {
  arrayList,
  fields,
  hostMember,
  member,
  readHostBoolean,
  readHostList,
  readHostObject,
  readHostOptionalString,
  readHostString,
} from './host-encoding.js';

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
