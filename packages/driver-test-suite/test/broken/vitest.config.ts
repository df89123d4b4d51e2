import { defineConfig } from 'vitest/config';

// Runs the suite against the deliberately broken drivers of this folder. Used
// by ../broken-drivers.test.ts in a child process; every driver here is broken.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.suite.ts'],
  },
});
