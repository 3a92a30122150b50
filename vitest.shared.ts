import { defineConfig } from 'vitest/config';

/**
 * Defaults every package's suite starts from. turbo runs the suites side by side on a 2-core machine, so
 * property and fuzz runs get more than vitest's 5 s before they count as hung.
 */
export const sharedTestConfig = defineConfig({
  test: {
    testTimeout: 30_000,
  },
});
