import { defineConfig } from 'vitest/config';

// Benchmarks run one file at a time so they do not compete for the two cores.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
