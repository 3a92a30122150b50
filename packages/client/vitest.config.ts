import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real peers (pwsh starting, NuGet installs) take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
