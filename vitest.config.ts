import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Suites that share the real PostgreSQL server each use a scratch database of their own.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
