import { defineConfig } from 'vitest/config';

/** Tests that measure time at the bot: one file at a time, after the main suite, on a quiet machine. */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/timing/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
  },
});
