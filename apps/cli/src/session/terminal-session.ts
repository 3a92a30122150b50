/**
 * The terminal of `psrp enter`: one node:readline interface over stdin for the whole session (line editing,
 * history with the arrow keys), used for the command prompt and for every question the remote host asks. A secret
 * is read with the echo off; answers to the host's questions never enter the command history. Ctrl+C goes to one
 * handler, which decides what it means (cancel the line, stop the command, cancel a question). Lines that come while
 * nothing is asked (typed ahead while connecting or while a command runs, or piped in) wait for the next question,
 * in order, and are answered before the end of input is.
 */
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import type { CliIO } from '../cli-io.js';

export class QuestionCancelled extends Error {
  override readonly name = 'QuestionCancelled';
  readonly code = 'PSRP_CLI_QUESTION_CANCELLED';
}

const HISTORY_SIZE = 1000;

export class TerminalSession {
  readonly #io: CliIO;
  readonly #readline: Interface;
  #muted = false;
  #closed = false;
  /** Lines read while no question was pending, oldest first. */
  readonly #typedAhead: string[] = [];
  #asking: AbortController | null = null;
  #onInterrupt: () => void = () => undefined;

  constructor(io: CliIO) {
    this.#io = io;
    // Everything readline echoes passes here, so that a secret's keys can be kept off the screen.
    const output = new Writable({
      write: (chunk: Buffer | string, _encoding, callback) => {
        if (!this.#muted) io.stdout.write(chunk);
        callback();
      },
    });
    Object.defineProperty(output, 'columns', { get: () => io.stdout.columns ?? 80 });
    Object.defineProperty(output, 'isTTY', { get: () => io.stdout.isTTY === true });
    const terminal = io.stdin.isTTY === true && io.stdout.isTTY === true;
    this.#readline = createInterface({ input: io.stdin, output, terminal, historySize: HISTORY_SIZE, removeHistoryDuplicates: true });
    if (terminal && typeof io.stdout.on === 'function') io.stdout.on('resize', () => output.emit('resize'));
    this.#readline.on('SIGINT', () => this.#onInterrupt());
    // readline hands a line to a pending question itself; a line it emits found none.
    this.#readline.on('line', (line) => this.#typedAhead.push(line));
    this.#readline.on('close', () => {
      this.#closed = true;
      this.#asking?.abort(new QuestionCancelled('End of input'));
    });
  }

  get isTerminal(): boolean {
    return this.#io.stdin.isTTY === true && this.#io.stdout.isTTY === true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** What Ctrl+C does now. */
  set onInterrupt(handler: () => void) {
    this.#onInterrupt = handler;
  }

  /** A command line; null at the end of input (Ctrl+D, or stdin ended). */
  async readCommand(prompt: string): Promise<string | null> {
    try {
      return await this.#ask(prompt, false);
    } catch (error) {
      if (error instanceof QuestionCancelled && this.#closed) return null;
      throw error;
    }
  }

  /** A host question's answer; `secret`: the echo is off. Not kept in the history. */
  async question(prompt: string, options: { readonly secret?: boolean } = {}): Promise<string> {
    const answer = await this.#ask(prompt, options.secret === true);
    const history = (this.#readline as unknown as { history?: string[] }).history;
    if (history && answer !== '' && history[0] === answer) history.shift();
    return answer;
  }

  /** Cancels the question being asked, if any (its promise rejects with QuestionCancelled). */
  cancelQuestion(): boolean {
    if (!this.#asking) return false;
    this.#asking.abort(new QuestionCancelled('Cancelled'));
    return true;
  }

  /** Clears the line being typed (Ctrl+C at the prompt). */
  clearLine(): void {
    this.#readline.write(null, { ctrl: true, name: 'u' });
  }

  close(): void {
    this.#readline.close();
  }

  async #ask(prompt: string, secret: boolean): Promise<string> {
    const typed = this.#typedAhead.shift();
    if (typed !== undefined) {
      // The prompt is shown as if the line had been typed at it, which keeps a transcript readable.
      this.#io.stdout.write(`${prompt}${secret ? '' : typed}\n`);
      return typed;
    }
    if (this.#closed) throw new QuestionCancelled('End of input');
    const controller = new AbortController();
    this.#asking = controller;
    try {
      return await new Promise<string>((resolve, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
        this.#readline.question(prompt, { signal: controller.signal }, (answer) => resolve(answer));
        // The prompt is out: from here until the answer, keys are not echoed.
        if (secret) this.#muted = true;
      });
    } finally {
      if (secret) {
        this.#muted = false;
        this.#io.stdout.write('\n');
      }
      if (this.#asking === controller) this.#asking = null;
    }
  }
}
