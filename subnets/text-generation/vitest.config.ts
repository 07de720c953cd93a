import { defineConfig } from 'vitest/config';

// The end-to-end tests load real ONNX models and serve real axons; `npm test` runs every
// workspace at once on two cores, so a test may wait its turn far longer than it takes alone.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 120_000 },
});
