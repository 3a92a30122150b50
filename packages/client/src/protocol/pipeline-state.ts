/**
 * MS-PSRP 2.2.2.21 PIPELINE_STATE and 2.2.3.5 PSInvocationState.
 */
import type { PsValue } from '@psrp/clixml';
import { enumNamer, parseStateMessage, type StateInfo } from './state-message.js';

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

export const invocationStateName = enumNamer(PSInvocationState);

/** Completed, Failed and Stopped end a pipeline: no more messages come for it. */
export function isTerminalInvocationState(state: number): boolean {
  return state === PSInvocationState.Completed || state === PSInvocationState.Failed || state === PSInvocationState.Stopped;
}

export type PipelineStateInfo = StateInfo;

export function parsePipelineState(body: PsValue): PipelineStateInfo {
  return parseStateMessage(body, 'PIPELINE_STATE', 'PipelineState');
}
