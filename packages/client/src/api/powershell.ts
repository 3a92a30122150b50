/**
 * PowerShell: builds a pipeline of commands and scripts and runs it on a RunspacePool, after
 * System.Management.Automation.PowerShell (AddCommand, AddParameter, AddArgument, AddScript, AddStatement,
 * MergeMyResults, Invoke, Stop). A thin facade: the pool session does the work.
 */
import { PsrpAbortedError, PsrpArgumentError, PsrpInvalidStateError } from '../errors.js';
import type { CommandParameter, CommandSpec, MergeableStream } from '../protocol/create-pipeline.js';
import { buildHostInfo } from '../protocol/host-info.js';
import { invocationStateName, isTerminalInvocationState, PSInvocationState, type PSInvocationStateName, type PSInvocationStateValue } from '../protocol/pipeline-state.js';
import type { ClientValue } from '../protocol/secure-string.js';
import type { PoolSession } from '../session/pool-session.js';
import { readHostDefaults } from './host-dispatch.js';
import { collectOutput, collectRecord, emptyStreams, type PipelineEvent, type PipelineStreams } from './pipeline-event.js';
import { PipelineSink } from './pipeline-sink.js';
import type { PSHost } from './ps-host.js';

export interface InvokeOptions {
  /** Objects piped into the first command, sent while output is read; without it the pipeline runs with no input. */
  readonly input?: Iterable<ClientValue> | AsyncIterable<ClientValue>;
  /** Adds the invocation to the runspace's history (Get-History), as an interactive session does. Default false. */
  readonly addToHistory?: boolean;
  /** A host for this invocation only; host calls then come as PIPELINE_HOST_CALL. Default: the pool's host. */
  readonly host?: PSHost;
  readonly signal?: AbortSignal;
}

interface CommandDraft {
  command: string;
  isScript: boolean;
  useLocalScope: boolean | null;
  parameters: CommandParameter[];
  mergeToOutput: MergeableStream[];
}

const ALL_MERGEABLE: readonly MergeableStream[] = ['error', 'warning', 'verbose', 'debug', 'information'];

export class PowerShell {
  readonly #session: PoolSession;
  readonly #statements: CommandDraft[][] = [[]];
  #running: { pid: string | null; sink: PipelineSink } | null = null;
  #state: PSInvocationStateValue = PSInvocationState.NotStarted;
  /** The non-output streams of the current or last invocation (`stream()` and `invoke()` alike). */
  streams: PipelineStreams = emptyStreams();

  /** @internal Use `pool.createPowerShell()`. */
  constructor(session: PoolSession) {
    this.#session = session;
  }

  /** The state of the current or last invocation: NotStarted, Running, Stopping, Completed, Failed or Stopped. */
  get invocationState(): PSInvocationStateName | `Unknown(${number})` {
    return invocationStateName(this.#running?.sink.state ?? this.#state);
  }

  /** True when the last invocation wrote to the error stream (or failed), as PowerShell.HadErrors. */
  get hadErrors(): boolean {
    return this.streams.error.length > 0 || this.#state === PSInvocationState.Failed;
  }

  /** Adds a command (cmdlet, function, alias or application) to the current statement. */
  addCommand(command: string, options: { useLocalScope?: boolean } = {}): this {
    return this.#add(command, false, options.useLocalScope);
  }

  /** Adds script text to the current statement. */
  addScript(script: string, options: { useLocalScope?: boolean } = {}): this {
    return this.#add(script, true, options.useLocalScope);
  }

  /**
   * Adds a named parameter to the last command. Without a value it is a switch (`-Force`); an explicit `undefined`
   * is refused rather than guessed at (pass null for $null).
   */
  addParameter(name: string, ...value: [] | [ClientValue]): this {
    if (value.length === 1 && value[0] === undefined) {
      throw new PsrpArgumentError(`The value of parameter ${name} is undefined; pass null for $null, or no value for a switch`);
    }
    this.#lastCommand('addParameter').parameters.push({ name, value: value.length === 0 ? true : (value[0] as ClientValue) } as CommandParameter);
    return this;
  }

  /** Adds named parameters from a record, in its key order. */
  addParameters(parameters: Readonly<Record<string, ClientValue>>): this {
    for (const [name, value] of Object.entries(parameters)) this.addParameter(name, value);
    return this;
  }

  /** Adds a positional argument to the last command. */
  addArgument(value: ClientValue): this {
    if (value === undefined) throw new PsrpArgumentError('An argument is undefined; pass null for $null');
    this.#lastCommand('addArgument').parameters.push({ name: null, value } as CommandParameter);
    return this;
  }

  /** Ends the current statement: the next command starts a new one, as `;` does in a script. */
  addStatement(): this {
    if (this.#current().length > 0) this.#statements.push([]);
    return this;
  }

  /**
   * Sends the last command's records of the given streams to its output, as `MergeMyResults(stream, Output)` and
   * `2>&1` do: they arrive as output objects (an ErrorRecord's properties, a WarningRecord's...). Default: all.
   */
  mergeToOutput(streams: readonly MergeableStream[] | 'all' = 'all'): this {
    const command = this.#lastCommand('mergeToOutput');
    for (const stream of streams === 'all' ? ALL_MERGEABLE : streams) {
      if (!ALL_MERGEABLE.includes(stream)) throw new PsrpArgumentError(`Cannot merge the ${String(stream)} stream; use one of ${ALL_MERGEABLE.join(', ')}`);
      if (!command.mergeToOutput.includes(stream)) command.mergeToOutput.push(stream);
    }
    return this;
  }

  /**
   * Runs the pipeline and yields every record as it arrives, output and other streams interleaved; `streams` and
   * `hadErrors` fill as it goes. Ends when the pipeline completes; throws PipelineFailedError when it fails.
   */
  async *stream(options: InvokeOptions = {}): AsyncGenerator<PipelineEvent, void, undefined> {
    if (this.#running) throw new PsrpInvalidStateError('invoke this PowerShell', 'Running', ['NotStarted', 'Completed', 'Failed', 'Stopped']);
    const statements = this.#statements.filter((statement) => statement.length > 0);
    if (statements.length === 0) throw new PsrpInvalidStateError('invoke this PowerShell', 'empty', [], 'Add a command or script first');
    const { signal } = options;
    if (signal?.aborted) throw new PsrpAbortedError('The pipeline was aborted before it started', { cause: signal.reason });
    const sink = new PipelineSink(options.host ?? null);
    const streams = emptyStreams();
    this.streams = streams;
    const running = { pid: null as string | null, sink };
    this.#running = running;
    let aborted: PsrpAbortedError | null = null;
    // An abort ends the caller's iteration at once; stopping the pipeline on the server follows in the background.
    const onAbort = () => {
      aborted = new PsrpAbortedError('The pipeline was aborted', { cause: signal?.reason });
      sink.events.end(aborted);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const pid = await this.#session.startPipeline(
        {
          statements: statements.map((statement) =>
            statement.map((draft): CommandSpec => ({ ...draft, parameters: [...draft.parameters], mergeToOutput: [...draft.mergeToOutput] })),
          ),
          noInput: options.input === undefined,
          addToHistory: options.addToHistory ?? false,
          isNested: false,
          hostInfo: buildHostInfo(options.host ? await readHostDefaults(options.host) : null),
        },
        sink,
      );
      running.pid = pid;
      if (options.input !== undefined) {
        // Input goes out while output is read; a failure to send it ends the iteration with that error.
        this.#session.sendInput(pid, options.input).catch((error: unknown) => sink.events.end(error));
      }
      for await (const event of sink.events) {
        // Fix (test review): records the session had already delivered are not yielded after an abort; the
        // channel hands them out before its error, so the iteration went on past the abort.
        if (aborted) throw aborted;
        collectRecord(streams, event);
        yield event;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#state = sink.state;
      const pid = running.pid;
      // Only an end the session reported counts: an input source that threw ended the reader, not the pipeline.
      const endedByServer = isTerminalInvocationState(sink.state) && aborted === null;
      sink.events.end();
      this.#running = null;
      // Leaving early (break, abort) stops the pipeline on the server; one that ended needs nothing more.
      if (pid !== null && !endedByServer) {
        const stop = this.#session.stop(pid).catch(() => undefined);
        if (!aborted) await stop;
      }
    }
  }

  /**
   * Runs the pipeline and returns its output; the other streams land in `streams`. A failed pipeline rejects with
   * PipelineFailedError whose `output` holds what arrived before the failure.
   */
  async invoke(options: InvokeOptions = {}): Promise<ClientValue[]> {
    return collectOutput(this.stream(options));
  }

  /** Stops the running invocation; resolves when the server reports it Stopped (the pool stays usable). */
  async stop(signal?: AbortSignal): Promise<void> {
    const running = this.#running;
    if (running?.pid) await this.#session.stop(running.pid, signal);
  }

  #add(command: string, isScript: boolean, useLocalScope: boolean | undefined): this {
    if (typeof command !== 'string' || command.length === 0) throw new PsrpArgumentError(`${isScript ? 'A script' : 'A command name'} must be a non-empty string`);
    this.#current().push({ command, isScript, useLocalScope: useLocalScope ?? null, parameters: [], mergeToOutput: [] });
    return this;
  }

  #current(): CommandDraft[] {
    return this.#statements[this.#statements.length - 1]!;
  }

  #lastCommand(method: string): CommandDraft {
    const command = this.#current().at(-1);
    if (!command) throw new PsrpInvalidStateError(method, 'without a command', [], 'Call addCommand or addScript first');
    return command;
  }
}

