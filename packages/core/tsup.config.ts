import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` is its own entry (`@openalgo/core/testing`) so the main entry never loads the test doubles.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
