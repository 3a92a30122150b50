/**
 * The build every package shares (each package's tsup.config.ts adds its entries and what is its own): ESM with
 * declarations from the source and source maps.
 */
import type { Options } from 'tsup';

/**
 * A runtime-neutral library: ES2022 for every runtime, no platform assumed. keepNames: a class's `name` is the one in
 * the source (the bundler renames a class that refers to itself, `_PSObject`, which console.log and messages showed).
 */
export function libraryBuild(entry: string[], options: Options = {}): Options {
  return { entry, format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'es2022', keepNames: true, ...options };
}

/** Node-only code (the testkit, the CLI): the engines' oldest Node, Node built-ins left to Node. */
export function nodeBuild(entry: string[], options: Options = {}): Options {
  return libraryBuild(entry, { target: 'node20', platform: 'node', ...options });
}
