/**
 * `psrp copy` and `psrp fetch` against real PowerShell 7.6: a file up and back down, byte for byte, with the
 * SHA256 check, and memory flat: the CLI runs with a 16 MiB JavaScript heap while moving 16 MiB each way (a program
 * that held the file, or its 21 MiB of base64, would run out), and its peak resident size is read from /proc.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { requirePwsh, type InstalledPwsh } from 'psrp-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRunOptions } from './support/run-cli.js';

const FILE_BYTES = 16 * 1024 * 1024;
const HEAP_MIB = 16;
/** Peak resident size allowed: Node itself, the client, buffers in flight; far below the file's size on top. */
const MAX_PEAK_RSS_BYTES = 220 * 1024 * 1024;

let pwsh: InstalledPwsh;
let scratch: string;

beforeAll(async () => {
  pwsh = await requirePwsh();
  scratch = await mkdtemp(join(tmpdir(), 'psrp-transfer-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function writeRandomFile(path: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  for (let written = 0; written < bytes; written += 1024 * 1024) {
    const chunk = randomBytes(Math.min(1024 * 1024, bytes - written));
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  return hash.digest('hex');
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Runs the CLI with a small heap and samples its peak resident size (VmHWM) until it exits. */
async function runMeasured(args: readonly string[]): Promise<{ code: number | null; stderr: string; peakRss: number }> {
  let peakRss = 0;
  const options: CliRunOptions = {
    env: { ...pwsh.env, NO_COLOR: '1' },
    nodeArgs: [`--max-old-space-size=${HEAP_MIB}`],
    onStart: (child) => {
      const sample = async () => {
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        if (match) peakRss = Math.max(peakRss, Number(match[1]) * 1024);
      };
      const timer = setInterval(() => void sample(), 100);
      child.once('exit', () => clearInterval(timer));
    },
  };
  const result = await runCli(args, options);
  return { code: result.code, stderr: result.stderr, peakRss };
}

describe('psrp copy and fetch on real pwsh', () => {
  it('uploads and downloads 16 MiB byte for byte with a flat memory profile', async () => {
    const local = join(scratch, 'payload.bin');
    const expected = await writeRandomFile(local, FILE_BYTES);
    const remoteDir = join(scratch, 'remote');
    await rm(remoteDir, { recursive: true, force: true });
    await (await import('node:fs/promises')).mkdir(remoteDir);

    const up = await runMeasured(['copy', '--pwsh', pwsh.executable, local, remoteDir]);
    expect(up.stderr).toBe(`${join(remoteDir, 'payload.bin')}: ${FILE_BYTES} bytes, SHA256 ${expected.toUpperCase()}\n`);
    expect(up.code).toBe(0);
    expect(await readdir(remoteDir)).toEqual(['payload.bin']);
    expect(await sha256(join(remoteDir, 'payload.bin'))).toBe(expected);
    expect(up.peakRss).toBeGreaterThan(0);
    expect(up.peakRss).toBeLessThan(MAX_PEAK_RSS_BYTES);

    const back = join(scratch, 'back.bin');
    const down = await runMeasured(['fetch', '--pwsh', pwsh.executable, join(remoteDir, 'payload.bin'), back]);
    expect(down.stderr).toBe(`${back}: ${FILE_BYTES} bytes, SHA256 ${expected.toUpperCase()}\n`);
    expect(down.code).toBe(0);
    expect((await stat(back)).size).toBe(FILE_BYTES);
    expect(await sha256(back)).toBe(expected);
    expect(down.peakRss).toBeLessThan(MAX_PEAK_RSS_BYTES);
  });

  it('fails a fetch of a missing file, or of a directory, with a plain error, exit 1, and leaves nothing behind', async () => {
    const target = join(scratch, 'never.bin');
    const missing = await runCli(['fetch', '--pwsh', pwsh.executable, '/nonexistent/file.bin', target], { env: { ...pwsh.env, NO_COLOR: '1' } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("Cannot find the file '/nonexistent/file.bin' on the remote side\n");
    const directory = await runCli(['fetch', '--pwsh', pwsh.executable, scratch, target], { env: { ...pwsh.env, NO_COLOR: '1' } });
    expect(directory.code).toBe(1);
    expect(directory.stderr).toBe(`'${scratch}' is a directory: fetch copies one file\n`);
    expect(await readdir(scratch)).not.toContain('never.bin.psrp-partial');
    expect(await readdir(scratch)).not.toContain('never.bin');
  });
});
