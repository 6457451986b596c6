#!/usr/bin/env node
// Thin launcher so the bin works from an installed package: the CLI itself is built into dist/.
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error(
      'openalgo: the server is not built yet. Run `pnpm build` (or `pnpm start` at the repo root).',
    );
    process.exit(1);
  }
  throw error;
});
