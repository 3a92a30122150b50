/**
 * MS-PSRP 2.2.2.9 RUNSPACEPOOL_STATE and 2.2.3.4 RunspacePoolState.
 */
import type { PsValue } from '@psrp/clixml';
import { ErrorRecord } from './error-record.js';
import { readInt, readObject, readOptionalObject } from './message-fields.js';

export const RunspacePoolState = {
  BeforeOpen: 0,
  Opening: 1,
  Opened: 2,
  Closed: 3,
  Closing: 4,
  Broken: 5,
  NegotiationSent: 6,
  NegotiationSucceeded: 7,
  Connecting: 8,
  Disconnected: 9,
} as const;

export type RunspacePoolStateName = keyof typeof RunspacePoolState;

const stateNames = Object.fromEntries(
  Object.entries(RunspacePoolState).map(([name, value]) => [value, name]),
) as Record<number, RunspacePoolStateName>;

export function runspacePoolStateName(value: number): RunspacePoolStateName | `Unknown(${number})` {
  return stateNames[value] ?? `Unknown(${value})`;
}

export interface RunspacePoolStateInfo {
  readonly state: number;
  readonly reason: ErrorRecord | null;
}

export function parseRunspacePoolState(body: PsValue): RunspacePoolStateInfo {
  const message = readObject(body, 'RUNSPACEPOOL_STATE');
  const reason = readOptionalObject(message, 'ExceptionAsErrorRecord');
  return { state: readInt(message, 'RunspaceState', 'RUNSPACEPOOL_STATE'), reason: reason ? new ErrorRecord(reason) : null };
}
