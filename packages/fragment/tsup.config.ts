import { copyFileSync, mkdirSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';
// @ts-expect-error -- a plain .mjs build script without declarations
import { WASM_FILE, buildWasm } from './scripts/build-wasm.mjs';

// asc -> build/fragment.wasm -> src/generated/fragment-wasm.ts, before tsup reads the sources.
await buildWasm();

export default defineConfig(
  libraryBuild(['src/index.ts'], {
    // workerd cannot compile wasm bytes at run time: it imports this file as a module instead.
    onSuccess: async () => {
      mkdirSync('dist', { recursive: true });
      copyFileSync(WASM_FILE, 'dist/fragment.wasm');
    },
  }),
);
