/**
 * The build every package shares (each package's tsup.config.ts adds its entries and what is its own): ESM with
 * declarations from the source and source maps.
 */
import type { Options } from 'tsup';

/** A runtime-neutral library: ES2022 for every runtime, no platform assumed. */
export function libraryBuild(entry: string[], options: Options = {}): Options {
  return { entry, format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'es2022', ...options };
}

/** Node-only code (the testkit, the CLI): the engines' oldest Node, Node built-ins left to Node. */
export function nodeBuild(entry: string[], options: Options = {}): Options {
  return libraryBuild(entry, { target: 'node20', platform: 'node', ...options });
}
