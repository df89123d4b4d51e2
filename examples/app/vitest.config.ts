import { defineConfig } from 'vitest/config';

export default defineConfig({
  // A real Chromium starts in a second or two, slower on a busy 2-core machine.
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
});
