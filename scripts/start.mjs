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
run('pnpm', ['turbo', 'run', 'build', '--filter=@openalgo/server...', '--output-logs=errors-only']);
run('pnpm', [
  '--filter',
  '@openalgo/server',
  'exec',
  'openalgo',
  'serve',
  '--broker',
  'sandbox',
  ...process.argv.slice(2),
]);
