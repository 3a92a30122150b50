/**
 * @psrp/fragment is runtime-neutral: nothing in src/ (tests aside) imports node:* or a Node
 * builtin, and Buffer is reached only through the one adapter, runtime-native.ts. The bundle for
 * browsers and workerd is exercised for real by `npm run test:runtimes`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);

describe('runtime neutrality', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((file) => [relative(SRC, file), file]))('%s imports nothing from Node', (_, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text).not.toMatch(/from\s+['"](node:|fs|path|buffer|crypto|os|util)['"/]/);
    expect(text).not.toMatch(/\brequire\(/);
  });

  it('reaches Buffer only in runtime-native.ts', () => {
    const users = files.filter((file) => /\bBuffer\b/.test(readFileSync(file, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')));
    expect(users.map((file) => relative(SRC, file))).toEqual(['runtime-native.ts']);
  });
});
