import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@vial/test-redis/global-setup'],
    // Files share one Redis server, and the machine is small: one file at a time.
    fileParallelism: false,
    testTimeout: 20_000,
  },
});
