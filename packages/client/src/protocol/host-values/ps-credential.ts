/**
 * MS-PSRP 2.2.3.25 PSCredential: what PromptForCredential answers with (and a Prompt answer for a credential
 * field), a user name with its password as a SecureString; and the flags PromptForCredential2 is called with.
 */
import { PSObject, type PsValue } from '@psrp/clixml';
import { PsrpHostError } from '../../errors.js';
import { checkString, invalid, member, readHostObject, readHostString } from './host-encoding.js';
import { asBodyValue, isWireSecret, type WireSecret } from './host-secrets.js';

export const PS_CREDENTIAL_TYPE_NAMES: readonly string[] = ['System.Management.Automation.PSCredential', 'System.Object'];

/** PSCredentialTypes flags, a parameter of PromptForCredential2. */
export const PSCredentialTypes = { Generic: 1, Domain: 2, Default: 3 } as const;

/** PSCredentialUIOptions, a parameter of PromptForCredential2 (ReadOnlyUserName is 3, as in .NET). */
export const PSCredentialUIOptions = { None: 0, Default: 1, ValidateUserNameSyntax: 1, AlwaysPrompt: 2, ReadOnlyUserName: 3 } as const;

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
