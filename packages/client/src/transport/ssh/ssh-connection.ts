/**
 * A LineConnection over an SSH session channel that runs PowerShell's SSH subsystem (sshd_config:
 * `Subsystem powershell /usr/bin/pwsh -sshs -NoLogo -NoProfile`), what PowerShell's own client reaches with
 * `ssh -s <host> powershell`. The server's host key is checked (known_hosts or the user's check) before any credential
 * is sent. Node only; reached through the `@psrp/client/ssh` entry point.
 */
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, ClientChannel, ConnectConfig, ParsedKey, Prompt } from 'ssh2';
import { PsrpArgumentError, PsrpAuthenticationError, PsrpConnectionClosedError, PsrpHostKeyError, PsrpTransportError } from '../../errors.js';
import type { ConnectionEnd, LineConnection } from '../out-of-proc/line-connection.js';
import { LineSplitter } from '../out-of-proc/line-splitter.js';
import { MAX_PACKET_LINE_CHARS } from '../out-of-proc/packet.js';
import { checkKnownHosts, hostKeyFingerprint, knownHostsLine, knownHostsName, knownKeyTypes, parseHostKey, type HostKey } from './known-hosts.js';
import { DEFAULT_READY_TIMEOUT_MS, resolveSshTarget, type SshTarget } from './ssh-target.js';

/** PowerShell's default subsystem name (`SSHConnectionInfo.DefaultSubsystem`). */
export const DEFAULT_SSH_SUBSYSTEM = 'powershell';
/** A private key file larger than this is not one (an RSA key of 16384 bits is about 12 KB). */
const MAX_PRIVATE_KEY_BYTES = 1024 * 1024;
/** After the channel's EOF, how long pwsh gets to exit before the connection is cut. */
const CHANNEL_CLOSE_GRACE_MS = 2_000;
/** After the SSH disconnect, how long the server gets to close the socket before it is destroyed. */
const SOCKET_CLOSE_GRACE_MS = 1_000;
/** The channel's stderr is kept for error messages; a bound stops a chatty server from growing it without limit. */
const MAX_STDERR_CHARS = 64 * 1024;
/** The host key algorithms (ssh2's names) that yield a key of each known_hosts type. */
const HOST_KEY_ALGORITHMS: Readonly<Record<string, readonly string[]>> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Decides whether to trust the server's host key: `strict` (the default) accepts only a key known_hosts holds for
 * the host; `accept-new` also accepts and records a host known_hosts does not know yet (OpenSSH's
 * `StrictHostKeyChecking accept-new`); a function decides by itself, known_hosts unread. A key that differs from the
 * one known_hosts holds is refused in both modes.
 */
export type HostKeyPolicy = 'strict' | 'accept-new' | HostKeyCheck;
/** The user's own check: `fingerprint` as OpenSSH shows it (`SHA256:…`), the key as in a known_hosts line. */
export type HostKeyCheck = (fingerprint: string, key: { readonly type: string; readonly base64: string }) => boolean | Promise<boolean>;

export interface KeyboardInteractivePrompt {
  readonly prompt: string;
  /** Whether the answer may be shown as it is typed (false for passwords and codes). */
  readonly echo: boolean;
}
/** Answers one round of keyboard-interactive prompts, one answer per prompt, in order. */
export type KeyboardInteractiveHandler = (
  prompts: readonly KeyboardInteractivePrompt[],
  round: { readonly name: string; readonly instructions: string },
) => readonly string[] | Promise<readonly string[]>;

/**
 * How to reach the server. What is left out comes from the ssh_config file for `host` (`~/.ssh/config` unless
 * `configPath` says otherwise; see ssh-config.ts), then from OpenSSH's defaults; what is given wins over the config.
 */
export interface SshOptions {
  /** A host name, an address, or a `Host` alias of the ssh_config file. */
  readonly host: string;
  /** Default: the config's Port, else 22. */
  readonly port?: number;
  /** Default: the config's User, else the local user name (as `ssh` does). */
  readonly username?: string;
  readonly password?: string;
  /** A private key's text (OpenSSH or PEM format), not its path. Given, the config's IdentityFile is not offered. */
  readonly privateKey?: string | Uint8Array;
  /** For an encrypted privateKey (also tried on the config's IdentityFile keys). */
  readonly passphrase?: string;
  /** An ssh-agent socket path, or true for the one SSH_AUTH_SOCK names. */
  readonly agent?: string | true;
  readonly keyboardInteractive?: KeyboardInteractiveHandler;
  /** Default: from the config's StrictHostKeyChecking (yes/ask: 'strict'; accept-new and no: 'accept-new'), else 'strict'. */
  readonly hostKey?: HostKeyPolicy;
  /** Default: the config's UserKnownHostsFile (its first file), else `~/.ssh/known_hosts`. */
  readonly knownHostsPath?: string;
  /** How long the TCP connect, handshake and authentication may take (default: the config's ConnectTimeout, else 20 s). */
  readonly readyTimeoutMs?: number;
  /** The sshd subsystem that runs `pwsh -sshs` (default `powershell`). */
  readonly subsystem?: string;
  /**
   * The ssh_config file to read (as `ssh -F`: it must exist), or false to read none: then neither the config, nor
   * OpenSSH's default keys, nor SSH_AUTH_SOCK are used unless asked for here. Default `~/.ssh/config`, when it exists.
   */
  readonly configPath?: string | false;
}

/** How authentication is tried, in OpenSSH's order: keys, then keyboard-interactive, then the password. */
type AuthStep = AnyAuthMethod & { readonly serverName: AuthenticationType };

export class SshConnection implements LineConnection {
  readonly lines: AsyncIterable<string>;
  readonly #client = new ssh2.Client();
  readonly #options: SshOptions;
  /** Known once the options are resolved against the config (the first step of opening). */
  #resolved: SshTarget | null = null;
  readonly #channel: Promise<ClientChannel>;
  readonly #ended: Promise<ConnectionEnd>;
  #resolveEnded!: (end: ConnectionEnd) => void;
  #rejectOpen: ((error: PsrpTransportError) => void) | null = null;
  #openChannel: ClientChannel | null = null;
  #hostKeyFailure: PsrpHostKeyError | null = null;
  #handlerFailure: unknown = null;
  readonly #methodsTried: string[] = [];
  #methodsAllowed: readonly string[] = [];
  #lost: PsrpConnectionClosedError | null = null;
  #exit: { readonly code: number | null; readonly signal: string | null } | null = null;
  #channelClosed = false;
  #clientClosed = false;
  #closing: Promise<ConnectionEnd> | null = null;
  #stderr = '';

  /** Checks what can be checked at once; the rest (the config, the credentials) fails when the connection opens. */
  constructor(options: SshOptions) {
    if (!options.host) throw new PsrpArgumentError('SSH needs a host');
    if (options.agent === true && !process.env.SSH_AUTH_SOCK) throw new PsrpArgumentError('agent: true, but SSH_AUTH_SOCK is not set');
    this.#options = options;
    this.#ended = new Promise((resolve) => (this.#resolveEnded = resolve));
    this.#channel = this.#open();
    // Whoever uses the connection sees the failure through writeLine, lines or ended: never an unhandled rejection.
    this.#channel.catch(() => undefined);
    this.lines = this.#readLines();
  }

  get description(): string {
    const target = this.#resolved;
    const who = target ? `${target.username}@` : this.#options.username ? `${this.#options.username}@` : '';
    return `the SSH channel to ${who}${this.#target}`;
  }

  async #open(): Promise<ClientChannel> {
    const target = await resolveSshTarget(this.#options);
    this.#resolved = target;
    const policy = target.hostKey;
    const knownHosts = typeof policy === 'function' ? '' : await readKnownHosts(target.knownHostsPath);
    const steps = await this.#authSteps(target);
    return new Promise<ClientChannel>((resolve, reject) => {
      // Only the first failure counts (a promise settles once): the reason, not its aftermath.
      this.#rejectOpen = reject;
      if (this.#closing) return this.#rejectOpen(new PsrpConnectionClosedError(`${capitalize(this.description)} was closed before it opened`));
      this.#client.on('error', (error: Error & { level?: string }) => this.#onClientError(error));
      this.#client.on('close', () => this.#onClientClose());
      this.#client.once('ready', () => {
        this.#client.subsys(this.#options.subsystem ?? DEFAULT_SSH_SUBSYSTEM, (error, channel) => {
          if (error) return this.#rejectOpen?.(this.#subsystemError(error));
          this.#rejectOpen = null;
          this.#openChannel = channel;
          this.#watch(channel);
          resolve(channel);
        });
      });
      const config: ConnectConfig = {
        host: target.host,
        port: target.port,
        username: target.username,
        readyTimeout: target.readyTimeoutMs,
        hostVerifier: (blob: Buffer, verify: (valid: boolean) => void) => {
          this.#verifyHostKey(blob, policy, knownHosts).then(verify, (error: unknown) => {
            this.#hostKeyFailure ??=
              error instanceof PsrpHostKeyError
                ? error
                : new PsrpHostKeyError(
                    `Checking the host key of the SSH server ${this.#target} failed: ${(error as Error).message}`,
                    hostKeyFingerprint(blob),
                    'rejected',
                    { cause: error },
                  );
            verify(false);
          });
        },
        authHandler: (methodsLeft, _partialSuccess, next) => this.#nextAuth(steps, methodsLeft, next as (method: AnyAuthMethod | false) => void),
        algorithms: preferKnownKeyTypes(knownKeyTypes(knownHosts, knownHostsName(target.host, target.port))),
      };
      try {
        this.#client.connect(config);
      } catch (error) {
        this.#rejectOpen(new PsrpTransportError(`Cannot connect to the SSH server ${this.#target}: ${(error as Error).message}`, {}, { cause: error }));
      }
    });
  }

  /** `host` or `[host]:port`, as known_hosts names it; the name given until the config is read. */
  get #target(): string {
    const target = this.#resolved;
    return target ? knownHostsName(target.host, target.port) : this.#options.host;
  }

  async #authSteps(target: SshTarget): Promise<AuthStep[]> {
    const { privateKey, passphrase, keyboardInteractive, password } = this.#options;
    const { username, agent } = target;
    const steps: AuthStep[] = [];
    if (privateKey !== undefined) {
      const parsed = ssh2.utils.parseKey(Buffer.from(privateKey), passphrase);
      if (parsed instanceof Error) {
        throw new PsrpAuthenticationError(`The private key cannot be used: ${parsed.message}`, [], { cause: parsed });
      }
      steps.push({ type: 'publickey', serverName: 'publickey', username, key: firstKey(parsed) });
    }
    for (const file of target.identityFiles) {
      // As ssh does, a key file that cannot be used (encrypted without the passphrase, unreadable) is passed over.
      const parsed = await readPrivateKey(file).then((text) => ssh2.utils.parseKey(text, passphrase), (error: Error) => error);
      if (!(parsed instanceof Error)) steps.push({ type: 'publickey', serverName: 'publickey', username, key: firstKey(parsed) });
    }
    if (agent !== null) steps.push({ type: 'agent', serverName: 'publickey', username, agent });
    if (keyboardInteractive) {
      steps.push({
        type: 'keyboard-interactive',
        serverName: 'keyboard-interactive',
        username,
        prompt: (name: string, instructions: string, _language: string, prompts: Prompt[], finish: (answers: string[]) => void) => {
          // OpenSSH may end a round with an empty info request: nothing to ask the user.
          if (prompts.length === 0) return finish([]);
          const asked = prompts.map((each) => ({ prompt: each.prompt, echo: each.echo ?? false }));
          Promise.resolve()
            .then(() => keyboardInteractive(asked, { name, instructions }))
            .then(
              (answers) => finish([...answers]),
              (error: unknown) => {
                this.#handlerFailure = error;
                finish([]);
              },
            );
        },
      });
    }
    if (password !== undefined) steps.push({ type: 'password', serverName: 'password', username, password });
    return steps;
  }

  /** The first call learns the server's methods with `none`; then each step the server accepts, once. */
  #nextAuth(steps: AuthStep[], methodsLeft: AuthenticationType[] | null, next: (method: AnyAuthMethod | false) => void): void {
    if (methodsLeft === null) return next({ type: 'none', username: this.#resolved!.username });
    this.#methodsAllowed = methodsLeft;
    while (steps.length > 0) {
      const step = steps.shift()!;
      if (!methodsLeft.includes(step.serverName)) continue;
      this.#methodsTried.push(step.type);
      const { serverName: _serverName, ...method } = step;
      return next(method as AnyAuthMethod);
    }
    next(false);
  }

  async #verifyHostKey(blob: Buffer, policy: HostKeyPolicy, knownHosts: string): Promise<boolean> {
    const key = parseHostKey(blob);
    const fingerprint = hostKeyFingerprint(key.blob);
    const shown = `${key.type} key ${fingerprint}`;
    if (typeof policy === 'function') {
      if (await policy(fingerprint, { type: key.type, base64: blob.toString('base64') })) return true;
      throw new PsrpHostKeyError(`The host key check refused the SSH server ${this.#target}: ${shown}`, fingerprint, 'rejected');
    }
    const name = this.#target;
    const verdict = checkKnownHosts(knownHosts, name, key);
    const file = this.#resolved!.knownHostsPath;
    switch (verdict.kind) {
      case 'known':
        return true;
      case 'revoked':
        throw new PsrpHostKeyError(`The SSH server ${this.#target} presented a revoked host key (${shown}, @revoked in ${file} line ${verdict.line})`, fingerprint, 'revoked');
      case 'changed':
        throw new PsrpHostKeyError(
          `The SSH server ${this.#target} presented ${shown}, but ${file} line ${verdict.line} holds a different ${key.type} key for it: ` +
            `the server was reinstalled or someone is intercepting the connection. If the change is expected, remove the old key ` +
            `(ssh-keygen -R '${name}' -f ${file}) and connect again`,
          fingerprint,
          'changed',
        );
      case 'unknown':
        if (policy === 'accept-new') {
          await recordHostKey(file, name, key);
          return true;
        }
        throw new PsrpHostKeyError(
          `The SSH server ${this.#target} presented ${shown}, which ${file} does not know. Compare it with the server's ` +
            `(ssh-keygen -lf on its host key), then add it to known_hosts, or pass hostKey: 'accept-new' or a check of your own`,
          fingerprint,
          'unknown',
        );
    }
  }

  #onClientError(error: Error & { level?: string }): void {
    if (this.#rejectOpen) return this.#rejectOpen(this.#connectError(error));
    // After the channel opened: the connection broke under it (the server went away, a reset).
    if (!this.#exit && !this.#closing) {
      this.#lost ??= new PsrpConnectionClosedError(`The SSH connection to ${this.#target} was lost: ${error.message}`, this.#end(), { cause: error });
    }
  }

  #onClientClose(): void {
    this.#clientClosed = true;
    if (this.#rejectOpen) {
      this.#rejectOpen(new PsrpConnectionClosedError(`The SSH server ${this.#target} closed the connection before the ${this.#subsystemName} subsystem opened`));
    } else if (this.#openChannel && !this.#channelClosed && !this.#exit && !this.#closing) {
      this.#lost ??= new PsrpConnectionClosedError(`The SSH connection to ${this.#target} was lost before PowerShell exited`, this.#end());
    }
    this.#resolveEnded(this.#end());
  }

  get #subsystemName(): string {
    return this.#options.subsystem ?? DEFAULT_SSH_SUBSYSTEM;
  }

  #connectError(error: Error & { level?: string }): PsrpTransportError {
    if (this.#hostKeyFailure) return this.#hostKeyFailure;
    if (error.level === 'client-authentication') {
      const tried = this.#methodsTried.length > 0 ? this.#methodsTried.join(', ') : 'nothing the server accepts';
      const allowed = this.#methodsAllowed.length > 0 ? `; it accepts ${this.#methodsAllowed.join(', ')}` : '';
      const handler = this.#handlerFailure instanceof Error ? ` (the keyboard-interactive handler threw: ${this.#handlerFailure.message})` : '';
      return new PsrpAuthenticationError(
        `The SSH server ${this.#target} refused the credentials of ${this.#resolved?.username ?? this.#options.username} (tried ${tried}${allowed})${handler}`,
        [...this.#methodsTried],
        { cause: this.#handlerFailure ?? error },
      );
    }
    if (error.level === 'client-timeout') {
      const timeout = this.#resolved?.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
      const fromConfig = this.#options.readyTimeoutMs === undefined && timeout !== DEFAULT_READY_TIMEOUT_MS;
      return new PsrpTransportError(`The SSH server ${this.#target} did not complete the handshake within ${timeout} ms (${fromConfig ? 'the SSH config\'s ConnectTimeout' : 'readyTimeoutMs'})`, {}, { cause: error });
    }
    return new PsrpTransportError(`Cannot connect to the SSH server ${this.#target}: ${error.message}`, {}, { cause: error });
  }

  #subsystemError(error: Error): PsrpTransportError {
    return new PsrpTransportError(
      `The SSH server ${this.#target} refused to start the ${this.#subsystemName} subsystem (${error.message}): its sshd_config needs ` +
        `a line such as 'Subsystem ${this.#subsystemName} /usr/bin/pwsh -sshs -NoLogo -NoProfile'`,
      {},
      { cause: error },
    );
  }

  #watch(channel: ClientChannel): void {
    channel.stderr.setEncoding('utf8');
    channel.stderr.on('data', (chunk: string) => {
      if (this.#stderr.length < MAX_STDERR_CHARS) this.#stderr += chunk.slice(0, MAX_STDERR_CHARS - this.#stderr.length);
    });
    channel.on('exit', (code: number | null, signal?: string) => {
      // ssh2 names the signal as Node does (`SIGKILL`); the wire has `KILL`.
      this.#exit = { code, signal: signal ? (signal.startsWith('SIG') ? signal : `SIG${signal}`) : null };
      // The process is gone. ssh2 emits the channel's 'close' only once its data was read to the end, which never
      // happens when the reader stopped early (a line it could not take): the exit is the end.
      this.#resolveEnded(this.#end());
    });
    channel.on('error', () => undefined);
    channel.once('close', () => {
      this.#channelClosed = true;
      this.#resolveEnded(this.#end());
      // One channel per connection: once it is gone, so is the connection.
      this.#client.end();
    });
  }

  async *#readLines(): AsyncIterable<string> {
    const channel = await this.#channel;
    const splitter = new LineSplitter(MAX_PACKET_LINE_CHARS);
    channel.setEncoding('utf8');
    for await (const text of channel as AsyncIterable<string>) yield* splitter.push(text);
    if (this.#lost) throw this.#lost;
    const rest = splitter.rest();
    if (rest !== null) yield rest;
  }

  async writeLine(line: string): Promise<void> {
    const channel = await this.#channel;
    if (this.#lost) throw this.#lost;
    if (!channel.writable) throw new PsrpConnectionClosedError(`${capitalize(this.description)} is no longer accepting input`, this.#end());
    await new Promise<void>((resolve, reject) => {
      channel.write(`${line}\n`, (error?: Error | null) =>
        error ? reject(this.#lost ?? new PsrpTransportError(`Writing to ${this.description} failed`, this.#end(), { cause: error })) : resolve(),
      );
    });
  }

  async ended(): Promise<ConnectionEnd> {
    await this.#channel;
    return this.#ended;
  }

  /** Ends the channel (pwsh -sshs exits at EOF), waits a grace period, then ends and finally destroys the connection. */
  close(): Promise<ConnectionEnd> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<ConnectionEnd> {
    if (!this.#openChannel) {
      // Still connecting (or failed to): nothing to end politely.
      this.#rejectOpen?.(new PsrpConnectionClosedError(`${capitalize(this.description)} was closed before it opened`));
      this.#client.destroy();
      this.#resolveEnded(this.#end());
      return this.#ended;
    }
    if (!this.#channelClosed) {
      this.#openChannel.end();
      await within(this.#ended, CHANNEL_CLOSE_GRACE_MS);
    }
    if (!this.#clientClosed) {
      this.#client.end();
      if (!(await within(this.#closedSocket(), SOCKET_CLOSE_GRACE_MS))) this.#client.destroy();
    }
    this.#resolveEnded(this.#end());
    return this.#ended;
  }

  #closedSocket(): Promise<void> {
    return this.#clientClosed ? Promise.resolve() : new Promise((resolve) => this.#client.once('close', () => resolve()));
  }

  #end(): ConnectionEnd {
    return { exitCode: this.#exit?.code ?? null, signal: this.#exit?.signal ?? null, stderr: this.#stderr };
  }
}

async function readKnownHosts(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new PsrpTransportError(`Cannot read the known hosts file ${path}: ${(error as Error).message}`, {}, { cause: error });
  }
}

/** A key file's bytes, refusing what cannot be a key file (a device, a huge file) so that reading it cannot hang. */
async function readPrivateKey(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is not a regular file`);
    const buffer = Buffer.alloc(MAX_PRIVATE_KEY_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_PRIVATE_KEY_BYTES) throw new Error(`${path} is larger than ${MAX_PRIVATE_KEY_BYTES} bytes`);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function firstKey(parsed: ParsedKey | ParsedKey[]): ParsedKey {
  return (Array.isArray(parsed) ? parsed[0] : parsed) as ParsedKey;
}

async function recordHostKey(path: string, name: string, key: HostKey): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existing = await readKnownHosts(path);
  const separator = existing.length > 0 && !existing.endsWith('\n') ? '\n' : '';
  await appendFile(path, `${separator}${knownHostsLine(name, key)}\n`, { mode: 0o600 });
}

/** Asks the server for a key type known_hosts holds for it first, as OpenSSH does, so a known host is not "unknown". */
function preferKnownKeyTypes(types: readonly string[]): ConnectConfig['algorithms'] {
  const algorithms = types.flatMap((type) => HOST_KEY_ALGORITHMS[type] ?? []);
  if (algorithms.length === 0) return undefined;
  return { serverHostKey: { remove: algorithms, prepend: algorithms } } as unknown as ConnectConfig['algorithms'];
}

/** Resolves true once `promise` settles, false when `ms` passes first. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const, () => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
