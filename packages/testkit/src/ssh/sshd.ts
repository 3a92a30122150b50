/**
 * A private OpenSSH server for the SSH transport's tests: Debian's `openssh-server` (installed here when
 * `/usr/sbin/sshd` is missing), run as `sshd -D -e -f <dir>/sshd_config` on a free loopback port with its own host
 * key, authorized_keys and pid file in a temp dir, and PowerShell's subsystem
 * (`Subsystem powershell exec <pwsh> -sshs -NoLogo -NoProfile`).
 *
 * Who logs in: a local user `psrptest`, created here (useradd) with a password made once per machine and kept in
 * `.peers/ssh/psrptest.password` (mode 600). Not root: a root password would open the whole machine to anyone who
 * reads the file, and `PermitRootLogin` would have to be loosened; the test user owns nothing. This sshd lets only
 * that user in (`AllowUsers`), only from 127.0.0.1. Creating the user and installing the package need root, which is
 * what this project's machines run as; elsewhere create the user and install the package first.
 *
 * `UsePAM no` by default: password authentication then checks /etc/shadow itself, and nothing depends on PAM's
 * session modules (pam_loginuid fails in some containers). OpenSSH on Linux has no keyboard-interactive device but
 * PAM's, so `keyboardInteractive: true` turns PAM on (`UsePAM yes`, `KbdInteractiveAuthentication yes`; Debian's
 * /etc/pam.d/sshd asks `Password: ` through pam_unix). It works on this project's machines (checked 2026-12-06).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureDebianPackages } from '../debian-packages.js';
import { peersDirectory } from '../peers-directory.js';
import { withLock } from '../peers-lock.js';
import type { InstalledPwsh } from '../pwsh/install-pwsh.js';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';
/** The test user; never root (see the module comment). */
export const SSH_TEST_USER = 'psrptest';
const START_TIMEOUT_MS = 10_000;
/** Creating the test user and setting its password takes seconds; a lock held longer is a crashed run's. */
const USER_LOCK_STALE_MS = 60_000;
const MAX_LOG_CHARS = 256 * 1024;

export interface SshdOptions {
  /** The PowerShell the `powershell` subsystem runs (from requirePwsh). */
  readonly pwsh: InstalledPwsh;
  /** More subsystems, name to command line (run by the user's shell), e.g. `{ garbage: 'echo not-xml' }`. */
  readonly subsystems?: Readonly<Record<string, string>>;
  /** Offer keyboard-interactive authentication through PAM (see the module comment). */
  readonly keyboardInteractive?: boolean;
}

export interface RunningSshd {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** An unencrypted ed25519 key in authorized_keys (OpenSSH format). */
  readonly clientKeyPath: string;
  /** The same kind of key, encrypted with `clientKeyPassphrase`, also in authorized_keys. */
  readonly encryptedClientKeyPath: string;
  readonly clientKeyPassphrase: string;
  /** `ssh-ed25519 AAAA…` */
  readonly hostPublicKey: string;
  /** As OpenSSH shows it: `SHA256:…`. */
  readonly hostKeyFingerprint: string;
  /** The line a known_hosts file needs for this server: `[127.0.0.1]:<port> ssh-ed25519 AAAA…`. */
  readonly knownHostsLine: string;
  /** The temp dir with the config, keys and pid file. */
  readonly directory: string;
  /** The listening sshd's pid. */
  readonly pid: number;
  /** What sshd wrote so far (-e: its log goes to stderr). */
  log(): string;
  /** The pids of every process under the listening sshd (per-connection sshd processes and what they run). */
  descendants(): Promise<number[]>;
  /** SIGKILLs sshd and every process under it: connections drop without a goodbye. */
  kill(): Promise<void>;
  /** Stops sshd and what runs under it, and removes the temp dir. */
  stop(): Promise<void>;
}

/** Installs Debian's openssh-server unless /usr/sbin/sshd is there. */
export async function installSshd(): Promise<string> {
  if (existsSync(SSHD)) return SSHD;
  await ensureDebianPackages(['openssh-server']);
  if (!existsSync(SSHD)) throw new Error(`openssh-server installed, but ${SSHD} is still missing`);
  return SSHD;
}

/**
 * The test user and its password: the user is created when missing, and the password (made once, kept in .peers)
 * is set on every call, so that a password changed elsewhere cannot leave the file and the account apart.
 */
export async function ensureSshTestUser(): Promise<{ readonly user: string; readonly password: string }> {
  return withLock('ssh-user', USER_LOCK_STALE_MS, async () => {
    const passwordFile = join(peersDirectory(), 'ssh', `${SSH_TEST_USER}.password`);
    let password = await readFile(passwordFile, 'utf8').then((text) => text.trim(), () => '');
    const exists = await run('id', ['-u', SSH_TEST_USER]).then(() => true, () => false);
    if (process.getuid?.() !== 0) {
      if (exists && password) return { user: SSH_TEST_USER, password };
      throw new Error(`Creating the test user ${SSH_TEST_USER} and setting its password needs root`);
    }
    if (!exists) await run('useradd', ['--create-home', '--shell', '/bin/sh', SSH_TEST_USER]);
    if (!password) {
      password = randomBytes(18).toString('base64url');
      await mkdir(join(peersDirectory(), 'ssh'), { recursive: true, mode: 0o700 });
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    }
    await new Promise<void>((resolve, reject) => {
      const child = spawn('chpasswd', [], { stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`chpasswd failed (${code}): ${stderr.trim()}`))));
      child.stdin.end(`${SSH_TEST_USER}:${password}\n`);
    });
    return { user: SSH_TEST_USER, password };
  });
}

/**
 * The pwsh the test user can run: the subsystem runs it as that user, and a checkout under a folder only root may
 * enter (`mktemp -d` makes them 0700) ended every channel with exit code 126. Then pwsh's folder is linked (copied
 * across file systems) into the sshd's own folder, which everyone may enter, and run from there.
 */
async function executableFor(user: string, executable: string, directory: string): Promise<string> {
  const canRun = (path: string) => run('runuser', ['-u', user, '--', 'test', '-x', path]).then(() => true, () => false);
  if (process.getuid?.() !== 0 || (await canRun(executable))) return executable;
  const staged = join(directory, 'pwsh');
  await run('cp', ['-al', dirname(executable), staged]).catch(() => run('cp', ['-a', dirname(executable), staged]));
  const stagedExecutable = join(staged, basename(executable));
  if (!(await canRun(stagedExecutable))) throw new Error(`The SSH test user ${user} cannot run ${executable}, nor a copy of it in ${staged}`);
  return stagedExecutable;
}

/** Starts a private sshd (installing it and the test user first when needed). */
export async function startSshd(options: SshdOptions): Promise<RunningSshd> {
  const sshd = await installSshd();
  const { user, password } = await ensureSshTestUser();
  // As root, sshd will not start without its privilege separation directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const directory = await mkdtemp(join(tmpdir(), 'psrp-sshd-'));
  // The test user reads authorized_keys itself (sshd drops to the user for it).
  await chmod(directory, 0o755);
  const hostKey = join(directory, 'ssh_host_ed25519_key');
  const clientKeyPath = join(directory, 'client_ed25519');
  const encryptedClientKeyPath = join(directory, 'client_ed25519_encrypted');
  const clientKeyPassphrase = randomBytes(9).toString('base64url');
  await Promise.all([
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'psrp-test-host', '-f', hostKey]),
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'psrp-test-client', '-f', clientKeyPath]),
    run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', clientKeyPassphrase, '-C', 'psrp-test-encrypted', '-f', encryptedClientKeyPath]),
  ]);
  const authorizedKeys = join(directory, 'authorized_keys');
  const publicKeys = await Promise.all([clientKeyPath, encryptedClientKeyPath].map((path) => readFile(`${path}.pub`, 'utf8')));
  await writeFile(authorizedKeys, publicKeys.join(''), { mode: 0o644 });
  const port = await freePort();
  // sshd runs a subsystem through the user's shell (`sh -c <command>`); dash forks rather than exec'ing, and the
  // channel would then report the shell's exit status (137) instead of pwsh's signal. `exec` makes pwsh the process.
  const pwsh = await executableFor(user, options.pwsh.executable, directory);
  const subsystems = { powershell: `exec ${pwsh} -sshs -NoLogo -NoProfile`, ...options.subsystems };
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${join(directory, 'sshd.pid')}`,
    `AuthorizedKeysFile ${authorizedKeys}`,
    'StrictModes no',
    `UsePAM ${options.keyboardInteractive ? 'yes' : 'no'}`,
    'PasswordAuthentication yes',
    `KbdInteractiveAuthentication ${options.keyboardInteractive ? 'yes' : 'no'}`,
    'PubkeyAuthentication yes',
    'PermitRootLogin no',
    `AllowUsers ${user}`,
    'MaxAuthTries 10',
    'LogLevel VERBOSE',
    // Environment of what sshd runs: PowerShell's (no telemetry, no update check).
    ...(Object.keys(options.pwsh.env).length > 0 ? [`SetEnv ${Object.entries(options.pwsh.env).map(([name, value]) => `${name}=${value}`).join(' ')}`] : []),
    ...Object.entries(subsystems).map(([name, command]) => `Subsystem ${name} ${command}`),
  ];
  const configPath = join(directory, 'sshd_config');
  await writeFile(configPath, `${config.join('\n')}\n`);
  const child = spawn(sshd, ['-D', '-e', '-f', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (log.length < MAX_LOG_CHARS) log += chunk;
  });
  try {
    await waitForListening(child, () => log, port);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
  const blob = Buffer.from(hostPublicKey.split(' ')[1]!, 'base64');
  const pid = child.pid!;
  const descendants = () => descendantsOf(pid);
  let stopped: Promise<void> | null = null;
  const kill = async (signal: NodeJS.Signals) => {
    const all = [pid, ...(await descendants())];
    for (const each of all) {
      try {
        process.kill(each, signal);
      } catch {
        // Already gone.
      }
    }
  };
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    clientKeyPath,
    encryptedClientKeyPath,
    clientKeyPassphrase,
    hostPublicKey,
    hostKeyFingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
    knownHostsLine: `[127.0.0.1]:${port} ${hostPublicKey}`,
    directory,
    pid,
    log: () => log,
    descendants,
    kill: () => kill('SIGKILL'),
    stop: () => {
      stopped ??= (async () => {
        const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('close', () => resolve())));
        await kill('SIGTERM');
        const timer = setTimeout(() => void kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(timer);
        await rm(directory, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

async function waitForListening(child: ChildProcess, log: () => string, port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!log().includes(`Server listening on 127.0.0.1 port ${port}`)) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited (${child.exitCode ?? child.signalCode}) before listening:\n${log().trim()}`);
    if (Date.now() > deadline) throw new Error(`sshd did not listen on port ${port} within ${START_TIMEOUT_MS} ms:\n${log().trim()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Every process under `root`, from /proc (Linux). */
export async function descendantsOf(root: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!text) continue;
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
    const children = parents.get(ppid) ?? [];
    children.push(Number(entry));
    parents.set(ppid, children);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

