import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['@vial/test-redis/global-setup'],
    // Files share one server and one cluster, and some count the commands
    // those servers process: run files one at a time (the machine is small anyway).
    fileParallelism: false,
    testTimeout: 20_000,
  },
});
