/**
 * MS-PSRP 2.2.2.9 RUNSPACEPOOL_STATE and 2.2.3.4 RunspacePoolState, with the transitions a client goes through.
 */
import type { PsValue } from '@psrp/clixml';
import { enumNamer, parseStateMessage, type StateInfo } from './state-message.js';
import { StateTransitions } from './state-transitions.js';

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
export type RunspacePoolStateValue = (typeof RunspacePoolState)[RunspacePoolStateName];

export const runspacePoolStateName = enumNamer(RunspacePoolState);

const S = RunspacePoolState;
export const runspacePoolTransitions = new StateTransitions<RunspacePoolStateValue>(
  {
    [S.BeforeOpen]: [S.NegotiationSent, S.Connecting, S.Broken, S.Closed],
    [S.NegotiationSent]: [S.NegotiationSucceeded, S.Opening, S.Opened, S.Broken, S.Closing, S.Closed],
    [S.NegotiationSucceeded]: [S.Opening, S.Opened, S.Broken, S.Closing, S.Closed],
    [S.Opening]: [S.Opened, S.Broken, S.Closing, S.Closed],
    [S.Opened]: [S.Closing, S.Closed, S.Broken, S.Disconnected],
    [S.Closing]: [S.Closed, S.Broken],
    [S.Closed]: [],
    [S.Broken]: [S.Closed],
    [S.Connecting]: [S.Opened, S.Broken, S.Closed],
    [S.Disconnected]: [S.Connecting, S.Closed, S.Broken],
  },
  runspacePoolStateName,
);

export interface RunspacePoolStateInfo extends StateInfo {
  readonly state: number;
}

export function parseRunspacePoolState(body: PsValue): RunspacePoolStateInfo {
  return parseStateMessage(body, 'RUNSPACEPOOL_STATE', 'RunspaceState');
}

export function isRunspacePoolState(value: number): value is RunspacePoolStateValue {
  return Number.isInteger(value) && value >= 0 && value <= 9;
}
