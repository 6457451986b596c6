import type { Logger as PinoLogger } from 'pino';
import { BROKERS_FILE } from '../accounts/broker-config.js';
import { recordServerStart } from '../accounts/simulated-runs.js';
import { buildServer, type ServerHandle } from '../app.js';
import type { ServerUrls } from '../auth/pages.js';
import type { ServerConfig } from '../config.js';
import { createServerLogger } from '../logging.js';
import {
  type DataDirLock,
  DataDirLockedError,
  HOLDER_FILE,
  LOCK_FILE,
  lockDataDir,
} from '../store/data-dir-lock.js';
import { describePermissionProblems, secureDataDir } from '../store/data-dir-permissions.js';
import { DATABASE_FILES, SqliteStore } from '../store/sqlite-store.js';
import { configFrom, parse, SERVE_OPTIONS } from './flags.js';
import { type CliIo, EXIT } from './io.js';

export const SERVE_USAGE = `openalgo serve [options]
  --host <addr>        address to listen on (OPENALGO_HOST, default 127.0.0.1)
  --port <n>           HTTP port: REST API, docs, login pages, /ws (OPENALGO_PORT, default 5000)
  --ws-port <n|off>    standalone WebSocket port, OpenAlgo's 8765 (OPENALGO_WS_PORT)
  --data-dir <dir>     database, secret key, brokers.json, instrument cache (OPENALGO_DATA_DIR, default ./.openalgo)
  --broker <id>        broker of the default account (OPENALGO_BROKER, default sandbox)
  --app-dir <dir>      app whose package.json declares the broker packages (OPENALGO_APP_DIR)
  --broker-path <dir>  also load a broker package from this directory (repeatable; OPENALGO_BROKER_PATHS)
  --public-url <url>   how users reach this server, for login links (OPENALGO_PUBLIC_URL)
  --log-level <level>  fatal|error|warn|info|debug|trace|silent (OPENALGO_LOG_LEVEL, default info)
  --rekey              accept a new secret key: resets every API key and broker session
  --simulate           run --broker against the loopback simulator its package ships: the real adapter
                       and login flow, no real broker or money (OPENALGO_SIMULATE=1)`;

/** Where to log in to the simulated broker, and with what: printed so a browser can do it. */
function simulationLines(server: ServerHandle): string[] {
  const simulation = server.simulation();
  if (!simulation) return [];
  const lines = [
    `  Broker:     ${simulation.broker} is SIMULATED: ${simulation.packageName}'s loopback simulator, not the real broker (no real orders, no real money)`,
    `  Log in:     ${simulation.loginUrl}   (open it in a browser)`,
  ];
  if (simulation.login) {
    lines.push(
      `              on the simulator's login page: user id ${simulation.login.userId}, password ${simulation.login.password}`,
    );
    for (const [label, value] of Object.entries(simulation.login.extra ?? {})) {
      lines.push(`              ${label}: ${value}`);
    }
  }
  return lines;
}

/** The text `openalgo serve` prints once it listens. Exported for tests. */
export function serveBanner(
  server: ServerHandle,
  urls: ServerUrls,
  config: { dataDir: string; apiKey: string | undefined },
): string {
  const account = server.defaultAccount;
  const lines = [
    '',
    'OpenAlgo TS server is running',
    `  URL:        ${urls.http}/   (accounts and broker login)`,
    `  API:        ${urls.http}/api/v1/`,
    `  API docs:   ${urls.docs}`,
    `  WebSocket:  ${urls.wsPort ?? urls.ws}${urls.wsPort ? `  (also ${urls.ws})` : ''}`,
    `  Account:    ${account.id} (broker ${account.broker})`,
    ...simulationLines(server),
  ];
  let key = '<your api key>';
  if (server.newApiKey) {
    key = server.newApiKey;
    lines.push(
      `  API key:    ${server.newApiKey}`,
      '              ^ shown only this once (it is stored hashed). Lost it? openalgo apikey --regenerate',
    );
  } else if (config.apiKey) {
    lines.push('  API key:    the one in OPENALGO_API_KEY');
  } else {
    const prefixes = server.security.apiKeys.keysOf(account.id).map((k) => `${k.prefix}…`);
    lines.push(
      `  API key:    issued earlier (${prefixes.join(', ')}); keys are stored hashed and cannot be shown again.`,
      '              To get a new one (the old one stops working): openalgo apikey --regenerate',
    );
  }
  const sourceOfSecret =
    server.secretSource.kind === 'env'
      ? 'OPENALGO_SECRET_KEY'
      : `${server.secretSource.path}${server.secretSource.created ? ' (created now — back it up)' : ''}`;
  lines.push(`  Data:       ${config.dataDir}`, `  Secret key: ${sourceOfSecret}`, '');
  if (account.broker === 'sandbox' || server.simulation()) {
    lines.push(
      // CNC, not MIS: the sandbox (and the simulators over it) refuse MIS outside 09:00–15:15 IST.
      server.simulation() ? 'After logging in, place a simulated order:' : 'Place a paper order:',
      `  curl -s ${urls.http}/api/v1/placeorder -H 'content-type: application/json' \\`,
      `    -d '{"apikey":"${key}","strategy":"readme","symbol":"SBIN","exchange":"NSE","action":"BUY","quantity":1,"pricetype":"MARKET","product":"CNC"}'`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `openalgo serve`: runs until SIGINT/SIGTERM, then shuts down gracefully. A second signal exits at once. */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, SERVE_OPTIONS);
  if (values.help) {
    io.stdout.write(`${SERVE_USAGE}\n`);
    return EXIT.ok;
  }
  const config = configFrom(values, io, { serve: true });
  // Logs are JSON lines on stdout, beside the banner; a test's io gets them instead of the terminal.
  const destination =
    io.stdout === process.stdout ? undefined : { write: (line: string) => io.stdout.write(line) };
  const logger = createServerLogger({ level: config.logLevel, destination });
  // Before anything is written: the dir made private, then one writer per data dir.
  const lock = takeDataDir(config.dataDir, config.simulate ? config.broker : undefined, logger, io);
  if (!lock) return EXIT.usage;
  try {
    recordRun(config);
    await runServer(config, logger, io);
  } finally {
    lock.release();
  }
  logger.info({}, 'server stopped');
  logger.flush();
  return EXIT.ok;
}

/**
 * Makes the data dir private (one warning for what cannot be) and takes its exclusive lock; on a dir
 * another server holds, says so on stderr and returns undefined.
 */
function takeDataDir(
  dataDir: string,
  simulating: string | undefined,
  logger: PinoLogger,
  io: CliIo,
): DataDirLock | undefined {
  const permissions = secureDataDir(dataDir, [...DATABASE_FILES, LOCK_FILE, HOLDER_FILE, BROKERS_FILE]);
  if (permissions.tightened.length > 0) {
    logger.info({ paths: permissions.tightened }, 'data dir: made private (0700 dir, 0600 files)');
  }
  if (permissions.problems.length > 0) {
    const paths = permissions.problems.map((p) => p.path);
    logger.warn({ paths }, describePermissionProblems(permissions.problems));
  }
  try {
    return lockDataDir(dataDir, { simulating });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    io.stderr.write(`openalgo serve: ${error.message}\n`);
    return undefined;
  }
}

/**
 * Once the lock is held and before the server opens any account: the previous holder's `--simulate`
 * run (if any) has ended, so the sessions its simulator issued read "ended" from now on.
 */
function recordRun(config: ServerConfig): void {
  const store = SqliteStore.openDataDir(config.dataDir);
  try {
    recordServerStart(store.settings, config.simulate ? config.broker : undefined, Date.now());
  } finally {
    store.close();
  }
}

/** Builds, starts and runs the server until SIGINT/SIGTERM; the data dir is already locked. */
async function runServer(config: ServerConfig, logger: PinoLogger, io: CliIo): Promise<void> {
  const server = await buildServer({ config, logger, env: io.env });
  let urls: ServerUrls;
  try {
    urls = await server.start();
  } catch (error) {
    // The key minted for this start was never shown (the banner prints only once listening) and is
    // stored only hashed: forget it, so the next start mints one and prints it.
    if (server.newApiKey) server.security.apiKeys.revoke(server.newApiKey);
    await server.close();
    throw error;
  }
  io.stdout.write(serveBanner(server, urls, config));
  logger.info(
    { url: urls.http, ws: urls.wsPort ?? urls.ws, account: server.defaultAccount.id },
    'server listening',
  );

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => () => {
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      io.signals.off('SIGINT', onInt);
      io.signals.off('SIGTERM', onTerm);
      const force = () => {
        io.stderr.write('openalgo: second signal, exiting now\n');
        process.exit(EXIT.failed);
      };
      io.signals.once('SIGINT', force);
      io.signals.once('SIGTERM', force);
      server.close().then(
        () => {
          io.signals.off('SIGINT', force);
          io.signals.off('SIGTERM', force);
          resolve();
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error during shutdown');
          resolve();
        },
      );
    };
    const onInt = stop('SIGINT');
    const onTerm = stop('SIGTERM');
    io.signals.once('SIGINT', onInt);
    io.signals.once('SIGTERM', onTerm);
  });
}
