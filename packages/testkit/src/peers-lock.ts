/**
 * One installer at a time across test files and processes: a directory in the peers folder is the lock (mkdir is
 * atomic), and a lock older than its holder could possibly take is someone's crash, taken over.
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { peersDirectory } from './peers-directory.js';

const POLL_MS = 250;

/** Runs `work` holding the lock `name`; `staleAfterMs` must exceed the longest `work` can take. */
export async function withLock<T>(name: string, staleAfterMs: number, work: () => Promise<T>): Promise<T> {
  const locks = join(peersDirectory(), 'locks');
  const lock = join(locks, name);
  await mkdir(locks, { recursive: true });
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = await stat(lock).then((info) => Date.now() - info.mtimeMs, () => 0);
      if (age > staleAfterMs) await rmdir(lock).catch(() => undefined);
      else await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}
