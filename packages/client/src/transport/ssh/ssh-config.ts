/**
 * Reads an ssh_config file (`~/.ssh/config` by default) for one host, as OpenSSH's `ssh` does (ssh_config(5)):
 * `Host` blocks whose patterns match the name the user typed, `Match` blocks (`all`, `host`, `originalhost`, `user`,
 * `localuser`, `tagged`, `canonical`, `final`, each negatable), `Include` (relative to `~/.ssh`, with wildcards), and
 * for each option the first value obtained wins (`IdentityFile` accumulates). Only the options @psrp/client/ssh
 * uses are kept; others are skipped, as they do not change what this client does. What it cannot do
 * (`ProxyJump`, `ProxyCommand`, `Match exec`) is an error when it applies to the host, never a silent direct
 * connection.
 *
 * The files are the user's, but are read as hostile: regular files only, at most 1 MiB each, 16 levels and 256
 * files of Include, 100 IdentityFile lines; and, as OpenSSH insists, not writable by others (a config another user
 * can edit could send the connection and its keys elsewhere).
 */
import { open, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, sep } from 'node:path';
import { PsrpSshConfigError } from '../../errors.js';
import { matchesPattern, matchesPatternList } from './host-pattern.js';
import { expandTilde } from './percent-tokens.js';
import { parseSshConfigLines, type SshConfigLine } from './ssh-config-lines.js';

/** What the config says for one host, before tokens are expanded. Absent: the config does not say. */
export interface SshConfigValues {
  readonly hostName?: string;
  readonly port?: number;
  readonly user?: string;
  /** Every IdentityFile that applies, in order, unexpanded (`~`, `%d`, …). */
  readonly identityFiles: readonly string[];
  readonly identitiesOnly?: boolean;
  /** `none`, `SSH_AUTH_SOCK`, or a socket path. */
  readonly identityAgent?: string;
  /** The first file of UserKnownHostsFile. */
  readonly userKnownHostsFile?: string;
  readonly strictHostKeyChecking?: 'yes' | 'ask' | 'accept-new' | 'no';
  /** Seconds; null for `none`. */
  readonly connectTimeoutSeconds?: number | null;
  /** The files read, in order. */
  readonly files: readonly string[];
}

export interface SshConfigQuery {
  /** The host name as the user gave it (the one `Host` patterns are matched against). */
  readonly host: string;
  /** The remote user when the caller gave one (what `Match user` sees until a `User` line sets it). */
  readonly user?: string;
  readonly localUser: string;
  readonly home: string;
}

export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
/** OpenSSH's READCONF_MAX_DEPTH. */
const MAX_INCLUDE_DEPTH = 16;
const MAX_CONFIG_FILES = 256;
/** OpenSSH's SSH_MAX_IDENTITY_FILES. */
const MAX_IDENTITY_FILES = 100;
const YES = new Set(['yes', 'true']);
const NO = new Set(['no', 'false']);

interface Collected {
  hostName?: string;
  port?: number;
  user?: string;
  identityFiles: string[];
  identitiesOnly?: boolean;
  identityAgent?: string;
  userKnownHostsFile?: string;
  strictHostKeyChecking?: SshConfigValues['strictHostKeyChecking'];
  connectTimeoutSeconds?: number | null;
  tag?: string;
  proxy?: { keyword: string; file: string; line: number };
  /** A `ProxyJump none` or `ProxyCommand none` came first. */
  proxyOff?: boolean;
  files: string[];
}

/**
 * The values `path` gives `query.host`. A missing file gives nothing when `optional` (the default ~/.ssh/config);
 * a file the caller named must exist, as with `ssh -F`.
 */
export async function readSshConfig(path: string, query: SshConfigQuery, optional: boolean): Promise<SshConfigValues> {
  const collected: Collected = { identityFiles: [], files: [] };
  const host = lowercaseHostName(query.host);
  const text = await readConfigFile(path, optional);
  if (text !== null) {
    collected.files.push(path);
    await applyFile(parseSshConfigLines(text, path), path, { query, host, collected, depth: 0 }, { active: true });
  }
  if (collected.proxy) {
    const { keyword, file, line } = collected.proxy;
    const name = keyword === 'proxyjump' ? 'ProxyJump' : 'ProxyCommand';
    throw new PsrpSshConfigError(
      `${file} line ${line}: ${name} applies to ${query.host}, but @psrp/client/ssh connects only directly; ` +
        `open a tunnel yourself (ssh -L) and connect through it, or set '${name} none' for this host`,
      file,
      line,
      keyword,
    );
  }
  const { tag: _tag, proxy: _proxy, proxyOff: _proxyOff, ...values } = collected;
  return values;
}

interface Walk {
  readonly query: SshConfigQuery;
  /** The name as typed, lowercased unless it is an address: what `Host` matches. */
  readonly host: string;
  readonly collected: Collected;
  readonly depth: number;
}

/** Whether options apply: set by each Host/Match line; an Include inherits it and cannot change it for its parent. */
interface BlockState {
  active: boolean;
  /** Inside an Include read from an inactive block: nothing in it can match. */
  readonly neverMatch?: boolean;
}

async function applyFile(lines: readonly SshConfigLine[], file: string, walk: Walk, state: BlockState): Promise<void> {
  for (const entry of lines) {
    const { keyword, args, line } = entry;
    const fail = (reason: string): never => {
      throw new PsrpSshConfigError(`${file} line ${line}: ${reason}`, file, line, keyword);
    };
    switch (keyword) {
      case 'host':
        // Host patterns are whitespace-separated, with the pattern-list rules: a matching negated one turns the block off.
        state.active = !state.neverMatch && matchesPatternList(args, walk.host);
        continue;
      case 'match':
        state.active = !state.neverMatch && matchBlockMatches(args, walk, fail);
        continue;
      case 'include':
        await include(args, file, line, walk, state);
        continue;
    }
    if (!state.active) continue;
    const values = walk.collected;
    const first = args[0]!;
    switch (keyword) {
      case 'hostname':
        values.hostName ??= first;
        break;
      case 'port':
        values.port ??= parsePort(first) ?? fail(`bad port '${first}'`);
        break;
      case 'user':
        values.user ??= first;
        break;
      case 'identityfile':
        if (values.identityFiles.length >= MAX_IDENTITY_FILES) fail(`too many identity files (max ${MAX_IDENTITY_FILES})`);
        values.identityFiles.push(first);
        break;
      case 'identitiesonly':
        values.identitiesOnly ??= parseFlag(first) ?? fail(`IdentitiesOnly takes yes or no, not '${first}'`);
        break;
      case 'identityagent':
        values.identityAgent ??= first;
        break;
      case 'userknownhostsfile':
        values.userKnownHostsFile ??= first;
        break;
      case 'stricthostkeychecking':
        values.strictHostKeyChecking ??= parseStrictHostKeyChecking(first) ?? fail(`StrictHostKeyChecking takes yes, accept-new, no or ask, not '${first}'`);
        break;
      case 'connecttimeout':
        if (values.connectTimeoutSeconds === undefined) {
          values.connectTimeoutSeconds = first === 'none' ? null : (parseTime(first) ?? fail(`invalid time value '${first}'`));
        }
        break;
      case 'tag':
        values.tag ??= first;
        break;
      case 'proxyjump':
      case 'proxycommand':
        // The first value wins here too: `ProxyJump none` early in the file turns a later one off.
        if (values.proxy === undefined && !values.proxyOff) {
          if (first === 'none') values.proxyOff = true;
          else values.proxy = { keyword, file, line };
        }
        break;
    }
  }
}

/**
 * A `Match` line's criteria, in order, all of which must hold. `host` sees the HostName obtained so far, `user` the
 * User so far. A criterion this client cannot evaluate is an error only when every criterion before it held (as
 * OpenSSH skips `exec` after a failed one).
 */
function matchBlockMatches(args: readonly string[], walk: Walk, fail: (reason: string) => never): boolean {
  const { query, collected } = walk;
  let index = 0;
  const next = (criterion: string): string => args[index++] ?? fail(`Match ${criterion} needs an argument`);
  let result = true;
  while (index < args.length) {
    const word = args[index++]!;
    const negated = word.startsWith('!');
    const criterion = (negated ? word.slice(1) : word).toLowerCase();
    let holds: boolean;
    switch (criterion) {
      case 'all':
        holds = true;
        break;
      case 'canonical':
        // This client never canonicalizes host names, so it never makes a canonical pass.
        holds = false;
        break;
      case 'final':
        // The single pass made here is also the final one.
        holds = true;
        break;
      case 'host':
        holds = matchesPatternList(next(criterion).split(','), lowercaseHostName(collected.hostName?.replace(/%h/g, query.host) ?? query.host));
        break;
      case 'originalhost':
        holds = matchesPatternList(next(criterion).split(','), walk.host);
        break;
      case 'user':
        holds = matchesPatternList(next(criterion).split(','), collected.user ?? query.user ?? query.localUser);
        break;
      case 'localuser':
        holds = matchesPatternList(next(criterion).split(','), query.localUser);
        break;
      case 'tagged':
        holds = matchesPatternList(next(criterion).split(','), collected.tag ?? '');
        break;
      default:
        if (!result) {
          // Skipped unevaluated (with its argument), as OpenSSH skips `exec` once the block cannot match.
          index++;
          continue;
        }
        fail(`Match ${criterion} is not supported by @psrp/client/ssh (it applies to this host as far as the criteria before it say)`);
    }
    if (negated) holds = !holds;
    result &&= holds;
  }
  return result;
}

async function include(patterns: readonly string[], file: string, line: number, walk: Walk, state: BlockState): Promise<void> {
  if (walk.depth + 1 > MAX_INCLUDE_DEPTH) {
    throw new PsrpSshConfigError(`${file} line ${line}: Include nested deeper than ${MAX_INCLUDE_DEPTH} levels`, file, line, 'include');
  }
  for (const pattern of patterns) {
    const expanded = expandTilde(pattern, walk.query.home);
    const anchored = isAbsolute(expanded) ? expanded : join(walk.query.home, '.ssh', expanded);
    for (const path of await expandWildcards(anchored)) {
      if (walk.collected.files.length >= MAX_CONFIG_FILES) {
        throw new PsrpSshConfigError(`${file} line ${line}: Include reads more than ${MAX_CONFIG_FILES} files`, file, line, 'include');
      }
      const text = await readConfigFile(path, true);
      if (text === null) continue;
      walk.collected.files.push(path);
      const wasActive = state.active;
      // Options in the included file apply while the including block does; its own Host lines can narrow that.
      await applyFile(parseSshConfigLines(text, path), path, { ...walk, depth: walk.depth + 1 }, { active: wasActive, neverMatch: state.neverMatch || !wasActive });
      state.active = wasActive;
    }
  }
}

/** The files a path with `*`/`?` in any component names, each directory's entries sorted as glob(3) sorts them. */
async function expandWildcards(path: string): Promise<string[]> {
  const parts = path.split(sep);
  let found = [parts[0] === '' ? sep : parts[0]!];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    if (!/[*?]/.test(part)) {
      found = found.map((base) => join(base, part));
      continue;
    }
    const next: string[] = [];
    for (const base of found) {
      const names = await readdir(base).catch(() => [] as string[]);
      for (const name of names.sort()) if (!name.startsWith('.') && matchesPattern(part, name)) next.push(join(base, name));
      if (next.length > MAX_CONFIG_FILES) break;
    }
    found = next;
  }
  return found;
}

/** The file's text; null when it is missing and optional. Refuses what is not a small regular file owned by its user. */
async function readConfigFile(path: string, optional: boolean): Promise<string | null> {
  const problem = (reason: string, cause?: unknown) => new PsrpSshConfigError(`Cannot use the SSH config file ${path}: ${reason}`, path, null, null, { cause });
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if (optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw problem((error as NodeJS.ErrnoException).code ?? (error as Error).message, error);
  }
  if (!info.isFile()) throw problem('it is not a regular file');
  if (info.size > MAX_CONFIG_FILE_BYTES) throw problem(`it is larger than ${MAX_CONFIG_FILE_BYTES} bytes`);
  const uid = process.getuid?.();
  if (uid !== undefined && ((info.uid !== uid && info.uid !== 0) || (info.mode & 0o022) !== 0)) {
    throw problem(`bad owner or permissions (it must belong to you or root and not be writable by others: chmod go-w ${path})`);
  }
  // Read through one handle with a bound, so a file that grows after stat cannot make the read unbounded.
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(MAX_CONFIG_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_CONFIG_FILE_BYTES) throw problem(`it is larger than ${MAX_CONFIG_FILE_BYTES} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** OpenSSH lowercases the host name before matching, unless it is an address. */
function lowercaseHostName(host: string): string {
  return /^[0-9.]+$/.test(host) || host.includes(':') ? host : host.toLowerCase();
}

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

function parseFlag(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return YES.has(lower) ? true : NO.has(lower) ? false : undefined;
}

function parseStrictHostKeyChecking(text: string): SshConfigValues['strictHostKeyChecking'] | undefined {
  const lower = text.toLowerCase();
  if (YES.has(lower)) return 'yes';
  if (NO.has(lower) || lower === 'off') return 'no';
  return lower === 'ask' || lower === 'accept-new' ? lower : undefined;
}

const TIME_UNITS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
/** A connect timeout past a day is a typo, not a wish. */
const MAX_TIMEOUT_SECONDS = 86400;

/** sshd_config(5) "TIME FORMATS": `30`, `1m30s`, `2h`; seconds. Each unit ends its number, so the pattern cannot backtrack. */
function parseTime(text: string): number | undefined {
  if (text.length > 64 || !/^(?:\d+[smhdw])*\d*$/i.test(text) || text === '') return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.toLowerCase().matchAll(/(\d+)([smhdw]?)/g)) seconds += Number(amount) * TIME_UNITS[unit!]!;
  return seconds <= MAX_TIMEOUT_SECONDS ? seconds : undefined;
}
