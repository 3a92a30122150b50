/**
 * The pool's numbered calls and their answer: MS-PSRP 2.2.2.6 SET_MAX_RUNSPACES, 2.2.2.7 SET_MIN_RUNSPACES,
 * 2.2.2.12 GET_AVAILABLE_RUNSPACES, 2.2.2.31 RESET_RUNSPACE_STATE (protocol 2.3+), each carrying a call id `ci`,
 * answered by 2.2.2.8 RUNSPACE_AVAILABILITY with the same `ci`.
 */
import { PSObject, type PsValue } from '@psrp/clixml';
import { PsrpProtocolError } from '../errors.js';
import { readObject } from './message-fields.js';

/** `ci` is an Int64 on the wire; a bigint serializes as one. */
function callId(id: number): bigint {
  return BigInt(id);
}

export function buildSetMaxRunspaces(id: number, maxRunspaces: number): PSObject {
  return new PSObject({ extended: { MaxRunspaces: maxRunspaces, ci: callId(id) } });
}

export function buildSetMinRunspaces(id: number, minRunspaces: number): PSObject {
  return new PSObject({ extended: { MinRunspaces: minRunspaces, ci: callId(id) } });
}

export function buildCallIdOnly(id: number): PSObject {
  return new PSObject({ extended: { ci: callId(id) } });
}

export interface RunspaceAvailability {
  readonly callId: number;
  /** A boolean for SET_MAX/SET_MIN/RESET answers, a count for GET_AVAILABLE_RUNSPACES. */
  readonly response: boolean | number;
}

export function parseRunspaceAvailability(body: PsValue): RunspaceAvailability {
  const message = readObject(body, 'RUNSPACE_AVAILABILITY');
  const id = message.get('ci');
  const response = message.get('SetMinMaxRunspacesResponse');
  const numericId = typeof id === 'bigint' ? Number(id) : id;
  if (typeof numericId !== 'number' || !Number.isSafeInteger(numericId)) {
    throw new PsrpProtocolError('RUNSPACE_AVAILABILITY: ci should be an integer');
  }
  if (typeof response === 'boolean') return { callId: numericId, response };
  const count = typeof response === 'bigint' ? Number(response) : response;
  if (typeof count === 'number' && Number.isFinite(count)) return { callId: numericId, response: count };
  throw new PsrpProtocolError('RUNSPACE_AVAILABILITY: SetMinMaxRunspacesResponse should be a boolean or a count');
}
