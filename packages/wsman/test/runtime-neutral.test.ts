/**
 * @psrp/wsman's fetch path must run on every runtime: it bundles for the browser platform with no
 * Node built-in, and no source file imports node:*.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SOURCE = join(import.meta.dirname, '..', 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('runtime neutrality', () => {
  it('no source file imports a node: module', () => {
    const files = sourceFiles(SOURCE);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((file) => /from\s+['"]node:|require\(['"]node:/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('bundles for the browser platform', async () => {
    const result = await build({
      entryPoints: [join(SOURCE, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const output = result.outputFiles[0]!.text;
    expect(output).toMatch(/WSManClient = class/);
    expect(output).not.toMatch(/from\s*"node:/);
  });
});
