/**
 * `psrp enter TARGET`: an interactive session, as Enter-PSSession. Each line typed runs in the same runspace
 * (state persists), piped to the remote Out-Default with its error records merged (as Enter-PSSession does),
 * so that the remote PowerShell formats everything through the terminal host as its own console would. The
 * prompt is the remote `prompt` function's, after `[computer]: `. Ctrl+C stops the running command and keeps the
 * session; `exit` or Ctrl+D leaves.
 */
import { PipelineFailedError, PipelineStoppedError, PsrpAbortedError, RunspacePool, type PowerShell, type ProgressRecord } from '@psrp/client';
import { CliUsageError } from './cli-usage-error.js';
import type { CliIO } from './cli-io.js';
import type { EnterCommand } from './command-line.js';
import { resolveTargetSpecs, toCliTarget } from './connect-target.js';
import { resolveCredentials } from './credentials.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { failureText } from './failure-text.js';
import { ConsoleWriter } from './output/console-writer.js';
import { RecordPrinter } from './output/record-printer.js';
import { colorWanted, createStyle } from './output/terminal-style.js';
import { createTerminalHost } from './session/terminal-host.js';
import { QuestionCancelled, TerminalSession } from './session/terminal-session.js';
import packageJson from '../package.json' with { type: 'json' };

const EXIT_PATTERN = /^\s*exit\s*$/i;
const FALLBACK_PROMPT = 'PS> ';

export async function runEnter(command: EnterCommand, io: CliIO): Promise<ExitCode> {
  const specs = await resolveTargetSpecs(command.connection);
  if (specs.length !== 1) throw new CliUsageError(`enter takes one target, not ${specs.length}`);
  const spec = specs[0]!;
  const credentials = await resolveCredentials(specs, command.connection, io);
  const style = createStyle(colorWanted(io.stdout, io.env, command.noColor));
  const console = new ConsoleWriter(io, { progress: true });
  const printer = new RecordPrinter(console, style, { showComputerName: false });
  const session = new TerminalSession(io);
  const progress = (record: ProgressRecord) => void printer.print(spec.computerName, { stream: 'progress', record });
  const host = createTerminalHost({
    version: hostVersion(packageJson.version),
    session,
    console,
    style,
    columns: () => io.stdout.columns ?? 120,
    rows: () => (io.stdout as { rows?: number }).rows ?? 50,
    onProgress: (_sourceId, record) => progress(record),
  });

  const opening = new AbortController();
  session.onInterrupt = () => opening.abort(new Error('Interrupted'));
  let pool: RunspacePool;
  try {
    const target = toCliTarget(spec, command.connection, credentials);
    pool = await RunspacePool.open(await target.connect(), { host, signal: opening.signal });
  } catch (error) {
    session.close();
    io.stderr.write(`${style.error(`psrp: cannot connect to ${spec.computerName}: ${failureText(error)}`)}\n`);
    return error instanceof PsrpAbortedError ? ExitCode.Interrupted : ExitCode.Unreachable;
  }

  let code: ExitCode = ExitCode.Success;
  let running: PowerShell | null = null;
  session.onInterrupt = () => {
    if (session.cancelQuestion()) void running?.stop().catch(() => undefined);
    else if (running) void running.stop().catch(() => undefined);
    else {
      io.stdout.write('^C\n');
      session.clearLine();
    }
  };
  try {
    for (;;) {
      const prompt = `${style.enabled ? style.bold(`[${spec.computerName}]`) : `[${spec.computerName}]`}: ${await remotePrompt(pool)}`;
      const line = await session.readCommand(prompt).catch((error: unknown) => {
        if (error instanceof QuestionCancelled) return '';
        throw error;
      });
      if (line === null || EXIT_PATTERN.test(line)) break;
      if (line.trim() === '') continue;
      running = pool.createPowerShell().addScript(line).mergeToOutput(['error']).addCommand('Out-Default');
      try {
        for await (const event of running.stream({ addToHistory: true })) {
          if (event.stream === 'output') await console.out(`${String(event.value)}\n`);
          // With a host, the server shows warning, verbose, debug and Write-Host text through it (the records
          // come as well, for $WarningVariable and the like): only progress and errors are left to print here.
          else if (event.stream === 'progress' || event.stream === 'error') await printer.print(spec.computerName, event);
        }
      } catch (error) {
        if (error instanceof PipelineStoppedError) await console.err('\n');
        else if (error instanceof PipelineFailedError) await printer.failure(spec.computerName, failureText(error));
        else throw error;
      } finally {
        running = null;
        console.clearProgress();
      }
      if (pool.state === 'Broken') throw pool.failure ?? new Error('The session broke');
    }
  } catch (error) {
    await printer.failure(spec.computerName, `psrp: the session ended: ${failureText(error)}`);
    code = exitCodeOf(error, 'invoke') === ExitCode.ScriptFailed ? ExitCode.Unreachable : exitCodeOf(error, 'invoke');
  } finally {
    session.close();
    await pool.close().catch((error: unknown) => {
      if (code === ExitCode.Success) io.stderr.write(`${style.warning(`psrp: closing the session failed: ${failureText(error)}`)}\n`);
    });
  }
  return code;
}

/** The remote `prompt` function's text, as Enter-PSSession shows it. */
async function remotePrompt(pool: RunspacePool): Promise<string> {
  try {
    const [text] = await pool.createPowerShell().addCommand('prompt').invoke({ signal: AbortSignal.timeout(10_000) });
    return typeof text === 'string' && text !== '' ? text : FALLBACK_PROMPT;
  } catch {
    return FALLBACK_PROMPT;
  }
}

/** A .NET version (`major.minor.build.revision`) from the package's semver. */
function hostVersion(version: string): string {
  const [major = '0', minor = '0', patch = '0'] = version.split(/[.+-]/);
  return `${major}.${minor}.${patch}`;
}
