import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The end-to-end test starts a node and four neurons as processes.
    testTimeout: 240_000,
    hookTimeout: 60_000,
  },
});
