/**
 * MS-PSRP 2.2.2.1 SESSION_CAPABILITY: both sides announce protocol, PowerShell and serialization versions.
 * PowerShell's client sends no TimeZone; a server must omit it.
 */
import { PSObject, PSVersion, type PsValue } from '@psrp/clixml';
import { PsrpProtocolError } from '../errors.js';
import { CAPABILITY_PS_VERSION, SERIALIZATION_VERSION } from './protocol-version.js';
import { readObject, readString } from './message-fields.js';

export interface SessionCapability {
  readonly protocolVersion: string;
  readonly psVersion: string;
  readonly serializationVersion: string;
}

export function buildSessionCapability(protocolVersion: string): PSObject {
  return new PSObject({
    extended: {
      protocolversion: PSVersion.parse(protocolVersion),
      PSVersion: PSVersion.parse(CAPABILITY_PS_VERSION),
      SerializationVersion: PSVersion.parse(SERIALIZATION_VERSION),
    },
  });
}

export function parseSessionCapability(body: PsValue): SessionCapability {
  const capability = readObject(body, 'SESSION_CAPABILITY');
  const version = (name: string): string => {
    const value = capability.get(name);
    if (value instanceof PSVersion) return value.toString();
    return readString(capability, name, 'SESSION_CAPABILITY');
  };
  const parsed = {
    protocolVersion: version('protocolversion'),
    psVersion: version('PSVersion'),
    serializationVersion: version('SerializationVersion'),
  };
  if (!/^\d+\.\d+(\.\d+){0,2}$/.test(parsed.protocolVersion)) {
    throw new PsrpProtocolError(`SESSION_CAPABILITY carries an unreadable protocolversion '${parsed.protocolVersion}'`);
  }
  return parsed;
}
