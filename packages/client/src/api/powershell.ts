/**
 * PowerShell: builds a pipeline of commands and scripts and runs it on a RunspacePool, after
 * System.Management.Automation.PowerShell (AddCommand, AddParameter, AddArgument, AddScript, AddStatement, Invoke).
 */
import type { PsValue } from '@psrp/clixml';
import { PsrpAbortedError, PsrpInvalidStateError } from '../errors.js';
import type { CommandParameter, CommandSpec } from '../protocol/create-pipeline.js';
import { emptyStreams, type PipelineEvent, type PipelineStreams } from './pipeline-event.js';
import { PipelineSink } from './pipeline-sink.js';
import type { RunspacePool } from './runspace-pool.js';

export interface InvokeOptions {
  /** Objects piped into the first command; without it the pipeline runs with no input. */
  readonly input?: Iterable<PsValue>;
  readonly signal?: AbortSignal;
}

interface CommandDraft {
  command: string;
  isScript: boolean;
  useLocalScope: boolean | null;
  parameters: CommandParameter[];
}

export class PowerShell {
  readonly #pool: RunspacePool;
  readonly #statements: CommandDraft[][] = [[]];
  #pid: string | null = null;
  /** The non-output streams of the last `invoke()`. */
  streams: PipelineStreams = emptyStreams();

  constructor(pool: RunspacePool) {
    this.#pool = pool;
  }

  /** Adds a command (cmdlet, function, alias or application) to the current statement. */
  addCommand(command: string, options: { useLocalScope?: boolean } = {}): this {
    this.#current().push({ command, isScript: false, useLocalScope: options.useLocalScope ?? null, parameters: [] });
    return this;
  }

  /** Adds script text to the current statement. */
  addScript(script: string, options: { useLocalScope?: boolean } = {}): this {
    this.#current().push({ command: script, isScript: true, useLocalScope: options.useLocalScope ?? null, parameters: [] });
    return this;
  }

  /** Adds a named parameter to the last command; without a value it is a switch (`-Force`). */
  addParameter(name: string, value: PsValue = true): this {
    this.#lastCommand('addParameter').parameters.push({ name, value });
    return this;
  }

  /** Adds named parameters from a record, in its key order. */
  addParameters(parameters: Readonly<Record<string, PsValue>>): this {
    for (const [name, value] of Object.entries(parameters)) this.addParameter(name, value);
    return this;
  }

  /** Adds a positional argument to the last command. */
  addArgument(value: PsValue): this {
    this.#lastCommand('addArgument').parameters.push({ name: null, value });
    return this;
  }

  /** Ends the current statement: the next command starts a new one, as `;` does in a script. */
  addStatement(): this {
    if (this.#current().length > 0) this.#statements.push([]);
    return this;
  }

  /**
   * Runs the pipeline and yields every record as it arrives, output and other streams interleaved.
   * Ends when the pipeline completes; throws PipelineFailedError when it fails.
   */
  async *stream(options: InvokeOptions = {}): AsyncGenerator<PipelineEvent, void, undefined> {
    if (this.#pid) throw new PsrpInvalidStateError('This PowerShell is already running', 'Running');
    const statements = this.#statements.filter((statement) => statement.length > 0);
    if (statements.length === 0) throw new PsrpInvalidStateError('Add a command or script before invoking', 'NotStarted');
    const input = options.input ? [...options.input] : null;
    const sink = new PipelineSink(
      {
        statements: statements.map((statement) => statement.map((draft): CommandSpec => ({ ...draft, parameters: [...draft.parameters] }))),
        noInput: input === null,
        addToHistory: false,
        isNested: false,
      },
      options.signal,
    );
    if (options.signal?.aborted) throw new PsrpAbortedError('The pipeline was aborted before it started', { cause: options.signal.reason });
    const pid = this.#pool.startPipeline(sink);
    this.#pid = pid;
    let aborted = false;
    // An abort ends the caller's iteration at once; stopping the pipeline on the server follows in the background.
    const onAbort = () => {
      aborted = true;
      sink.fail(new PsrpAbortedError('The pipeline was aborted', { cause: options.signal?.reason }));
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (input !== null) await this.#pool.sendInput(pid, input, true, options.signal);
      yield* sink.events;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      this.#pid = null;
      // Leaving early (break, abort) stops the pipeline before releasing it; one that ended needs no stop.
      const stop = aborted || !sink.events.ended ? this.#pool.stopPipeline(pid).catch(() => undefined) : Promise.resolve();
      const cleanup = stop.then(() => this.#pool.releasePipeline(pid)).catch(() => undefined);
      if (!aborted) await cleanup;
    }
  }

  /** Runs the pipeline and returns its output; the other streams land in `streams`. */
  async invoke(options: InvokeOptions = {}): Promise<PsValue[]> {
    const output: PsValue[] = [];
    const streams = emptyStreams();
    this.streams = streams;
    for await (const event of this.stream(options)) {
      switch (event.stream) {
        case 'output':
          output.push(event.value);
          break;
        case 'error':
          streams.error.push(event.record);
          break;
        case 'information':
          streams.information.push(event.record);
          break;
        case 'progress':
          streams.progress.push(event.record);
          break;
        default:
          streams[event.stream].push(event.record);
      }
    }
    return output;
  }

  /** Asks the server to stop the running pipeline. */
  async stop(signal?: AbortSignal): Promise<void> {
    if (this.#pid) await this.#pool.stopPipeline(this.#pid, signal);
  }

  /** True when the last invocation wrote to the error stream. */
  get hadErrors(): boolean {
    return this.streams.error.length > 0;
  }

  #current(): CommandDraft[] {
    return this.#statements[this.#statements.length - 1]!;
  }

  #lastCommand(method: string): CommandDraft {
    const command = this.#current().at(-1);
    if (!command) throw new PsrpInvalidStateError(`${method} needs a command: call addCommand or addScript first`, 'NotStarted');
    return command;
  }
}
