/**
 * @psrp/clixml runs on every runtime (Node, Deno, Bun, workerd, browsers): its source imports nothing
 * but its own files and the runtime-neutral @psrp/fragment (for base64), so no `node:*` module or other
 * package can slip in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const SOURCE_DIR = join(import.meta.dirname, '../src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('runtime neutrality', () => {
  test('src/ imports only relative modules and @psrp/fragment, and uses no Node globals', () => {
    const files = sourceFiles(SOURCE_DIR);
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((match) => match[1]);
      for (const specifier of specifiers) expect(specifier, relative(SOURCE_DIR, file)).toMatch(/^(?:\.\.?\/|@psrp\/fragment$)/);
      expect(text, relative(SOURCE_DIR, file)).not.toMatch(/\b(?:Buffer|process|require)\s*[.(]/);
    }
  });
});
