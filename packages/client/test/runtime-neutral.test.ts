/**
 * Everything in @psrp/client but the Node-only process connection must run on every runtime: no source file
 * outside transport/process and process.ts imports node:*, and the main entry bundles for the browser platform.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const SOURCE = join(import.meta.dirname, '..', 'src');
const NODE_ONLY = [/^transport\/process\//, /^process\.ts$/];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('runtime neutrality', () => {
  it('imports node: modules only in the Node-only entry and its connection', () => {
    const files = sourceFiles(SOURCE).map((file) => relative(SOURCE, file));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files
      .filter((file) => !NODE_ONLY.some((pattern) => pattern.test(file)))
      .filter((file) => /from\s+['"]node:/.test(readFileSync(join(SOURCE, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('bundles the main entry, with its dependencies, for the browser platform', async () => {
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
    expect(output).toMatch(/RunspacePool = class/);
    expect(output).not.toMatch(/from\s*"node:/);
  });
});
