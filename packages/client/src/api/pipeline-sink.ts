/**
 * The receiving end of one running pipeline: the pool delivers protocol events here, the caller iterates the
 * resulting PipelineEvents. Ends with the pipeline's terminal state, or with the pool's failure.
 */
import { PipelineFailedError, PipelineStoppedError } from '../errors.js';
import type { PsrpEvent } from '../protocol/events.js';
import type { PipelineSpec } from '../protocol/create-pipeline.js';
import { PSInvocationState, invocationStateName, isTerminalInvocationState } from '../protocol/pipeline-state.js';
import { InboundChannel } from '../transport/inbound-channel.js';
import type { PipelineEvent } from './pipeline-event.js';

type PipelineProtocolEvent = Extract<PsrpEvent, { pid: string }>;

export class PipelineSink {
  readonly events = new InboundChannel<PipelineEvent>();
  #state: number = PSInvocationState.NotStarted;

  constructor(
    readonly spec: PipelineSpec,
    readonly signal: AbortSignal | undefined,
  ) {}

  get state(): string {
    return invocationStateName(this.#state);
  }

  get finished(): boolean {
    return isTerminalInvocationState(this.#state);
  }

  deliver(event: PipelineProtocolEvent): void {
    switch (event.type) {
      case 'pipeline-output':
        return this.events.push({ stream: 'output', value: event.value });
      case 'error-record':
        return this.events.push({ stream: 'error', record: event.record });
      case 'informational-record':
        return this.events.push({ stream: event.stream, record: event.record });
      case 'information-record':
        return this.events.push({ stream: 'information', record: event.record });
      case 'progress-record':
        return this.events.push({ stream: 'progress', record: event.record });
      case 'pipeline-state':
        return this.#onState(event.state, event.reason);
    }
  }

  fail(error: unknown): void {
    this.events.end(error);
  }

  #onState(state: number, reason: Extract<PsrpEvent, { type: 'pipeline-state' }>['reason']): void {
    this.#state = state;
    if (state === PSInvocationState.Completed) this.events.end();
    else if (state === PSInvocationState.Failed) {
      this.events.end(new PipelineFailedError(reason?.message ?? 'The pipeline failed', reason));
    } else if (state === PSInvocationState.Stopped) {
      this.events.end(new PipelineStoppedError(reason?.message ?? 'The pipeline was stopped'));
    }
  }
}
