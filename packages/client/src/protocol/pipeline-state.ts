/**
 * MS-PSRP 2.2.2.21 PIPELINE_STATE and 2.2.3.5 PSInvocationState, with the transitions of one invocation.
 */
import type { PsValue } from '@psrp/clixml';
import { enumNamer, parseStateMessage, type StateInfo } from './state-message.js';
import { StateTransitions } from './state-transitions.js';

export const PSInvocationState = {
  NotStarted: 0,
  Running: 1,
  Stopping: 2,
  Stopped: 3,
  Completed: 4,
  Failed: 5,
  Disconnected: 6,
} as const;

export type PSInvocationStateName = keyof typeof PSInvocationState;
export type PSInvocationStateValue = (typeof PSInvocationState)[PSInvocationStateName];

export const invocationStateName = enumNamer(PSInvocationState);

const S = PSInvocationState;
const ended = [S.Stopped, S.Completed, S.Failed] as const;
export const invocationTransitions = new StateTransitions<PSInvocationStateValue>(
  {
    [S.NotStarted]: [S.Running, ...ended],
    [S.Running]: [S.Stopping, S.Disconnected, ...ended],
    [S.Stopping]: [...ended],
    [S.Stopped]: [],
    [S.Completed]: [],
    [S.Failed]: [],
    [S.Disconnected]: [S.Running, ...ended],
  },
  invocationStateName,
);

/** Completed, Failed and Stopped end a pipeline: no more messages come for it. */
export function isTerminalInvocationState(state: number): boolean {
  return state === S.Completed || state === S.Failed || state === S.Stopped;
}

export function isInvocationState(value: number): value is PSInvocationStateValue {
  return Number.isInteger(value) && value >= 0 && value <= 6;
}

export type PipelineStateInfo = StateInfo;

export function parsePipelineState(body: PsValue): PipelineStateInfo {
  return parseStateMessage(body, 'PIPELINE_STATE', 'PipelineState');
}
