import { type Clock, type Logger, ManualClock, noopLogger, systemClock } from '@openalgo/core';
import { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import { createSimulatorServer, relisten } from '@openalgo/testkit/simulator';
import { accountRoutes } from './account-routes.js';
import { createBackdoor, type KiteSimulatorBackdoor } from './backdoor.js';
import type { KiteRouteContext } from './context.js';
import { kiteError, kiteErrorBody, RATE_LIMIT_BODY } from './envelope.js';
import { KiteGttBook } from './gtt-book.js';
import { gttRoutes } from './gtt-routes.js';
import { DEFAULT_REDIRECT_PATH, LOGIN_PATH, loginRoutes } from './login-page.js';
import { marketRoutes } from './market-routes.js';
import { type KiteMaster, kiteMaster } from './master.js';
import { KiteOrderBook } from './order-book.js';
import { KiteRateLimiter } from './rate-limit.js';
import { type KiteCredentials, KiteSessions, randomToken } from './sessions.js';
import { KiteTicker } from './ticker.js';
import { tradingRoutes } from './trading-routes.js';

/** A full-size master: Kite's all-exchange dump has about 10⁵ rows. */
export const DEFAULT_MASTER_SIZE = 105_000;

export interface KiteSimulatorOptions {
  /** Drives prices, order timestamps, token expiry and heartbeats. Default: the system clock. */
  clock?: Clock;
  /** Seed of the synthetic market and the generated master. Default 42. */
  seed?: number;
  /** Credentials it accepts; each defaults to a random value (printed by the CLI). */
  apiKey?: string;
  apiSecret?: string;
  userId?: string;
  password?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Rows in the instrument master (default 105,000). */
  masterSize?: number;
  /** The app's registered redirect URL; default: the simulator's own landing page. */
  redirectUrl?: string;
  /** Enforce Kite's rate limits (per second and per minute) with 429s. Default false (tests would be throttled). */
  rateLimits?: boolean;
  /** The account's opening cash (default: the sandbox's 1 crore). */
  startingCapital?: number;
  /** Length of one synthetic price step in ms (default 1000). */
  tickIntervalMs?: number;
  logger?: Logger;
}

export interface KiteSimulator {
  /** REST root (`https://api.kite.trade` at Kite). */
  readonly apiUrl: string;
  /** The login page's base URL (the adapter adds `api_key`, `v` and `redirect_params`). */
  readonly loginUrl: string;
  /** The login page for this app, ready to open in a browser. */
  readonly loginPageUrl: string;
  /** The ticker WebSocket (`wss://ws.kite.trade` at Kite); auth goes in the query. */
  readonly wsUrl: string;
  /** `GET /instruments` (the full CSV master). */
  readonly instrumentsUrl: string;
  readonly redirectUrl: string;
  readonly port: number;
  readonly credentials: Readonly<KiteCredentials>;
  readonly master: KiteMaster;
  readonly backdoor: KiteSimulatorBackdoor;
  close(): Promise<void>;
}

function defaultCredentials(options: KiteSimulatorOptions): KiteCredentials {
  return {
    apiKey: options.apiKey ?? randomToken(16, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    apiSecret: options.apiSecret ?? randomToken(32, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    userId: options.userId ?? 'ZS1234',
    password: options.password ?? randomToken(12),
  };
}

/**
 * A loopback Kite Connect v3: the REST API, the login page, the instrument master and the ticker
 * WebSocket on one port, backed by one sandbox account over the seeded synthetic market.
 */
export async function createKiteSimulator(options: KiteSimulatorOptions = {}): Promise<KiteSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 42;
  const logger = (options.logger ?? noopLogger).child({ component: 'kite-simulator' });
  const credentials = defaultCredentials(options);
  const master = kiteMaster({ asOf: clock.now(), seed, size: options.masterSize ?? DEFAULT_MASTER_SIZE });
  const market = new SyntheticMarket({
    clock,
    seed,
    universe: master.sandboxRows(),
    logger,
    ...(options.tickIntervalMs === undefined ? {} : { tickIntervalMs: options.tickIntervalMs }),
  });
  const engine = new SandboxEngine({
    accountId: credentials.userId,
    priceSource: market,
    clock,
    logger,
    ...(options.startingCapital === undefined
      ? {}
      : { settings: { startingCapital: options.startingCapital } }),
  });
  // On a real clock, square-off and settlement happen on time even when no request arrives.
  if (!(clock instanceof ManualClock)) engine.startScheduler();
  const orders = new KiteOrderBook(engine, master, clock, credentials.userId);

  const server = await createSimulatorServer({
    clock,
    logger,
    rateLimitBody: () => RATE_LIMIT_BODY,
    serverErrorBody: () => kiteErrorBody('NetworkException', 'Service unavailable'),
    notFound: () => kiteError(404, 'GeneralException', 'Route not found'),
  });
  const host = options.host ?? '127.0.0.1';
  const port = await relisten(server.httpServer, options.port ?? 0, host);
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const redirectUrl = options.redirectUrl ?? `${origin}${DEFAULT_REDIRECT_PATH}`;
  const sessions = new KiteSessions(credentials, clock, server.faults);
  const ctx: KiteRouteContext = {
    master,
    sessions,
    orders,
    gtts: new KiteGttBook(engine, master, orders, credentials.userId),
    engine,
    market,
    clock,
    faults: server.faults,
    limiter: options.rateLimits ? new KiteRateLimiter(clock) : undefined,
    orderTimeouts: { left: 0 },
  };
  for (const route of [
    ...loginRoutes({ sessions, redirectUrl: () => redirectUrl }),
    ...accountRoutes(ctx),
    ...tradingRoutes(ctx),
    ...gttRoutes(ctx),
    ...marketRoutes(ctx),
  ]) {
    server.route(route);
  }
  const ticker = await KiteTicker.start({
    server,
    path: '/',
    sessions,
    master,
    market,
    orders,
    clock,
    logger,
  });
  const loginUrl = `${origin}${LOGIN_PATH}`;

  let closed = false;
  return {
    apiUrl: origin,
    loginUrl,
    loginPageUrl: `${loginUrl}?api_key=${encodeURIComponent(credentials.apiKey)}&v=3`,
    wsUrl: `ws://${origin.slice('http://'.length)}/`,
    instrumentsUrl: `${origin}/instruments`,
    redirectUrl,
    port,
    credentials,
    master,
    backdoor: createBackdoor({ ctx, server, ticker }),
    async close() {
      if (closed) return;
      closed = true;
      await ticker.close();
      orders.close();
      engine.close();
      market.close();
      await server.close();
    },
  };
}
