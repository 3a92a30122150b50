/**
 * The contract every PSRP transport implements (out-of-proc over a process, SSH or a pipe; WSMan). The
 * protocol core hands it payloads of whole fragments; it hands back the fragment bytes the peer sent.
 */
import type { OutboundPayload } from '../protocol/outbound-queue.js';

/**
 * Fragments from the peer as the base64 text both transports carry them in, and the target they came for:
 * null for the pool, else the pipeline id. The protocol core decodes the text straight into message memory.
 */
export interface InboundData {
  readonly pid: string | null;
  readonly base64: string;
}

export interface PsrpTransport {
  /** The largest payload this transport carries at once, fragment headers included. */
  readonly maxPayloadBytes: number;
  /** Opens the pool on the peer with its first payload (SESSION_CAPABILITY and INIT_RUNSPACEPOOL). */
  connect(first: OutboundPayload, signal?: AbortSignal): Promise<void>;
  /** Sends one payload; a payload that `createsPipeline` creates the pipeline on the peer first. */
  send(payload: OutboundPayload, signal?: AbortSignal): Promise<void>;
  /** Asks the peer to stop a running pipeline. */
  stopPipeline(pid: string, signal?: AbortSignal): Promise<void>;
  /** Releases a finished pipeline on the peer. */
  closePipeline(pid: string, signal?: AbortSignal): Promise<void>;
  /** Closes the pool and the connection. */
  close(signal?: AbortSignal): Promise<void>;
  /**
   * Everything queued so far has been sent. WSMan starts receiving for new commands here, after their first
   * input went out with them, in the order WinRM's own clients use.
   */
  flushed?(): void;
  /**
   * The pool reached Opened. A transport that polls for pool messages (WSMan's Receive on the shell) stops
   * polling the pool then; pipelines poll for their own output.
   */
  poolOpened?(): void;
  /**
   * Fragment bytes from the peer with their target, in arrival order; ends when the connection ends, throws
   * when it breaks. PowerShell numbers fragment objects per target, so targets are reassembled apart.
   */
  receive(): AsyncIterable<InboundData>;
}
