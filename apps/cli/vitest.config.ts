import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/**
 * The fan-out test starts 32 PowerShells at once, which slows every other process on a 2-core machine several times
 * over (the transfer test took 82 s beside it instead of 25): it runs in a group of its own, after the other files.
 */
const FAN_OUT_TEST = 'test/fan-out-pwsh.test.ts';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      // Real pwsh processes start in seconds, many at once in tens of seconds on a small machine.
      testTimeout: 180_000,
      hookTimeout: 600_000,
      projects: [
        { extends: true, test: { name: 'cli', exclude: [...configDefaults.exclude, FAN_OUT_TEST] } },
        { extends: true, test: { name: 'fan-out', include: [FAN_OUT_TEST], sequence: { groupOrder: 1 } } },
      ],
    },
  }),
);
