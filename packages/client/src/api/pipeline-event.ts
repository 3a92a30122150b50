/**
 * What a running pipeline yields, stream by stream, in the order the server wrote it.
 */
import { PipelineFailedError } from '../errors.js';
import type { ClientValue } from '../protocol/secure-string.js';
import type { ErrorRecord } from '../protocol/error-record.js';
import type { InformationRecord } from '../protocol/information-record.js';
import type { InformationalRecord } from '../protocol/informational-record.js';
import type { ProgressRecord } from '../protocol/progress-record.js';

export type PipelineEvent =
  | { readonly stream: 'output'; readonly value: ClientValue }
  | { readonly stream: 'error'; readonly record: ErrorRecord }
  | { readonly stream: 'warning' | 'verbose' | 'debug'; readonly record: InformationalRecord }
  | { readonly stream: 'information'; readonly record: InformationRecord }
  | { readonly stream: 'progress'; readonly record: ProgressRecord };

/** Every non-output stream of one invocation, as `invoke()` collects them. */
export interface PipelineStreams {
  readonly error: ErrorRecord[];
  readonly warning: InformationalRecord[];
  readonly verbose: InformationalRecord[];
  readonly debug: InformationalRecord[];
  readonly information: InformationRecord[];
  readonly progress: ProgressRecord[];
}

export function emptyStreams(): PipelineStreams {
  return { error: [], warning: [], verbose: [], debug: [], information: [], progress: [] };
}

/** Adds a non-output record to the stream it belongs to (output is the caller's to keep or not). */
export function collectRecord(streams: PipelineStreams, event: PipelineEvent): void {
  switch (event.stream) {
    case 'output':
      return;
    case 'error':
      streams.error.push(event.record);
      return;
    case 'information':
      streams.information.push(event.record);
      return;
    case 'progress':
      streams.progress.push(event.record);
      return;
    default:
      streams[event.stream].push(event.record);
  }
}

/** The output of a pipeline's events; a PipelineFailedError carries the output that arrived before it. */
export async function collectOutput(events: AsyncIterable<PipelineEvent>): Promise<ClientValue[]> {
  const output: ClientValue[] = [];
  try {
    for await (const event of events) if (event.stream === 'output') output.push(event.value);
  } catch (error) {
    if (error instanceof PipelineFailedError) error.output = output;
    throw error;
  }
  return output;
}
