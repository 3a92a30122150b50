/**
 * What the pool session needs from whoever runs a pipeline (the PowerShell facade): a place to put records as
 * they arrive, the end, and how far behind the reader is (the session stops reading when a reader falls behind).
 */
import type { PSHost } from '../api/ps-host.js';
import type { PipelineRecordEvent } from '../protocol/events.js';
import type { ErrorRecord } from '../protocol/error-record.js';
import type { PSInvocationStateValue } from '../protocol/pipeline-state.js';

export type PipelineEnd =
  | { readonly state: PSInvocationStateValue; readonly reason: ErrorRecord | null }
  | { readonly error: unknown };

export interface PipelineObserver {
  record(event: PipelineRecordEvent): void;
  /** Called once: the server reported a terminal state, or the client gave up on the pipeline. */
  end(end: PipelineEnd): void;
  /** Records delivered and not yet taken by the reader. */
  readonly backlog: number;
  /** Resolves when the reader has taken everything delivered so far (or stopped reading). */
  drained(): Promise<void>;
  /** The pipeline's own host; null to use the pool's. */
  readonly host: PSHost | null;
}
