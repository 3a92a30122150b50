/**
 * What a transport offers beyond the contract in transport.ts when its peer keeps a pool running without a client
 * (WSMan's Disconnected Shells, MS-PSRP 3.1.4.10): disconnecting, reconnecting, attaching to a pipeline another
 * client started, and adjusting its payload size to the protocol version the server answered. The pool session uses
 * these when the transport has them; out-of-proc transports do not.
 */
import type { PsrpTransport } from './transport.js';

/** What the server does with output produced while no client is connected (New-PSSessionOption -OutputBufferingMode). */
export type OutputBufferingMode = 'Block' | 'Drop';

export interface DisconnectOptions {
  /** How long the server keeps the disconnected pool (Disconnect-PSSession -IdleTimeoutSec), in ms; default: as created. */
  readonly idleTimeoutMs?: number;
  /** Block (default on Windows) stops the pipelines when the output buffer fills; Drop discards the oldest output. */
  readonly outputBufferingMode?: OutputBufferingMode;
  readonly signal?: AbortSignal;
}

export interface ReconnectOptions {
  /** The buffering mode for the next disconnection. */
  readonly outputBufferingMode?: OutputBufferingMode;
  readonly signal?: AbortSignal;
}

export interface DisconnectableTransport extends PsrpTransport {
  /** Lets go of the pool on the server, which keeps running it; receiving pauses until `reconnect`. */
  disconnect(options?: DisconnectOptions): Promise<void>;
  /** Takes up again a pool this transport disconnected, and the pipelines that were running in it. */
  reconnect(options?: ReconnectOptions): Promise<void>;
  /** Starts receiving the output of a pipeline running on the server that this client did not start. */
  connectPipeline(pid: string, signal?: AbortSignal): Promise<void>;
}

/** A transport whose payload size depends on the protocol version the server answered. */
export interface NegotiationAwareTransport extends PsrpTransport {
  /** Called once the server's SESSION_CAPABILITY arrived; `maxPayloadBytes` may change. */
  negotiated(serverProtocolVersion: string): void;
}

export function isDisconnectable(transport: PsrpTransport): transport is DisconnectableTransport {
  const candidate = transport as Partial<DisconnectableTransport>;
  return typeof candidate.disconnect === 'function' && typeof candidate.reconnect === 'function' && typeof candidate.connectPipeline === 'function';
}

export function isNegotiationAware(transport: PsrpTransport): transport is NegotiationAwareTransport {
  return typeof (transport as Partial<NegotiationAwareTransport>).negotiated === 'function';
}
