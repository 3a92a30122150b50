import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // Real pwsh processes start in seconds, many at once in tens of seconds on a small machine.
      testTimeout: 180_000,
      hookTimeout: 600_000,
    },
  }),
);
