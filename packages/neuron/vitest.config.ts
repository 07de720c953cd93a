import { defineConfig } from 'vitest/config';

// The integration test runs a chain, four axons and the real loops for a few tempos; `npm test`
// runs every workspace at once on two cores, so give it room.
export default defineConfig({
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
