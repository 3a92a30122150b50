/**
 * Every stream but output, for people, on stderr: errors in red (`Get-Item: Cannot find path ...`, as PowerShell's
 * concise view), `WARNING:`, `VERBOSE:` and `DEBUG:` lines in yellow, Write-Host and Write-Information text as the
 * text (Write-Host's colours on a terminal), Write-Progress as bars on a terminal and not at all elsewhere. With
 * several targets each line starts with `[computer] `.
 */
import type { ErrorRecord, PipelineEvent } from '@psrp/client';
import type { ConsoleWriter } from './console-writer.js';
import type { TerminalStyle } from './terminal-style.js';

export type RecordEvent = Exclude<PipelineEvent, { readonly stream: 'output' }>;

export class RecordPrinter {
  readonly #console: ConsoleWriter;
  readonly #style: TerminalStyle;
  readonly #showComputerName: boolean;

  constructor(console: ConsoleWriter, style: TerminalStyle, options: { readonly showComputerName: boolean }) {
    this.#console = console;
    this.#style = style;
    this.#showComputerName = options.showComputerName;
  }

  print(computerName: string, event: RecordEvent): Promise<void> | void {
    const prefix = this.#prefix(computerName);
    const style = this.#style;
    switch (event.stream) {
      case 'error':
        return this.#console.err(`${style.error(prefix + errorText(event.record))}\n`);
      case 'warning':
        return this.#console.err(`${style.warning(`${prefix}WARNING: ${event.record.message}`)}\n`);
      case 'verbose':
        return this.#console.err(`${style.verbose(`${prefix}VERBOSE: ${event.record.message}`)}\n`);
      case 'debug':
        return this.#console.err(`${style.debug(`${prefix}DEBUG: ${event.record.message}`)}\n`);
      case 'information': {
        const host = event.record.hostMessage;
        const text = host ? style.colors(event.record.text, host.foregroundColor, host.backgroundColor) : event.record.text;
        return this.#console.err(`${prefix}${text}${host?.noNewLine ? '' : '\n'}`);
      }
      case 'progress': {
        const record = event.record;
        const key = `${computerName}\u0000${record.activityId}`;
        if (record.recordType === 'Completed') this.#console.progress(key, null);
        else {
          this.#console.progress(key, {
            prefix,
            activity: record.activity,
            status: record.statusDescription,
            percentComplete: record.percentComplete,
            secondsRemaining: record.secondsRemaining,
          });
        }
        return;
      }
    }
  }

  /** A terminating error or a failure of the connection: one red line, the message only. */
  failure(computerName: string, message: string): Promise<void> | void {
    return this.#console.err(`${this.#style.error(this.#prefix(computerName) + message)}\n`);
  }

  /** A note that is not the script's (closing failed after success...). */
  note(computerName: string, message: string): Promise<void> | void {
    return this.#console.err(`${this.#style.warning(`${this.#prefix(computerName)}psrp: ${message}`)}\n`);
  }

  #prefix(computerName: string): string {
    return this.#showComputerName ? `[${computerName}] ` : '';
  }
}

/** PowerShell's concise view of an error: `Command: message` when a command wrote it, the message alone otherwise. */
export function errorText(record: ErrorRecord): string {
  const activity = record.categoryInfo.activity;
  return activity ? `${activity}: ${record.message}` : record.message;
}
