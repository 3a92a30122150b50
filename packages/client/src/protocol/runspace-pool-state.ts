/**
 * MS-PSRP 2.2.2.9 RUNSPACEPOOL_STATE and 2.2.3.4 RunspacePoolState.
 */
import type { PsValue } from '@psrp/clixml';
import { enumNamer, parseStateMessage, type StateInfo } from './state-message.js';

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

export const runspacePoolStateName = enumNamer(RunspacePoolState);

export type RunspacePoolStateInfo = StateInfo;

export function parseRunspacePoolState(body: PsValue): RunspacePoolStateInfo {
  return parseStateMessage(body, 'RUNSPACEPOOL_STATE', 'RunspaceState');
}
