import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// In your own package: `npm i zod` and delete this alias. In this repository the example borrows
// core's copy, because the workspace root does not declare zod.
const fromCore = createRequire(new URL('../../packages/core/package.json', import.meta.url));

export default defineConfig({
  resolve: { alias: { zod: fromCore.resolve('zod') } },
  test: {
    include: ['test/**/*.test.ts'],
    // The contract checks wait on the simulator's ManualClock, never on the wall clock: the timeout
    // only catches a hang, so a slow machine does not fail them (the scaffold's config says the same).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
