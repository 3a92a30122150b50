/**
 * Typed reads of the properties of a received message body. A server that sends the wrong shape gets a
 * PsrpProtocolError naming the message and the property, never a TypeError deep in the client.
 */
import { PSObject, type PsValue } from '@psrp/clixml';
import { PsrpProtocolError } from '../errors.js';

export function readObject(value: PsValue | undefined, context: string): PSObject {
  if (value instanceof PSObject) return value;
  throw new PsrpProtocolError(`${context}: expected an object, got ${describe(value)}`);
}

export function readInt(object: PSObject, name: string, context: string): number {
  const value = object.get(name);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (value instanceof PSObject && typeof value.baseValue === 'number') return value.baseValue;
  throw new PsrpProtocolError(`${context}: property ${name} should be an integer, got ${describe(value)}`);
}

export function readString(object: PSObject, name: string, context: string): string {
  const value = object.get(name);
  if (typeof value === 'string') return value;
  throw new PsrpProtocolError(`${context}: property ${name} should be a string, got ${describe(value)}`);
}

export function readOptionalString(object: PSObject, name: string): string | null {
  const value = object.get(name);
  return typeof value === 'string' ? value : null;
}

export function readOptionalObject(object: PSObject, name: string): PSObject | null {
  const value = object.get(name);
  return value instanceof PSObject ? value : null;
}

function describe(value: PsValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value instanceof PSObject) return `an object (${value.typeNames[0] ?? 'no type name'})`;
  return typeof value;
}
