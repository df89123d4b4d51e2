import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The smoke run starts its own Redis and ten HTTP servers: 105 s measured at load
    // average 8.8 on the 2 shared cores, so the limit leaves room for worse.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
