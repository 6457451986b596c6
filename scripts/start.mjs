// `pnpm start`: builds what the server needs and runs `openalgo serve` with the sandbox broker.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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
/**
 * Builds the server and every broker the root declares (the loader imports their dist/ at run time),
 * saying so first: a fresh clone takes about a minute, and silence reads as a hang. Turbo's
 * `new-only` logs are filtered to one line per package as it starts (or is found cached); the
 * rest is kept and printed only if the build fails, so the error is not lost.
 */
async function build() {
  const started = Date.now();
  console.log('OpenAlgo TS: building packages (first run takes about a minute)…');
  const turbo = spawn('pnpm', ['turbo', 'run', 'build', '--filter=//...', '--output-logs=new-only'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
  });
  const kept = [];
  const onLine = (line) => {
    const task = /^(\S+):build: cache (hit|miss)/.exec(line);
    if (task) console.log(`  ${task[1]}${task[2] === 'hit' ? ' (up to date)' : '…'}`);
    else kept.push(line);
  };
  createInterface({ input: turbo.stdout }).on('line', onLine);
  createInterface({ input: turbo.stderr }).on('line', onLine);
  const code = await new Promise((resolve) => {
    turbo.on('error', (error) => {
      kept.push(String(error));
      resolve(1);
    });
    turbo.on('close', (status) => resolve(status ?? 1));
  });
  if (code !== 0) {
    console.error(kept.join('\n'));
    console.error('OpenAlgo TS: the build failed (output above). Did you run `pnpm install`?');
    process.exit(code);
  }
  console.log(`OpenAlgo TS: built in ${Math.round((Date.now() - started) / 1000)} s; starting the server.`);
}

await build();
run(process.execPath, [
  join(serverDir, 'bin', 'openalgo.js'),
  'serve',
  ...defaults,
  ...process.argv.slice(2).filter((arg) => arg !== '--'),
]);
