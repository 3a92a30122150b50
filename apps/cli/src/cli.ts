#!/usr/bin/env node
/**
 * @module psrp: the command line. Runs a script on a remote (or local) PowerShell and prints the output objects
 * to stdout and the other streams to stderr, each line prefixed with its stream's name.
 */
import { PsrpError } from '@psrp/client';
import { CliUsageError, USAGE, parseCliArguments, type RunCommand } from './cli-arguments.js';
import { openTarget } from './open-target.js';
import { formatJsonLine, formatValue } from './print-value.js';

async function run(command: RunCommand, signal: AbortSignal): Promise<number> {
  const pool = await openTarget(command.target, signal);
  let failed = false;
  try {
    for await (const event of pool.createPowerShell().addScript(command.script).stream({ signal })) {
      switch (event.stream) {
        case 'output':
          process.stdout.write(`${command.json ? formatJsonLine(event.value) : formatValue(event.value)}\n`);
          break;
        case 'error':
          failed = true;
          process.stderr.write(`ERROR: ${event.record.message}\n`);
          break;
        case 'progress':
          process.stderr.write(`PROGRESS: ${event.record.activity} ${event.record.percentComplete}%\n`);
          break;
        default:
          process.stderr.write(`${event.stream.toUpperCase()}: ${String(event.record)}\n`);
      }
    }
  } finally {
    await pool.close();
  }
  return failed ? 1 : 0;
}

async function main(): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new Error('Interrupted')));
  try {
    const command = parseCliArguments(process.argv.slice(2), process.env);
    if (command.command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return await run(command, controller.signal);
  } catch (error) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    const code = error instanceof PsrpError ? ` [${error.code}]` : '';
    process.stderr.write(`psrp: ${(error as Error).message}${code}\n`);
    return 1;
  }
}

process.exitCode = await main();
