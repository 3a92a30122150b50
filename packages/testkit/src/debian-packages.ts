/**
 * Debian packages the peers need (openssh-server, the authentication peers, Chromium for the runtime matrix) are
 * installed by the project, never by hand: what is missing is installed with apt-get after one `apt-get update`,
 * under a lock, since several test files start at once.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { withLock } from './peers-lock.js';

const run = promisify(execFile);

const APT_TIMEOUT_MS = 9 * 60_000;
/** apt-get update and install, each bounded by APT_TIMEOUT_MS. */
const STALE_LOCK_MS = 2 * APT_TIMEOUT_MS + 60_000;
const APT_OUTPUT_BYTES = 16 * 1024 * 1024;

async function isInstalled(name: string): Promise<boolean> {
  const status = await run('dpkg-query', ['-W', '-f=${Status}', name]).then(
    (result) => result.stdout,
    () => '',
  );
  return status.includes('install ok installed');
}

async function missingOf(names: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const name of names) if (!(await isInstalled(name))) missing.push(name);
  return missing;
}

const ensured = new Map<string, Promise<void>>();

/** Installs whatever of `names` is missing; throws with the end of apt's output when that fails. */
export function ensureDebianPackages(names: readonly string[]): Promise<void> {
  const key = [...names].sort().join(' ');
  let pending = ensured.get(key);
  if (!pending) {
    pending = install(names);
    ensured.set(key, pending);
    pending.catch(() => ensured.delete(key));
  }
  return pending;
}

async function install(names: readonly string[]): Promise<void> {
  if ((await missingOf(names)).length === 0) return;
  await withLock('apt', STALE_LOCK_MS, async () => {
    const missing = await missingOf(names);
    if (missing.length === 0) return;
    if (process.getuid?.() !== 0) throw new Error(`${missing.join(' ')} missing, and installing needs root: apt-get install ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      await run('apt-get', ['update', '-q'], { env, timeout: APT_TIMEOUT_MS, maxBuffer: APT_OUTPUT_BYTES });
      await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, timeout: APT_TIMEOUT_MS, maxBuffer: APT_OUTPUT_BYTES });
    } catch (error) {
      const output = (error as { stderr?: string }).stderr ?? String(error);
      throw new Error(`apt-get could not install ${missing.join(' ')}: ${output.slice(-2000)}`, { cause: error });
    }
  });
}
