/**
 * The receiving end of one invocation: the pool session delivers records here, the caller iterates the resulting
 * PipelineEvents. Ends with the pipeline's terminal state or the error that ended it.
 */
import { PipelineFailedError, PipelineStoppedError } from '../errors.js';
import type { PipelineRecordEvent } from '../protocol/events.js';
import { PSInvocationState, type PSInvocationStateValue } from '../protocol/pipeline-state.js';
import type { PipelineEnd, PipelineObserver } from '../session/pipeline-observer.js';
import { InboundChannel } from '../transport/inbound-channel.js';
import type { PipelineEvent } from './pipeline-event.js';
import type { PSHost } from './ps-host.js';

export class PipelineSink implements PipelineObserver {
  readonly events = new InboundChannel<PipelineEvent>();
  #state: PSInvocationStateValue = PSInvocationState.Running;

  constructor(readonly host: PSHost | null) {}

  get state(): PSInvocationStateValue {
    return this.#state;
  }

  get backlog(): number {
    return this.events.backlog;
  }

  drained(): Promise<void> {
    return this.events.drained();
  }

  record(event: PipelineRecordEvent): void {
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
    }
  }

  end(end: PipelineEnd): void {
    if ('error' in end) {
      this.#state = end.error instanceof PipelineStoppedError ? PSInvocationState.Stopped : PSInvocationState.Failed;
      return this.events.end(end.error);
    }
    this.#state = end.state;
    if (end.state === PSInvocationState.Completed) this.events.end();
    else if (end.state === PSInvocationState.Failed) {
      this.events.end(new PipelineFailedError(end.reason?.message ?? 'The pipeline failed', end.reason));
    } else {
      this.events.end(new PipelineStoppedError(end.reason?.message ?? 'The pipeline was stopped'));
    }
  }
}
