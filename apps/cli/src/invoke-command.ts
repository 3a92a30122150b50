/**
 * `psrp invoke`: one script on every target through @psrp/client's invokeOnMany, at most --throttle at a time.
 * Output goes to stdout as it arrives (a view for people, or JSON / CLIXML for programs), every other record to
 * stderr, each tagged with its computer; a target that fails is reported at once and in the summary, and the exit
 * code is the worst outcome of all targets.
 */
import { readFile } from 'node:fs/promises';
import { invokeOnMany, PsrpAbortedError, type PipelineEvent, type RunspacePool } from '@psrp/client';
import type { PSObject } from '@psrp/clixml';
import { CliUsageError } from './cli-usage-error.js';
import type { CliIO } from './cli-io.js';
import type { InvokeCommand, ScriptSource } from './command-line.js';
import { resolveTargetSpecs, toCliTarget, type CliTarget } from './connect-target.js';
import { resolveCredentials } from './credentials.js';
import { ExitCode, exitCodeOf, worstExitCode } from './exit-codes.js';
import { failureText } from './failure-text.js';
import { ClixmlOutput } from './output/clixml-output.js';
import { ConsoleWriter } from './output/console-writer.js';
import { DisplayPropertyCatalog, TYPE_DATA_SCRIPT } from './output/display-properties.js';
import { JsonOutput } from './output/json-output.js';
import { ObjectView } from './output/object-view.js';
import { RecordPrinter } from './output/record-printer.js';
import { colorWanted, createStyle, type TerminalStyle } from './output/terminal-style.js';
import { isPropertyBag } from './output/value-text.js';

/** How long the server may take to say which properties a type shows (a second runspace may have to start). */
const TYPE_DATA_TIMEOUT_MS = 15_000;

interface OutputSink {
  write(computerName: string, value: unknown): Promise<void> | void;
  end(): Promise<void> | void;
}

interface Outcome {
  readonly computerName: string;
  code: ExitCode;
  detail: string | null;
}

export async function runInvoke(command: InvokeCommand, io: CliIO, signal: AbortSignal): Promise<ExitCode> {
  const script = await readScript(command.script, io);
  const specs = await resolveTargetSpecs(command.connection);
  const credentials = await resolveCredentials(specs, command.connection, io);
  const style = createStyle(colorWanted(io.stderr, io.env, command.noColor));
  const console = new ConsoleWriter(io, { progress: true });
  const several = specs.length > 1;
  const human = command.output === 'human';
  const printer = new RecordPrinter(console, style, { showComputerName: several });
  const catalog = human ? new DisplayPropertyCatalog() : null;
  const output: OutputSink = human
    ? new ObjectView(console, { showComputerName: several && !command.hideComputerName, displayProperties: (object) => catalog!.lookup(object) })
    : command.output === 'clixml'
      ? new ClixmlOutput(console, { showComputerName: !command.hideComputerName })
      : new JsonOutput(console, { lines: command.output === 'ndjson', showComputerName: !command.hideComputerName });
  const targets = specs.map((spec) => toCliTarget(spec, command.connection, credentials));
  const outcomes = new Map<CliTarget, Outcome>();

  const work = async function* (pool: RunspacePool, context: { readonly signal: AbortSignal }): AsyncGenerator<PipelineEvent> {
    const ps = pool.createPowerShell().addScript(script);
    for (const argument of command.args) ps.addArgument(argument);
    let widened: Promise<boolean> | null = null;
    for await (const event of ps.stream({ signal: context.signal })) {
      if (catalog && event.stream === 'output' && isPropertyBag(event.value)) {
        await catalog.learn(event.value as PSObject, async (typeName) => {
          // A second runspace answers while the script runs on the first; asked for only when a type needs it.
          widened ??= pool.setMaxRunspaces(2, context.signal).catch(() => false);
          return (await widened) ? queryTypeData(pool, typeName, context.signal) : null;
        });
      }
      yield event;
    }
  };

  let interrupted = false;
  try {
    for await (const event of invokeOnMany(targets, work, { throttle: command.throttle, signal })) {
      const outcome = outcomes.get(event.target) ?? { computerName: event.computerName, code: ExitCode.Success, detail: null };
      outcomes.set(event.target, outcome);
      switch (event.kind) {
        case 'result': {
          const record = event.value;
          if (record.stream === 'output') await output.write(event.computerName, record.value);
          else {
            if (record.stream === 'error' && outcome.code === ExitCode.Success) {
              outcome.code = ExitCode.ScriptFailed;
              outcome.detail = 'wrote to the error stream';
            }
            await printer.print(event.computerName, record);
          }
          break;
        }
        case 'completed':
          break;
        case 'failed': {
          if (event.stage === 'close') {
            await printer.note(event.computerName, `closing the session failed: ${failureText(event.error)}`);
            break;
          }
          const text = failureText(event.error);
          outcome.code = exitCodeOf(event.error, event.stage);
          outcome.detail = event.stage === 'open' ? `could not connect: ${text}` : text;
          if (outcome.code !== ExitCode.Interrupted) await printer.failure(event.computerName, outcome.detail);
          if (event.closeError !== null) await printer.note(event.computerName, `closing the session failed too: ${failureText(event.closeError)}`);
          break;
        }
      }
    }
  } catch (error) {
    if (!(error instanceof PsrpAbortedError)) throw error;
    interrupted = true;
  } finally {
    console.clearProgress();
    await output.end();
  }
  const codes = [...outcomes.values()].map((outcome) => outcome.code);
  if (interrupted) codes.push(ExitCode.Interrupted);
  if (several || interrupted) await writeSummary(console, style, specs.length, [...outcomes.values()], interrupted);
  return worstExitCode(codes);
}

async function readScript(source: ScriptSource, io: CliIO): Promise<string> {
  let text: string;
  switch (source.kind) {
    case 'text':
      return source.text;
    case 'file':
      try {
        text = await readFile(source.path, 'utf8');
      } catch (error) {
        throw new CliUsageError(`Cannot read the script file ${source.path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      break;
    case 'stdin': {
      const chunks: Buffer[] = [];
      for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      text = Buffer.concat(chunks).toString('utf8');
      break;
    }
  }
  // A byte order mark is not script text.
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new CliUsageError(source.kind === 'file' ? `The script file ${source.path} is empty` : 'The script from stdin is empty');
  return text;
}

async function queryTypeData(pool: RunspacePool, typeName: string, signal: AbortSignal): Promise<string[] | null> {
  const output = await pool
    .createPowerShell()
    .addScript(TYPE_DATA_SCRIPT)
    .addArgument(typeName)
    .invoke({ signal: AbortSignal.any([signal, AbortSignal.timeout(TYPE_DATA_TIMEOUT_MS)]) });
  const names = output.filter((item): item is string => typeof item === 'string');
  return names.length > 0 ? names : null;
}

async function writeSummary(console: ConsoleWriter, style: TerminalStyle, total: number, outcomes: readonly Outcome[], interrupted: boolean): Promise<void> {
  const failed = outcomes.filter((outcome) => outcome.code !== ExitCode.Success && outcome.code !== ExitCode.ScriptFailed && outcome.code !== ExitCode.Interrupted);
  const scriptFailed = outcomes.filter((outcome) => outcome.code === ExitCode.ScriptFailed);
  const succeeded = outcomes.filter((outcome) => outcome.code === ExitCode.Success).length;
  const notRun = total - outcomes.length + outcomes.filter((outcome) => outcome.code === ExitCode.Interrupted).length;
  const parts = [`${succeeded} succeeded`];
  if (scriptFailed.length > 0) parts.push(`${scriptFailed.length} with script errors`);
  if (failed.length > 0) parts.push(`${failed.length} unreachable`);
  if (interrupted && notRun > 0) parts.push(`${notRun} interrupted or not started`);
  let text = `psrp: ${total} target${total === 1 ? '' : 's'}: ${parts.join(', ')}\n`;
  for (const outcome of [...failed, ...scriptFailed]) text += `  ${outcome.computerName}: ${outcome.detail ?? 'failed'}\n`;
  const clean = failed.length === 0 && scriptFailed.length === 0 && !interrupted;
  await console.err(clean ? style.dim(text.trimEnd()) + '\n' : text.split('\n').map((line) => (line ? style.error(line) : line)).join('\n'));
}
