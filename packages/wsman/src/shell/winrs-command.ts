/**
 * @module shell/winrs-command
 * Running a Windows command over WinRS (the cmd shell, MS-WSMV 3.1.4.5.2 Custom Remote Shell), as `winrs -r:host
 * ipconfig /all` and pypsrp's execute_cmd do: create a shell, start the command, send its stdin, receive stdout and
 * stderr until the command is Done (a w:TimedOut Receive is simply sent again), then close the command with the
 * terminate signal (what WSManCloseCommand sends) and delete the shell.
 *
 * @example
 * const { stdout, exitCode } = await runCommand(client, 'ipconfig', ['/all']);
 * for await (const chunk of streamCommand(client, 'ping', ['-n', '3', '127.0.0.1'])) if (chunk.type === 'stdout') process.stdout.write(chunk.data);
 */
import { RESOURCE_URI_CMD } from '../actions.js';
import { WSManAbortError } from '../errors.js';
import { SIGNAL_CTRL_C, SIGNAL_TERMINATE } from '../signals.js';
import type { WSManClient } from '../wsman-client.js';
import type { WSManShell } from './wsman-shell.js';

/** Room for the SOAP headers around a Send (what Windows clients assume), before base64's 4/3 growth is taken off. */
const SEND_ENVELOPE_OVERHEAD_BYTES = 2048;
const CMD_INPUT_STREAMS = ['stdin'];
const CMD_OUTPUT_STREAMS = ['stdout', 'stderr'];
/** Windows code page numbers whose WHATWG encoding label TextDecoder knows. */
const CODEPAGE_LABELS: Readonly<Record<number, string>> = {
  65001: 'utf-8',
  866: 'ibm866',
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  1200: 'utf-16le',
  1250: 'windows-1250',
  1251: 'windows-1251',
  1252: 'windows-1252',
  1253: 'windows-1253',
  1254: 'windows-1254',
  1255: 'windows-1255',
  1256: 'windows-1256',
  1257: 'windows-1257',
  1258: 'windows-1258',
  20866: 'koi8-r',
  28591: 'iso-8859-1',
  28605: 'iso-8859-15',
};

export type WinRSInput = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface WinRSCommandOptions {
  /** Written to the command's stdin, then stdin is closed; strings are sent as UTF-8. Default: no input. */
  stdin?: WinRSInput;
  /** The console code page of the shell (WINRS_CODEPAGE), e.g. 65001 for UTF-8. Default: the server's OEM page. */
  codepage?: number;
  /** How stdout and stderr bytes become text: a TextDecoder label. Default: the code page's, else UTF-8. */
  encoding?: string;
  /** Runs the executable directly instead of through cmd.exe /c (WINRS_SKIP_CMD_SHELL). Default false. */
  skipCmdShell?: boolean;
  /** Does not load the user profile (WINRS_NOPROFILE). Default false. */
  noProfile?: boolean;
  environment?: Record<string, string>;
  workingDirectory?: string;
  idleTimeoutSeconds?: number;
  /** Runs in this open cmd shell instead of a new one (which is then left open). */
  shell?: WSManShell;
  /** Stops the command (Ctrl+C, then terminate) and deletes the shell; the call rejects with WSManAbortError. */
  signal?: AbortSignal;
}

export type WinRSChunk =
  | { type: 'stdout' | 'stderr'; data: Uint8Array }
  /** Always last: the process exit code the server reported (null when it reported none). */
  | { type: 'exit'; exitCode: number | null };

export interface WinRSResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  stdoutBytes: Uint8Array;
  stderrBytes: Uint8Array;
}

function decodeBase64(text: string): Uint8Array {
  const binary = globalThis.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let offset = 0; offset < bytes.length; offset += step) binary += String.fromCharCode(...bytes.subarray(offset, offset + step));
  return globalThis.btoa(binary);
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** The largest stdin chunk whose base64 fits one Send envelope of the client's MaxEnvelopeSize. */
export function stdinChunkBytes(maxEnvelopeSize: number): number {
  return Math.max(1, Math.floor(((maxEnvelopeSize - SEND_ENVELOPE_OVERHEAD_BYTES) / 4) * 3));
}

async function* inputChunks(input: WinRSInput, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const parts: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> =
    typeof input === 'string' || input instanceof Uint8Array ? [input] : input;
  for await (const part of parts) {
    const bytes = typeof part === 'string' ? encoder.encode(part) : part;
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) yield bytes.subarray(offset, offset + chunkBytes);
  }
}

/** Sends all of `input` on stdin; the last Send carries End="true" (one empty Send when there was no input). */
async function sendStdin(shell: WSManShell, commandId: string, input: WinRSInput, chunkBytes: number, signal: AbortSignal | undefined): Promise<void> {
  let pending: Uint8Array | null = null;
  for await (const chunk of inputChunks(input, chunkBytes)) {
    if (pending !== null) await shell.send({ commandId, stream: 'stdin', data: encodeBase64(pending), ...(signal ? { signal } : {}) });
    pending = chunk;
  }
  await shell.send({ commandId, stream: 'stdin', data: encodeBase64(pending ?? new Uint8Array(0)), end: true, ...(signal ? { signal } : {}) });
}

function isAsync(input: WinRSInput): input is AsyncIterable<string | Uint8Array> {
  return typeof input === 'object' && input !== null && Symbol.asyncIterator in input;
}

/**
 * Runs a command and yields its stdout and stderr as they arrive, then its exit code. Leaving the loop early stops
 * the command. The shell is created for the command and deleted after it, unless `options.shell` is given.
 */
export async function* streamCommand(
  client: WSManClient,
  command: string,
  args: readonly string[] = [],
  options: WinRSCommandOptions = {},
): AsyncGenerator<WinRSChunk, void, undefined> {
  const { signal } = options;
  if (signal?.aborted) throw new WSManAbortError('Command', { cause: signal.reason });
  const withSignal = signal ? { signal } : {};
  const shellOptions: Record<string, string> = {};
  if (options.codepage !== undefined) shellOptions.WINRS_CODEPAGE = String(options.codepage);
  if (options.noProfile === true) shellOptions.WINRS_NOPROFILE = 'TRUE';
  const ownShell = options.shell === undefined;
  const shell =
    options.shell ??
    (await client.createShell({
      resourceUri: RESOURCE_URI_CMD,
      inputStreams: CMD_INPUT_STREAMS,
      outputStreams: CMD_OUTPUT_STREAMS,
      ...(Object.keys(shellOptions).length > 0 ? { options: shellOptions } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
      ...(options.workingDirectory !== undefined ? { workingDirectory: options.workingDirectory } : {}),
      ...(options.idleTimeoutSeconds !== undefined ? { idleTimeoutSeconds: options.idleTimeoutSeconds } : {}),
      ...withSignal,
    }));
  let commandId: string | null = null;
  let done = false;
  try {
    commandId = await shell.command({
      commandLine: command,
      arguments: [...args],
      options: { WINRS_SKIP_CMD_SHELL: options.skipCmdShell === true ? 'True' : 'False' },
      ...withSignal,
    });
    const chunkBytes = stdinChunkBytes(client.maxEnvelopeSize);
    let input: Promise<void> = Promise.resolve();
    if (options.stdin !== undefined) {
      // A fixed input goes out before the first Receive, as Windows clients send it; a stream is fed alongside.
      if (isAsync(options.stdin)) {
        input = sendStdin(shell, commandId, options.stdin, chunkBytes, signal);
        input.catch(() => undefined);
      } else {
        await sendStdin(shell, commandId, options.stdin, chunkBytes, signal);
      }
    }
    while (!done) {
      const result = await shell.receive({ commandId, streams: CMD_OUTPUT_STREAMS, ...withSignal });
      for (const stream of result.streams) {
        if (stream.data.length === 0) continue;
        yield { type: stream.name === 'stderr' ? 'stderr' : 'stdout', data: decodeBase64(stream.data) };
      }
      if (result.commandState?.state === 'Done') {
        done = true;
        await input;
        yield { type: 'exit', exitCode: result.commandState.exitCode };
      }
    }
  } finally {
    await closeCommand(shell, commandId, done, ownShell);
  }
}

/** Ends the command as WinRM's client does (Ctrl+C first when it is still running), then deletes an own shell. */
async function closeCommand(shell: WSManShell, commandId: string | null, done: boolean, ownShell: boolean): Promise<void> {
  try {
    if (commandId !== null) {
      if (!done) await shell.signal({ commandId, code: SIGNAL_CTRL_C }).catch(() => undefined);
      await shell.signal({ commandId, code: SIGNAL_TERMINATE }).catch(() => undefined);
    }
  } finally {
    if (ownShell) await shell.delete().catch(() => undefined);
  }
}

/** The TextDecoder label for a code page, when TextDecoder supports it. */
export function codepageEncoding(codepage: number): string | undefined {
  return CODEPAGE_LABELS[codepage];
}

/**
 * Runs a command to its end and returns its output as text and bytes, with its exit code.
 * @throws {WSManFaultError} when the server refuses the shell or the command (e.g. an unknown executable with
 * skipCmdShell); {WSManAbortError} when the signal fires.
 */
export async function runCommand(
  client: WSManClient,
  command: string,
  args: readonly string[] = [],
  options: WinRSCommandOptions = {},
): Promise<WinRSResult> {
  const stdout: Uint8Array[] = [];
  const stderr: Uint8Array[] = [];
  let exitCode: number | null = null;
  for await (const chunk of streamCommand(client, command, args, options)) {
    if (chunk.type === 'exit') exitCode = chunk.exitCode;
    else (chunk.type === 'stdout' ? stdout : stderr).push(chunk.data);
  }
  const label = options.encoding ?? (options.codepage === undefined ? undefined : codepageEncoding(options.codepage)) ?? 'utf-8';
  const decoder = new TextDecoder(label);
  const stdoutBytes = concat(stdout);
  const stderrBytes = concat(stderr);
  return { stdout: decoder.decode(stdoutBytes), stderr: decoder.decode(stderrBytes), exitCode, stdoutBytes, stderrBytes };
}
