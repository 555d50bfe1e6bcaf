import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    // timed at the bot: run alone afterwards (vitest.timing.config.ts)
    exclude: ['test/timing/**', '**/node_modules/**'],
    // e2e tests spawn the built CLI and local servers; 2-core machines need the headroom
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
