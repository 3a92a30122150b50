/**
 * A pipeline running on the server that this client did not start: one of a disconnected pool's pipelines, taken up
 * after `RunspacePool.connect` (Connect-PSSession, then Receive-PSSession). Streams what it produced while no client
 * was connected, then what it produces until it ends.
 */
import { PsrpAbortedError, PsrpInvalidStateError } from '../errors.js';
import { invocationStateName, PSInvocationState, type PSInvocationStateName } from '../protocol/pipeline-state.js';
import type { ClientValue } from '../protocol/secure-string.js';
import type { PoolSession } from '../session/pool-session.js';
import { collectOutput, collectRecord, emptyStreams, type PipelineEvent, type PipelineStreams } from './pipeline-event.js';
import { PipelineSink } from './pipeline-sink.js';

export class ConnectedPipeline {
  readonly #session: PoolSession;
  #sink: PipelineSink | null = null;
  /** The non-output streams received so far. */
  readonly streams: PipelineStreams = emptyStreams();

  /** @internal Use `pool.connectPipeline(id)`. */
  constructor(
    session: PoolSession,
    /** The pipeline id (its WSMan CommandId). */
    readonly id: string,
  ) {
    this.#session = session;
  }

  /** Disconnected until read, then Running, Completed, Failed or Stopped. */
  get invocationState(): PSInvocationStateName | 'Disconnected' | `Unknown(${number})` {
    return this.#sink ? invocationStateName(this.#sink.state) : 'Disconnected';
  }

  /** Connects and yields every record as it arrives; ends when the pipeline ends, throws PipelineFailedError when it fails. */
  async *stream(options: { readonly signal?: AbortSignal } = {}): AsyncGenerator<PipelineEvent, void, undefined> {
    if (this.#sink) throw new PsrpInvalidStateError('read this pipeline', 'already read', ['Disconnected']);
    const { signal } = options;
    if (signal?.aborted) throw new PsrpAbortedError('Connecting to the pipeline was aborted', { cause: signal.reason });
    const sink = new PipelineSink(null);
    this.#sink = sink;
    let aborted: PsrpAbortedError | null = null;
    const onAbort = () => {
      aborted = new PsrpAbortedError('Reading the pipeline was aborted', { cause: signal?.reason });
      sink.events.end(aborted);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.#session.connectPipeline(this.id, sink, signal);
      for await (const event of sink.events) {
        if (aborted) throw aborted;
        collectRecord(this.streams, event);
        yield event;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      const endedByServer = sink.events.ended && aborted === null && sink.state !== PSInvocationState.Running;
      sink.events.end();
      if (!endedByServer) await this.#session.stop(this.id).catch(() => undefined);
    }
  }

  /** Connects, waits for the end and returns the output; a failed pipeline rejects with PipelineFailedError. */
  async invoke(options: { readonly signal?: AbortSignal } = {}): Promise<ClientValue[]> {
    return collectOutput(this.stream(options));
  }

  /** Stops the pipeline on the server. */
  async stop(signal?: AbortSignal): Promise<void> {
    if (this.#sink) await this.#session.stop(this.id, signal);
  }
}

