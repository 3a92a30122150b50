/**
 * What a running pipeline yields, stream by stream, in the order the server wrote it.
 */
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
