import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds fragment.wasm and its embedded module when assembly/ changed, so tests never run stale wasm.
    globalSetup: ['./test/build-wasm.global.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
