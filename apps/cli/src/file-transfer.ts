/**
 * `psrp copy` and `psrp fetch`: a file streamed through a pipeline in base64 chunks, never held whole on either
 * side. Upload: the chunks are the pipeline's input, appended to `<path>.psrp-partial` by the remote script one at
 * a time. Download: the remote script reads the file chunk by chunk and outputs each as a string. Both sides hash
 * as they go (SHA256); the partial file becomes the real one only when the hashes match, so a failed or corrupted
 * transfer never leaves a half file under the destination's name.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { RunspacePool, type PipelineEvent } from '@psrp/client';
import { CliUsageError } from './cli-usage-error.js';
import type { CliIO } from './cli-io.js';
import type { TransferCommand } from './command-line.js';
import { resolveTargetSpecs, toCliTarget } from './connect-target.js';
import { resolveCredentials } from './credentials.js';
import { ExitCode, exitCodeOf } from './exit-codes.js';
import { failureText } from './failure-text.js';
import { ConsoleWriter } from './output/console-writer.js';
import { RecordPrinter } from './output/record-printer.js';
import { colorWanted, createStyle } from './output/terminal-style.js';

/** Raw bytes per chunk: 1.33 times that in base64 per pipeline object, well under any server's object limit. */
export const CHUNK_BYTES = 512 * 1024;
const PARTIAL_SUFFIX = '.psrp-partial';
const HASH_PREFIX = 'SHA256:';
const PROGRESS_KEY = 'transfer';

/** The remote path, absolute; a directory gets the file's name appended. */
const RESOLVE_SCRIPT = `param([string]$Path, [string]$Name)
$full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
if ([System.IO.Directory]::Exists($full)) { $full = [System.IO.Path]::Combine($full, $Name) }
$full`;

/** Appends each chunk to the partial file; at the end, the SHA256 of what is on disk. */
const UPLOAD_SCRIPT = `param([string]$Path)
begin {
  $ErrorActionPreference = 'Stop'
  $partial = $Path + '${PARTIAL_SUFFIX}'
  [System.IO.File]::WriteAllBytes($partial, [byte[]]::new(0))
}
process {
  $bytes = [System.Convert]::FromBase64String($_)
  $stream = [System.IO.File]::Open($partial, [System.IO.FileMode]::Append, [System.IO.FileAccess]::Write)
  try { $stream.Write($bytes, 0, $bytes.Length) } finally { $stream.Dispose() }
}
end {
  $stream = [System.IO.File]::OpenRead($partial)
  try { $hash = [System.Security.Cryptography.SHA256]::Create().ComputeHash($stream) } finally { $stream.Dispose() }
  '${HASH_PREFIX}' + [System.BitConverter]::ToString($hash).Replace('-', '')
}`;

const FINISH_UPLOAD_SCRIPT = `param([string]$Path, [bool]$Keep)
$partial = $Path + '${PARTIAL_SUFFIX}'
if ($Keep) { Move-Item -LiteralPath $partial -Destination $Path -Force -ErrorAction Stop }
else { Remove-Item -LiteralPath $partial -Force -ErrorAction SilentlyContinue }`;

/** The file's length, then its chunks as base64, then the SHA256 of what was sent. */
const DOWNLOAD_SCRIPT = `param([string]$Path, [int]$ChunkSize)
$ErrorActionPreference = 'Stop'
$full = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
# Said plainly: OpenRead's own errors are "Exception calling OpenRead ..." and, for a directory, "Access denied".
if ([System.IO.Directory]::Exists($full)) { throw "'$full' is a directory: fetch copies one file" }
if (-not [System.IO.File]::Exists($full)) { throw "Cannot find the file '$full' on the remote side" }
$stream = [System.IO.File]::OpenRead($full)
try {
  $hasher = [System.Security.Cryptography.SHA256]::Create()
  [long]$stream.Length
  $buffer = [byte[]]::new($ChunkSize)
  while (($read = $stream.Read($buffer, 0, $buffer.Length)) -gt 0) {
    $null = $hasher.TransformBlock($buffer, 0, $read, $null, 0)
    [System.Convert]::ToBase64String($buffer, 0, $read)
  }
  $null = $hasher.TransformFinalBlock($buffer, 0, 0)
  '${HASH_PREFIX}' + [System.BitConverter]::ToString($hasher.Hash).Replace('-', '')
} finally { $stream.Dispose() }`;

export async function runTransfer(command: TransferCommand, io: CliIO, signal: AbortSignal): Promise<ExitCode> {
  const specs = await resolveTargetSpecs(command.connection);
  if (specs.length !== 1) throw new CliUsageError(`${command.command} works with one target, not ${specs.length}`);
  const spec = specs[0]!;
  const credentials = await resolveCredentials(specs, command.connection, io);
  const style = createStyle(colorWanted(io.stderr, io.env, command.noColor));
  const console = new ConsoleWriter(io, { progress: true });
  const printer = new RecordPrinter(console, style, { showComputerName: false });
  let pool: RunspacePool;
  try {
    const target = toCliTarget(spec, command.connection, credentials);
    pool = await RunspacePool.open(await target.connect(), { signal });
  } catch (error) {
    await printer.failure(spec.computerName, `psrp: cannot connect to ${spec.computerName}: ${failureText(error)}`);
    return exitCodeOf(error, 'open');
  }
  const transfer = new Transfer(pool, console, printer, spec.computerName, signal);
  let code: ExitCode;
  try {
    code = command.command === 'copy' ? await transfer.upload(command.source, command.destination) : await transfer.download(command.source, command.destination);
  } catch (error) {
    console.clearProgress();
    await printer.failure(spec.computerName, failureText(error));
    code = exitCodeOf(error, 'invoke');
  }
  await pool.close().catch(async (error: unknown) => {
    // A failure while closing never hides the transfer's own outcome.
    await printer.note(spec.computerName, `closing the session failed: ${failureText(error)}`);
  });
  return code;
}

export class Transfer {
  constructor(
    readonly pool: RunspacePool,
    readonly console: ConsoleWriter,
    readonly printer: RecordPrinter,
    readonly computerName: string,
    readonly signal: AbortSignal,
  ) {}

  async upload(localPath: string, remotePath: string): Promise<ExitCode> {
    const size = await fileSize(localPath);
    const [destination] = await this.#run(RESOLVE_SCRIPT, [remotePath, basename(localPath)]);
    if (typeof destination !== 'string') throw new Error(`The remote side could not resolve ${remotePath}`);
    const hash = createHash('sha256');
    let sent = 0;
    const label = `Copying ${basename(localPath)} to ${this.computerName}:${destination}`;
    const chunks = async function* (this: Transfer): AsyncGenerator<string> {
      for await (const chunk of createReadStream(localPath, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        sent += chunk.length;
        this.#progress(label, sent, size);
        yield chunk.toString('base64');
      }
    }.call(this);
    let remoteHash: string | null = null;
    try {
      for (const item of await this.#run(UPLOAD_SCRIPT, [destination], chunks)) {
        if (typeof item === 'string' && item.startsWith(HASH_PREFIX)) remoteHash = item.slice(HASH_PREFIX.length);
      }
    } catch (error) {
      await this.#run(FINISH_UPLOAD_SCRIPT, [destination, false]).catch(() => undefined);
      throw error;
    }
    this.console.clearProgress();
    const localHash = hash.digest('hex').toUpperCase();
    const matches = remoteHash === localHash;
    await this.#run(FINISH_UPLOAD_SCRIPT, [destination, matches]);
    if (!matches) {
      await this.printer.failure(this.computerName, `The copy's SHA256 differs (local ${localHash}, remote ${remoteHash ?? 'none'}); nothing was left at ${destination}`);
      return ExitCode.HashMismatch;
    }
    await this.console.err(`${destination}: ${sent} bytes, SHA256 ${localHash}\n`);
    return ExitCode.Success;
  }

  async download(remotePath: string, localPath: string): Promise<ExitCode> {
    const destination = (await isDirectory(localPath)) ? join(localPath, remoteBasename(remotePath)) : localPath;
    const partial = destination + PARTIAL_SUFFIX;
    const out = createWriteStream(partial);
    const hash = createHash('sha256');
    let size: number | null = null;
    let received = 0;
    let remoteHash: string | null = null;
    const label = `Fetching ${this.computerName}:${remotePath}`;
    let completed = false;
    try {
      const ps = this.pool.createPowerShell().addScript(DOWNLOAD_SCRIPT).addArgument(remotePath).addArgument(CHUNK_BYTES);
      for await (const event of ps.stream({ signal: this.signal })) {
        if (event.stream !== 'output') {
          await this.#record(event);
          continue;
        }
        const value = event.value;
        if (size === null && (typeof value === 'number' || typeof value === 'bigint')) {
          size = Number(value);
        } else if (typeof value === 'string' && value.startsWith(HASH_PREFIX)) {
          remoteHash = value.slice(HASH_PREFIX.length);
        } else if (typeof value === 'string') {
          const bytes = Buffer.from(value, 'base64');
          hash.update(bytes);
          received += bytes.length;
          if (!out.write(bytes)) await once(out, 'drain');
          this.#progress(label, received, size ?? 0);
        }
      }
      out.end();
      await once(out, 'close');
      completed = true;
    } finally {
      this.console.clearProgress();
      if (!completed) {
        out.destroy();
        await rm(partial, { force: true });
      }
    }
    const localHash = hash.digest('hex').toUpperCase();
    if (remoteHash !== localHash) {
      await rm(partial, { force: true });
      await this.printer.failure(this.computerName, `The fetched file's SHA256 differs (remote ${remoteHash ?? 'none'}, local ${localHash}); nothing was left at ${destination}`);
      return ExitCode.HashMismatch;
    }
    await rename(partial, destination);
    await this.console.err(`${destination}: ${received} bytes, SHA256 ${localHash}\n`);
    return ExitCode.Success;
  }

  async #run(script: string, args: readonly (string | boolean)[], input?: AsyncIterable<string>): Promise<unknown[]> {
    const ps = this.pool.createPowerShell().addScript(script);
    for (const argument of args) ps.addArgument(argument);
    const output: unknown[] = [];
    for await (const event of ps.stream({ signal: this.signal, ...(input ? { input } : {}) })) {
      if (event.stream === 'output') output.push(event.value);
      else await this.#record(event);
    }
    return output;
  }

  async #record(event: Exclude<PipelineEvent, { stream: 'output' }>): Promise<void> {
    if (event.stream !== 'progress') await this.printer.print(this.computerName, event);
  }

  #progress(activity: string, done: number, total: number): void {
    const percent = total > 0 ? Math.floor((done / total) * 100) : -1;
    this.console.progress(PROGRESS_KEY, { prefix: '', activity, status: `${formatBytes(done)}${total > 0 ? ` of ${formatBytes(total)}` : ''}`, percentComplete: percent, secondsRemaining: -1 });
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliUsageError(`${path} is not a file`);
    return info.size;
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The last part of a remote path, whether it uses / or \\. */
function remoteBasename(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? 'download';
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
