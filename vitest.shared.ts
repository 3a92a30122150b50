import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Defaults every package's suite starts from. turbo runs the suites side by side on a 2-core machine, so
 * property and fuzz runs get more than vitest's 5 s before they count as hung.
 *
 * Unhandled rejections (issue 12): vitest 4 already catches them and fails the run (`dangerouslyIgnoreUnhandledErrors`
 * defaults to false), but reports every test as passed; it is set here so no package turns it off, and the setup file
 * fails the very test (or file) during which one surfaced. packages/testkit/test/unhandled-rejection-guard.test.ts
 * proves both on a fixture suite.
 */
export const sharedTestConfig = defineConfig({
  test: {
    testTimeout: 30_000,
    dangerouslyIgnoreUnhandledErrors: false,
    setupFiles: [fileURLToPath(new URL('./test-support/unhandled-rejections.ts', import.meta.url))],
  },
});
