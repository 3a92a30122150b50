// A suite that leaks a rejection on purpose, run by packages/testkit/test/unhandled-rejection-guard.test.ts only.
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(sharedTestConfig, defineConfig({ test: { include: ['*.fixture-test.ts'] } }));
