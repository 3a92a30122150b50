/**
 * The one place the CLI writes to stdout and stderr. On a terminal it keeps a progress area (Write-Progress bars)
 * under everything else: the area is wiped before any other text is written and drawn again after, so output,
 * records and bars never overwrite each other. Off a terminal there is no progress area at all.
 */
import type { Writable } from 'node:stream';
import { renderProgressLines, type ProgressEntry } from './progress-bar.js';

const CLEAR_LINE = '\r\u001b[2K';
const CURSOR_UP = '\u001b[1A';
/** At most this many bars are shown; more nested activities are summed up in the last line. */
const MAX_PROGRESS_LINES = 4;
/** Redraws closer together than this are skipped (a tight Write-Progress loop sends thousands). */
const REDRAW_INTERVAL_MS = 50;

export interface ConsoleStreams {
  readonly stdout: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: Writable & { readonly isTTY?: boolean; readonly columns?: number };
}

export class ConsoleWriter {
  readonly #streams: ConsoleStreams;
  /** Whether progress bars are drawn: stderr is a terminal (and the caller did not turn them off). */
  readonly progressEnabled: boolean;
  readonly #progress = new Map<string, ProgressEntry>();
  #drawnLines = 0;
  #lastDraw = 0;
  #redrawTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(streams: ConsoleStreams, options: { readonly progress: boolean }) {
    this.#streams = streams;
    this.progressEnabled = options.progress && streams.stderr.isTTY === true;
  }

  /** The width text may use on stdout: the terminal's, or null when it is not a terminal. */
  get stdoutColumns(): number | null {
    return this.#streams.stdout.isTTY === true ? (this.#streams.stdout.columns ?? 80) : null;
  }

  get stdoutIsTerminal(): boolean {
    return this.#streams.stdout.isTTY === true;
  }

  get stderrIsTerminal(): boolean {
    return this.#streams.stderr.isTTY === true;
  }

  /** Writes to stdout; resolves when the stream can take more (backpressure for large outputs). */
  out(text: string): Promise<void> | void {
    return this.#write(this.#streams.stdout, text);
  }

  err(text: string): Promise<void> | void {
    return this.#write(this.#streams.stderr, text);
  }

  /** Shows, updates or (with `completed`) removes one progress bar; `key` tells activities apart. */
  progress(key: string, entry: ProgressEntry | null): void {
    if (!this.progressEnabled) return;
    if (entry === null) this.#progress.delete(key);
    else this.#progress.set(key, entry);
    const now = Date.now();
    if (entry !== null && now - this.#lastDraw < REDRAW_INTERVAL_MS) {
      this.#redrawTimer ??= setTimeout(() => {
        this.#redrawTimer = null;
        this.#redraw();
      }, REDRAW_INTERVAL_MS);
      return;
    }
    this.#redraw();
  }

  /** Removes every bar (at the end of a command). */
  clearProgress(): void {
    if (this.#redrawTimer) clearTimeout(this.#redrawTimer);
    this.#redrawTimer = null;
    this.#progress.clear();
    if (this.#drawnLines > 0) this.#streams.stderr.write(this.#eraseArea());
    this.#drawnLines = 0;
  }

  #redraw(): void {
    this.#lastDraw = Date.now();
    const columns = this.#streams.stderr.columns ?? 80;
    const lines = renderProgressLines([...this.#progress.values()], columns - 1, MAX_PROGRESS_LINES);
    this.#streams.stderr.write(this.#eraseArea() + lines.join('\n'));
    this.#drawnLines = lines.length;
  }

  #eraseArea(): string {
    if (this.#drawnLines === 0) return '';
    return CLEAR_LINE + (CURSOR_UP + CLEAR_LINE).repeat(this.#drawnLines - 1);
  }

  #write(stream: Writable, text: string): Promise<void> | void {
    if (text === '') return;
    const area = this.#drawnLines > 0;
    if (area) this.#streams.stderr.write(this.#eraseArea());
    this.#drawnLines = 0;
    const ready = stream.write(text);
    if (area && this.#progress.size > 0) {
      // Text that does not end a line leaves the cursor mid-line: the bars go on the next one.
      if (!text.endsWith('\n')) this.#streams.stderr.write('\n');
      this.#redraw();
    }
    if (!ready) return new Promise((resolve) => stream.once('drain', () => resolve()));
  }
}
