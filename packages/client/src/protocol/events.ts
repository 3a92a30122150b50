/**
 * What the protocol core reports after reading the peer's messages: one discriminated union, handled by an
 * exhaustive switch in the pool session.
 */
import type { PSObject, PsValue } from '@psrp/clixml';
import type { PsrpError } from '../errors.js';
import type { ErrorRecord } from './error-record.js';
import type { InformationRecord } from './information-record.js';
import type { InformationalRecord } from './informational-record.js';
import type { ProgressRecord } from './progress-record.js';
import type { RunspaceAvailability } from './pool-calls.js';
import type { ClientValue } from './secure-string.js';
import type { SessionCapability } from './session-capability.js';

export type InformationalStream = 'debug' | 'verbose' | 'warning';

export type PipelineRecordEvent =
  | { readonly type: 'pipeline-output'; readonly pid: string; readonly value: ClientValue }
  | { readonly type: 'error-record'; readonly pid: string; readonly record: ErrorRecord }
  | {
      readonly type: 'informational-record';
      readonly pid: string;
      readonly stream: InformationalStream;
      readonly record: InformationalRecord;
    }
  | { readonly type: 'progress-record'; readonly pid: string; readonly record: ProgressRecord }
  | { readonly type: 'information-record'; readonly pid: string; readonly record: InformationRecord };

export type PsrpEvent =
  | { readonly type: 'session-capability'; readonly capability: SessionCapability }
  | { readonly type: 'application-private-data'; readonly data: PsValue }
  | { readonly type: 'pool-state'; readonly state: number; readonly reason: ErrorRecord | null }
  | ({ readonly type: 'runspace-availability' } & RunspaceAvailability)
  | { readonly type: 'user-event'; readonly data: PsValue }
  /** RUNSPACEPOOL_INIT_DATA: the size of a pool this client connected to (connect-runspace-pool.ts). */
  | { readonly type: 'pool-init-data'; readonly minRunspaces: number; readonly maxRunspaces: number }
  /** A host method call (RUNSPACEPOOL_HOST_CALL when pid is null, PIPELINE_HOST_CALL otherwise). */
  | { readonly type: 'host-call'; readonly pid: string | null; readonly call: PSObject }
  /** The server asked for the client's public key (PUBLIC_KEY_REQUEST), or a received `<SS>` needs the key. */
  | { readonly type: 'session-key-needed' }
  /** ENCRYPTED_SESSION_KEY arrived and was decrypted: SecureStrings can now travel both ways. */
  | { readonly type: 'session-key-ready' }
  | PipelineRecordEvent
  | { readonly type: 'pipeline-state'; readonly pid: string; readonly state: number; readonly reason: ErrorRecord | null }
  /** The client gave up on a pipeline (a limit, an unreadable message): nothing more is read for it. */
  | { readonly type: 'pipeline-failed'; readonly pid: string; readonly error: PsrpError };
