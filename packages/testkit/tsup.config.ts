import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/simulator/index.ts', 'src/oracle/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
