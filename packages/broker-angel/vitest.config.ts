import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // No test here waits on wall-clock time (waits go through an injected clock or on the event
    // itself), so a timeout only catches a hang; what it would otherwise measure is CPU, which a busy
    // machine takes away (a 1-3 s master or contract test ran past vitest's 5 s default on two loaded
    // cores). A generous bound keeps hangs failing without making a slow machine fail.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
