import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // Builds fragment.wasm and its embedded module when assembly/ changed, so tests never run stale wasm.
      globalSetup: ['./test/build-wasm.global.ts'],
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    },
  }),
);
