import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineEvent, RunspacePool } from '@psrp/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExitCode } from './exit-codes.js';
import { Transfer } from './file-transfer.js';
import { capturedConsole } from './output/captured-streams.test-support.js';
import { RecordPrinter } from './output/record-printer.js';
import { createStyle } from './output/terminal-style.js';

/** A pool whose every pipeline yields the next scripted output, whatever the script. */
function scriptedPool(outputs: unknown[][]): { pool: RunspacePool; scripts: string[]; args: unknown[][] } {
  const scripts: string[] = [];
  const args: unknown[][] = [];
  const pool = {
    createPowerShell() {
      const builder = {
        addScript(script: string) {
          scripts.push(script);
          args.push([]);
          return builder;
        },
        addArgument(value: unknown) {
          args.at(-1)!.push(value);
          return builder;
        },
        async *stream(options: { input?: AsyncIterable<unknown> } = {}): AsyncGenerator<PipelineEvent> {
          if (options.input) for await (const _chunk of options.input) void _chunk;
          for (const value of outputs.shift() ?? []) yield { stream: 'output', value } as PipelineEvent;
        },
      };
      return builder;
    },
  };
  return { pool: pool as unknown as RunspacePool, scripts, args };
}

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'psrp-transfer-unit-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function transferWith(pool: RunspacePool) {
  const { console, stderr } = capturedConsole();
  const printer = new RecordPrinter(console, createStyle(false), { showComputerName: false });
  return { transfer: new Transfer(pool, console, printer, 'box', new AbortController().signal), stderr };
}

describe('Transfer', () => {
  it('fetch: a hash that differs exits 4 and leaves nothing at the destination', async () => {
    const { pool } = scriptedPool([[4n, Buffer.from('data').toString('base64'), 'SHA256:0000']]);
    const { transfer, stderr } = transferWith(pool);
    const destination = join(scratch, 'file.bin');
    expect(await transfer.download('/remote/file.bin', destination)).toBe(ExitCode.HashMismatch);
    expect(stderr.text).toMatch(/SHA256 differs \(remote 0000, local 3A6EB079/);
    expect(await readdir(scratch)).toEqual([]);
  });

  it('copy: a hash that differs exits 4, and the remote partial file is removed, not moved into place', async () => {
    const local = join(scratch, 'up.bin');
    await writeFile(local, 'data');
    const { pool, scripts, args } = scriptedPool([['/remote/up.bin'], ['SHA256:0000'], []]);
    const { transfer, stderr } = transferWith(pool);
    expect(await transfer.upload(local, '/remote/')).toBe(ExitCode.HashMismatch);
    expect(stderr.text).toMatch(/The copy's SHA256 differs .*nothing was left at \/remote\/up\.bin/);
    expect(scripts).toHaveLength(3);
    expect(scripts[2]).toContain('Remove-Item -LiteralPath $partial');
    expect(args[2]).toEqual(['/remote/up.bin', false]);
  });
});
