/**
 * What the protocol core reports after reading the peer's messages: one discriminated union, handled by
 * exhaustive switches in the API layer.
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import type { ErrorRecord } from './error-record.js';
import type { InformationRecord } from './information-record.js';
import type { InformationalRecord } from './informational-record.js';
import type { ProgressRecord } from './progress-record.js';
import type { SessionCapability } from './session-capability.js';

export type InformationalStream = 'debug' | 'verbose' | 'warning';

export type PsrpEvent =
  | { readonly type: 'session-capability'; readonly capability: SessionCapability }
  | { readonly type: 'application-private-data'; readonly data: PsValue }
  | { readonly type: 'pool-state'; readonly state: number; readonly reason: ErrorRecord | null }
  | { readonly type: 'pipeline-output'; readonly pid: string; readonly value: PsValue }
  | { readonly type: 'error-record'; readonly pid: string; readonly record: ErrorRecord }
  | {
      readonly type: 'informational-record';
      readonly pid: string;
      readonly stream: InformationalStream;
      readonly record: InformationalRecord;
    }
  | { readonly type: 'progress-record'; readonly pid: string; readonly record: ProgressRecord }
  | { readonly type: 'information-record'; readonly pid: string; readonly record: InformationRecord }
  | { readonly type: 'pipeline-state'; readonly pid: string; readonly state: number; readonly reason: ErrorRecord | null }
  /** A host method call (RUNSPACEPOOL_HOST_CALL when pid is null, PIPELINE_HOST_CALL otherwise). */
  | { readonly type: 'host-call'; readonly pid: string | null; readonly call: PSObject }
  /** A message this client does not act on yet, kept so nothing is lost silently. */
  | { readonly type: 'other-message'; readonly pid: string | null; readonly messageType: number; readonly body: PsValue };
