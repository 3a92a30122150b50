import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // Real peers (pwsh starting, NuGet installs) take seconds, not milliseconds.
      testTimeout: 60_000,
      hookTimeout: 600_000,
    },
  }),
);
