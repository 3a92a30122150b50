/**
 * Installs the Debian packages the authentication peers need, once per machine: gss-ntlmssp and
 * python3-gssapi (the NTLM acceptor, python bindings for the endpoint), the MIT KDC and client tools
 * (kdb5_util, kadmin.local, krb5kdc, kinit), and openssl for test certificates. Nothing is installed by hand: a missing
 * package is installed with apt-get (after one `apt-get update`), under a lock, since several test files
 * start at once.
 */
import { execFile } from 'node:child_process';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { peersDirectory } from '../peers-directory.js';

const run = promisify(execFile);

export const AUTH_PEER_PACKAGES = ['gss-ntlmssp', 'python3-gssapi', 'krb5-kdc', 'krb5-admin-server', 'krb5-user', 'openssl'] as const;

/** Debian's python: the one on PATH may be a separate build that cannot import python3-gssapi. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

const APT_TIMEOUT_MS = 9 * 60_000;
const STALE_LOCK_MS = APT_TIMEOUT_MS + 60_000;
const LOCK_POLL_MS = 500;

async function missingPackages(): Promise<string[]> {
  const missing: string[] = [];
  for (const name of AUTH_PEER_PACKAGES) {
    const status = await run('dpkg-query', ['-W', '-f=${Status}', name]).then(
      (result) => result.stdout,
      () => '',
    );
    if (!status.includes('install ok installed')) missing.push(name);
  }
  return missing;
}

export async function withLock<T>(name: string, action: () => Promise<T>): Promise<T> {
  const lock = join(peersDirectory(), 'locks', name);
  await mkdir(join(peersDirectory(), 'locks'), { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const info = await stat(lock).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) await rmdir(lock).catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
  try {
    return await action();
  } finally {
    await rmdir(lock).catch(() => {});
  }
}

let ensured: Promise<void> | null = null;

/** Installs whatever of AUTH_PEER_PACKAGES is missing; throws with apt's output when that fails. */
export function ensureAuthPeers(): Promise<void> {
  ensured ??= (async () => {
    if ((await missingPackages()).length === 0) return;
    await withLock('apt', async () => {
      const missing = await missingPackages();
      if (missing.length === 0) return;
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      try {
        await run('apt-get', ['update', '-q'], { env, timeout: APT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
        await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], { env, timeout: APT_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
      } catch (error) {
        const output = (error as { stderr?: string }).stderr ?? String(error);
        throw new Error(`apt-get could not install ${missing.join(' ')}: ${output.slice(-2000)}`, { cause: error });
      }
    });
  })();
  ensured.catch(() => {
    ensured = null;
  });
  return ensured;
}
