/**
 * MS-PSRP 2.2.2.21 PIPELINE_STATE and 2.2.3.5 PSInvocationState.
 */
import type { PsValue } from '@psrp/clixml';
import { ErrorRecord } from './error-record.js';
import { readInt, readObject, readOptionalObject } from './message-fields.js';

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

const stateNames = Object.fromEntries(
  Object.entries(PSInvocationState).map(([name, value]) => [value, name]),
) as Record<number, PSInvocationStateName>;

export function invocationStateName(value: number): PSInvocationStateName | `Unknown(${number})` {
  return stateNames[value] ?? `Unknown(${value})`;
}

/** Completed, Failed and Stopped end a pipeline: no more messages come for it. */
export function isTerminalInvocationState(state: number): boolean {
  return state === PSInvocationState.Completed || state === PSInvocationState.Failed || state === PSInvocationState.Stopped;
}

export interface PipelineStateInfo {
  readonly state: number;
  readonly reason: ErrorRecord | null;
}

export function parsePipelineState(body: PsValue): PipelineStateInfo {
  const message = readObject(body, 'PIPELINE_STATE');
  const reason = readOptionalObject(message, 'ExceptionAsErrorRecord');
  return { state: readInt(message, 'PipelineState', 'PIPELINE_STATE'), reason: reason ? new ErrorRecord(reason) : null };
}
