import { defineConfig } from 'vitest/config';

// Runs the suite against the deliberately broken drivers of this folder. Used
// by ../broken-drivers.test.ts in a child process; every file here must fail.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.suite.ts'],
  },
});
