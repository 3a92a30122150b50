/**
 * Reads a secret from the terminal without echo: raw mode, one key at a time, nothing written back but the line
 * break at the end. Backspace edits; Ctrl+C rejects with SecretPromptCancelled; Ctrl+D on an empty line too.
 */
import type { Readable, Writable } from 'node:stream';

export class SecretPromptCancelled extends Error {
  override readonly name = 'SecretPromptCancelled';
  readonly code = 'PSRP_CLI_PROMPT_CANCELLED';
}

export interface TerminalInput extends Readable {
  readonly isTTY?: boolean;
  readonly isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export function readSecret(prompt: string, input: TerminalInput, output: Writable): Promise<string> {
  if (input.isTTY !== true || typeof input.setRawMode !== 'function') {
    return Promise.reject(new SecretPromptCancelled('A secret can only be typed on a terminal'));
  }
  output.write(prompt);
  const wasRaw = input.isRaw === true;
  const wasPaused = input.isPaused();
  input.setRawMode(true);
  input.resume();
  return new Promise<string>((resolve, reject) => {
    let value = '';
    let escape = false;
    const finish = (): void => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw);
      if (wasPaused) input.pause();
      output.write('\n');
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (escape) {
          // The rest of an escape sequence (arrow keys...): letters and ~ end it.
          if (/[A-Za-z~]/.test(char)) escape = false;
          continue;
        }
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003' || (char === '\u0004' && value === '')) {
          finish();
          reject(new SecretPromptCancelled('Cancelled'));
          return;
        }
        if (char === '\u001b') escape = true;
        else if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char === '\u0015') value = '';
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}
