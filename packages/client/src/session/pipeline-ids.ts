/**
 * Ids for new pipelines. Over a transport that creates a pipeline on the peer in a step of its own (out-of-proc:
 * `<Command>`, then a wait for `<CommandAck>` before any data), one pipeline is kept created ahead: when a pipeline
 * ends, the next one's `<Command>` goes out beside the ended one's `<Close>`, so the next call sends its
 * CREATE_PIPELINE at once instead of waiting a round trip for the peer. pwsh keeps an unused command as a
 * registration only (no runspace, no thread); the pool's close releases it first, as pwsh's close waits for every
 * command to be closed.
 */
import type { PsrpTransport } from '../transport/transport.js';

export class PipelineIds {
  readonly #transport: PsrpTransport;
  readonly #newGuid: () => string;
  /** A pipeline already created on the peer and not yet used, if any. */
  #ahead: string | null = null;

  constructor(transport: PsrpTransport, newGuid: () => string) {
    this.#transport = transport;
    this.#newGuid = newGuid;
  }

  /** The id for the pipeline about to be created: the one created ahead, or a new one the transport prepares now. */
  take(): string {
    const ahead = this.#ahead;
    if (ahead !== null) {
      this.#ahead = null;
      return ahead;
    }
    const pid = this.#newGuid();
    // The transport may create the pipeline on the peer while its CREATE_PIPELINE is encoded.
    this.#transport.preparePipeline?.(pid);
    return pid;
  }

  /** Creates the next pipeline on the peer now, unless one is waiting already or the transport has no such step. */
  createAhead(): void {
    if (this.#ahead !== null || !this.#transport.preparePipeline) return;
    this.#ahead = this.#newGuid();
    this.#transport.preparePipeline(this.#ahead);
  }

  /** Closes the pipeline created ahead on the peer, if any (the pool is closing). */
  releaseAhead(signal: AbortSignal | undefined): Promise<void> {
    const ahead = this.#ahead;
    this.#ahead = null;
    return ahead === null ? Promise.resolve() : this.#transport.closePipeline(ahead, signal);
  }
}
