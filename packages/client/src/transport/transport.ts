/**
 * The contract every PSRP transport implements (out-of-proc over a process, SSH or a pipe; WSMan), in one neutral
 * payload type. The pool session hands a transport batches of payloads and reads what the peer sent; the transport
 * decides its own framing, acknowledgements and polling.
 */
import type { PayloadStream } from '../protocol/outbound-queue.js';

/** Whole fragments for one target: the pool (pipelineId null) or one pipeline, on one stream. */
export interface TransportPayload {
  readonly pipelineId: string | null;
  readonly stream: PayloadStream;
  readonly data: Uint8Array;
  /** True when this payload starts a CREATE_PIPELINE or GET_COMMAND_METADATA: it creates the pipeline on the peer. */
  readonly createsPipeline: boolean;
}

/** Fragments from the peer as the base64 text every transport carries them in, and the target they came for. */
export interface InboundData {
  readonly pipelineId: string | null;
  readonly base64: string;
}

export interface PsrpTransport {
  /** The largest payload this transport carries at once, fragment headers included. */
  readonly maxPayloadBytes: number;
  /** Opens the pool on the peer with its first payload (SESSION_CAPABILITY and INIT_RUNSPACEPOOL). */
  connect(first: TransportPayload, signal?: AbortSignal): Promise<void>;
  /** Sends payloads in order; one that `createsPipeline` creates the pipeline on the peer first. */
  send(batch: readonly TransportPayload[], signal?: AbortSignal): Promise<void>;
  /**
   * A pipeline with this id will be created: a transport whose peer creates pipelines in a step of their own takes
   * that step now (out-of-proc: `<Command>`), while the session encodes the CREATE_PIPELINE, or ahead of any call
   * (session/pipeline-ids.ts). Its payload that `createsPipeline` follows, or `closePipeline` when it is not used.
   */
  preparePipeline?(pipelineId: string): void;
  /** Asks the peer to stop a running pipeline. */
  stopPipeline(pipelineId: string, signal?: AbortSignal): Promise<void>;
  /** Releases a finished pipeline on the peer. */
  closePipeline(pipelineId: string, signal?: AbortSignal): Promise<void>;
  /**
   * Closes the pool and the connection. Resolves once the peer acknowledged the close and the connection is gone;
   * how the connection ended after that (an exit code) is not a failure. Never waits without bound: the signal
   * ends the wait and the connection is dropped.
   */
  close(signal?: AbortSignal): Promise<void>;
  /**
   * Fragments from the peer with their target, in arrival order; ends when the connection ends, throws
   * when it breaks. PowerShell numbers fragment objects per target, so targets are reassembled apart. A transport
   * reads from the peer only as fast as this is iterated, give or take a bounded queue: when the pool session stops
   * iterating (a reader fell behind), the peer is held back (a full pipe or TCP window, or no Receive).
   */
  receive(): AsyncIterable<InboundData>;
  /** What the peer sent that waits in the transport for the session, in bytes (of base64 text, as received). */
  readonly bufferedInboundBytes?: number;
}

/**
 * A transport that can stop receiving for one pipeline while the others go on (WSMan: no Receive for its command).
 * Without it, the pool session holds back the whole connection: a stream (stdio, SSH, a pipe) carries every
 * pipeline of the pool, so one of them cannot be paused alone.
 */
export interface PipelineFlowControl {
  /** Asks the peer for nothing more for this pipeline until `resumeReceiving`; what is under way still arrives. */
  pauseReceiving(pipelineId: string): void;
  resumeReceiving(pipelineId: string): void;
}

export function hasPipelineFlowControl(transport: PsrpTransport): transport is PsrpTransport & PipelineFlowControl {
  const candidate = transport as Partial<PipelineFlowControl>;
  return typeof candidate.pauseReceiving === 'function' && typeof candidate.resumeReceiving === 'function';
}
