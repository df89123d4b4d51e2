import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One standalone server and one three-node cluster for the whole run.
    globalSetup: ['@vial/test-redis/global-setup'],
    // Fault tests wait for the client's own timeouts (about a second each).
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
