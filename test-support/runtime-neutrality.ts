/**
 * The runtime-neutrality contract, as one suite each runtime-neutral package runs on its own src/: no Node built-in
 * imported outside the Node-only entry points, optionally no package beyond a list, Node's globals only where
 * allowed, and the main entry bundling for the browser platform. (Real runtimes run in fragment's test:runtimes.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

export interface RuntimeNeutralityOptions {
  /** The package's src/ folder. */
  source: string;
  /** A walk that finds no more source files than this has gone wrong. */
  minimumFiles: number;
  /** Paths relative to `source` (with `/`) of the Node-only entry points and what only they use; exempt from every check. */
  nodeOnly?: readonly RegExp[];
  /** When given, the only packages the other files may import; everything else must be relative. */
  packages?: readonly string[];
  /** When given, exactly the files (relative to `source`) that reach Node's globals (Buffer, process, require). */
  nodeGlobalsIn?: readonly string[];
  /** The entry (relative to `source`) to bundle for the browser platform, and text its output must contain. */
  bundle?: { entry: string; marker: RegExp };
}

const COMMENTS = /\/\/.*|\/\*[\s\S]*?\*\//g;
// import, export ... from, side-effect import and import(): the specifier after `from`, `import` or `import(`.
const SPECIFIERS = /(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g;
const NODE_GLOBALS = /\b(?:Buffer|process|require)\b/;
const RELATIVE = /^\.\.?\//;

interface SourceFile {
  /** Relative to the source folder, with `/`. */
  name: string;
  /** The text without comments, which may name anything. */
  code: string;
}

function sourceFiles(source: string, directory = source): SourceFile[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(source, path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) return [];
    return [{ name: relative(source, path).split(sep).join('/'), code: readFileSync(path, 'utf8').replace(COMMENTS, '') }];
  });
}

function specifiers(file: SourceFile): string[] {
  return [...file.code.matchAll(SPECIFIERS)].map((match) => match[1]!);
}

/** Registers the runtime-neutrality tests for one package. */
export function describeRuntimeNeutrality(options: RuntimeNeutralityOptions): void {
  const { source, minimumFiles, nodeOnly = [], packages, nodeGlobalsIn, bundle } = options;
  const all = sourceFiles(source);
  const neutral = all.filter((file) => !nodeOnly.some((pattern) => pattern.test(file.name)));

  describe('runtime neutrality', () => {
    it(`finds more than ${minimumFiles} source files`, () => {
      expect(all.length).toBeGreaterThan(minimumFiles);
    });

    it('imports no Node built-in outside the Node-only entry points', () => {
      const offenders = neutral.flatMap((file) => specifiers(file).filter(isBuiltin).map((specifier) => `${file.name}: ${specifier}`));
      expect(offenders).toEqual([]);
    });

    if (packages !== undefined) {
      it(`imports only relative modules${packages.length > 0 ? ` and ${packages.join(', ')}` : ''}`, () => {
        const offenders = neutral.flatMap((file) =>
          specifiers(file)
            .filter((specifier) => !RELATIVE.test(specifier) && !packages.includes(specifier))
            .map((specifier) => `${file.name}: ${specifier}`),
        );
        expect(offenders).toEqual([]);
      });
    }

    if (nodeGlobalsIn !== undefined) {
      it(`reaches Buffer, process and require only in ${nodeGlobalsIn.length > 0 ? nodeGlobalsIn.join(', ') : 'no file'}`, () => {
        const users = neutral.filter((file) => NODE_GLOBALS.test(file.code)).map((file) => file.name);
        expect(users).toEqual([...nodeGlobalsIn]);
      });
    }

    if (bundle !== undefined) {
      it(`bundles ${bundle.entry}, with its dependencies, for the browser platform`, async () => {
        const { build } = await import('esbuild');
        const result = await build({
          entryPoints: [join(source, bundle.entry)],
          bundle: true,
          platform: 'browser',
          format: 'esm',
          write: false,
          logLevel: 'silent',
        });
        expect(result.errors).toEqual([]);
        const output = result.outputFiles[0]!.text;
        expect(output).toMatch(bundle.marker);
        expect(output).not.toMatch(/from\s*"node:/);
      });
    }
  });
}
