import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The generated-package test packs the workspace, installs offline and runs a nested contract suite:
    // minutes of CPU on a loaded machine, no waiting on the clock. The timeout only catches a hang.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
