import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The smoke run starts its own Redis and HTTP servers and takes tens of seconds.
    testTimeout: 120_000,
  },
});
