/**
 * @module debug
 * The events a WSManClient reports to its `debug` hook. They name connections, mechanisms, statuses and
 * sizes; never a credential, a token, a key or a message body.
 */

export type WSManDebugEvent =
  | { type: 'connection-open'; connection: number; engine: string }
  | { type: 'auth-leg'; connection: number; mechanism: string; scheme: string; leg: number; status: number }
  | { type: 'authenticated'; connection: number; mechanism: string; legs: number; sealing: string | null; channelBinding: boolean }
  | { type: 're-authenticate'; connection: number; mechanism: string; reason: string }
  | { type: 'request'; connection: number; action: string; status: number; sealed: boolean; requestBytes: number; responseBytes: number };

export type WSManDebugHook = (event: WSManDebugEvent) => void;
