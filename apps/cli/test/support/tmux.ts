/**
 * A real terminal for the CLI's interactive tests: a detached tmux session of a fixed size, keys sent with
 * `send-keys`, the screen read with `capture-pane`. tmux is installed with apt-get when it is missing.
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
const POLL_MS = 100;
/** A tmux server of our own: the tests neither see nor disturb anyone else's sessions. */
const SOCKET = 'psrp-cli-tests';

function run(command: 'tmux', args: readonly string[]): Promise<{ stdout: string }> {
  return execFileAsync(command, ['-L', SOCKET, ...args]);
}

/** Installs tmux if this machine lacks it (Debian: apt-get). Throws when that is not possible. */
export function ensureTmux(): void {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return;
  } catch {
    // Not installed: try apt-get below.
  }
  execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tmux'], { stdio: 'ignore', timeout: 300_000 });
  execFileSync('tmux', ['-V'], { stdio: 'ignore' });
}

export class TmuxSession {
  private constructor(readonly name: string) {}

  /**
   * Starts `command` (a shell command line) in a new detached session with exactly `env` on top of a minimal one
   * (a running tmux server would otherwise hand its own environment to the session); the pane stays after the
   * command exits and shows `[exited CODE]`.
   */
  static async start(
    name: string,
    command: string,
    env: Readonly<Record<string, string>> = {},
    size: { width: number; height: number } = { width: 120, height: 40 },
  ): Promise<TmuxSession> {
    await run('tmux', ['kill-session', '-t', name]).catch(() => undefined);
    const assignments = Object.entries({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', TERM: 'xterm-256color', ...env })
      .map(([key, value]) => `${key}=${shellQuote(value)}`)
      .join(' ');
    await run('tmux', ['new-session', '-d', '-s', name, '-x', String(size.width), '-y', String(size.height), `env -i ${assignments} ${command}; echo "[exited $?]"; sleep 600`]);
    return new TmuxSession(name);
  }

  /** Types text literally (no key names), then Enter unless told otherwise. */
  async type(text: string, options: { enter?: boolean } = {}): Promise<void> {
    await run('tmux', ['send-keys', '-t', this.name, '-l', text]);
    if (options.enter !== false) await this.keys('Enter');
  }

  /** Sends tmux key names: `C-c`, `Enter`, `Up`... */
  async keys(...keys: string[]): Promise<void> {
    await run('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** The visible screen; with `escapes`, colours and attributes as escape sequences. */
  async screen(options: { escapes?: boolean } = {}): Promise<string> {
    const { stdout } = await run('tmux', ['capture-pane', '-p', ...(options.escapes ? ['-e'] : []), '-t', this.name]);
    return stdout;
  }

  /** Waits until the screen matches, and returns it; the error shows the last screen. */
  async waitFor(pattern: RegExp, timeoutMs = 30_000, options: { escapes?: boolean } = {}): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < deadline) {
      screen = await this.screen(options);
      if (pattern.test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`The screen never matched ${pattern} within ${timeoutMs} ms; it shows:\n${screen}`);
  }

  async kill(): Promise<void> {
    await run('tmux', ['kill-session', '-t', this.name]).catch(() => undefined);
  }
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
