// `pnpm start`: builds what the server needs and runs `openalgo serve` with the sandbox broker.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const serverDir = join(root, 'packages', 'server');
if (!existsSync(join(serverDir, 'package.json'))) {
  console.log(
    'OpenAlgo TS: server not built yet — @openalgo/server has not landed in this checkout.\n' +
      'The core library is ready: run `pnpm test` to exercise it, and see README.md for the package map.',
  );
  process.exit(0);
}
const run = (cmd, args) => {
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
// The repo root is the app that declares the broker packages and holds the (git-ignored) data
// directory. An environment variable or a flag given to `pnpm start -- …` still wins (later flags
// override). The bin is run with node directly: pnpm does not link a package's own bin into itself.
const defaults = [];
if (!process.env.OPENALGO_APP_DIR) defaults.push('--app-dir', root);
if (!process.env.OPENALGO_DATA_DIR) defaults.push('--data-dir', join(root, '.openalgo'));
if (!process.env.OPENALGO_BROKER) defaults.push('--broker', 'sandbox');
// Build the server and every broker the root declares (the loader imports their dist/ at run time).
run('pnpm', ['turbo', 'run', 'build', '--filter=//...', '--output-logs=errors-only']);
run(process.execPath, [
  join(serverDir, 'bin', 'openalgo.js'),
  'serve',
  ...defaults,
  ...process.argv.slice(2).filter((arg) => arg !== '--'),
]);
