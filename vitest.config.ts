import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-redis.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores here: the end-to-end files start servers and child processes of their own.
    maxWorkers: 2,
  },
});
