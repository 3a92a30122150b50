#!/usr/bin/env node
/**
 * @module psrp: the command line. `psrp invoke` runs a script on many targets at once, `psrp enter` is an
 * interactive session, `psrp copy` and `psrp fetch` move files; `psrp --help` says more. Exit codes are in
 * exit-codes.ts and README.md.
 */
import { CliUsageError } from './cli-usage-error.js';
import { processIO, type CliIO } from './cli-io.js';
import { commandOf, parseCommandLine, type CliCommand } from './command-line.js';
import { ExitCode, type ExitCode as ExitCodeValue } from './exit-codes.js';
import { failureText } from './failure-text.js';
import { SecretPromptCancelled } from './secret-prompt.js';
import { usageOf } from './usage.js';
import packageJson from '../package.json' with { type: 'json' };

async function dispatch(command: CliCommand, io: CliIO, signal: AbortSignal): Promise<ExitCodeValue> {
  switch (command.command) {
    case 'help':
      io.stdout.write(`${usageOf(command.topic)}\n`);
      return ExitCode.Success;
    case 'version':
      io.stdout.write(`psrp ${packageJson.version}\n`);
      return ExitCode.Success;
    case 'invoke':
      return (await import('./invoke-command.js')).runInvoke(command, io, signal);
    case 'enter':
      return (await import('./enter-command.js')).runEnter(command, io);
    case 'copy':
    case 'fetch':
      return (await import('./file-transfer.js')).runTransfer(command, io, signal);
  }
}

async function main(): Promise<ExitCodeValue> {
  const io = processIO();
  const controller = new AbortController();
  let command: CliCommand;
  try {
    command = parseCommandLine(process.argv.slice(2), { stdinIsTerminal: process.stdin.isTTY === true });
  } catch (error) {
    return usageFailure(error, io, commandOf(process.argv.slice(2)));
  }
  if (command.command !== 'enter') {
    // The first Ctrl+C stops the pipelines and closes the sessions; a second one leaves at once.
    process.on('SIGINT', () => {
      if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
      controller.abort(new Error('Interrupted'));
    });
  }
  try {
    return await dispatch(command, io, controller.signal);
  } catch (error) {
    if (error instanceof CliUsageError) return usageFailure(error, io, command.command === 'help' || command.command === 'version' ? null : command.command);
    if (error instanceof SecretPromptCancelled) {
      io.stderr.write(`psrp: ${error.message}\n`);
      return ExitCode.Interrupted;
    }
    io.stderr.write(`psrp: ${failureText(error)}\n`);
    return ExitCode.Unreachable;
  }
}

function usageFailure(error: unknown, io: CliIO, topic: Parameters<typeof usageOf>[0]): ExitCodeValue {
  if (!(error instanceof CliUsageError)) throw error;
  io.stderr.write(`psrp: ${error.message}\n${topic ? `(psrp ${topic} --help shows the options)` : '(psrp --help shows the commands)'}\n`);
  return ExitCode.Usage;
}

process.exitCode = await main();
// A terminal's stdin that was read (a password prompt, the session's readline) keeps Node alive: let it go.
if (process.stdin.isTTY) process.stdin.destroy();
