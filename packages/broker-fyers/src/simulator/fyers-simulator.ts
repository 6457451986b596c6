import { type Clock, type Logger, ManualClock, noopLogger, systemClock } from '@openalgo/core';
import { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import { createSimulatorServer, relisten } from '@openalgo/testkit/simulator';
import { accountRoutes } from './account-routes.js';
import { authRoutes } from './auth-routes.js';
import { createBackdoor, type FyersSimulatorBackdoor } from './backdoor.js';
import type { FyersRouteContext } from './context.js';
import { fyersErrorBody, RATE_LIMIT_BODY } from './envelope.js';
import { DEFAULT_REDIRECT_PATH, LOGIN_PATH, loginRoutes } from './login-page.js';
import { MASTER_PATH, marketRoutes } from './market-routes.js';
import { type FyersMaster, fyersMaster } from './master.js';
import { FyersOrderBook } from './order-book.js';
import { FyersRateLimiter } from './rate-limit.js';
import { type FyersCredentials, FyersSessions, randomText } from './sessions.js';
import { attachSockets, HSM_PATH, ORDER_SOCKET_PATH } from './sockets.js';
import { tradingRoutes } from './trading-routes.js';

/** A full-size master: ≥ 100,000 rows over the six segment files (NSE_FO the largest, §3.5). */
export const DEFAULT_MASTER_SIZE = 110_000;

export interface FyersSimulatorOptions {
  /** Drives prices, order times, token expiry and the rate limits. Default: the system clock. */
  clock?: Clock;
  /** Seed of the synthetic market and the generated master. Default 42. */
  seed?: number;
  /** Credentials it accepts; each defaults to a random value (printed by the CLI). */
  appId?: string;
  secretKey?: string;
  userId?: string;
  password?: string;
  pin?: string;
  /** The app's registered redirect URL; default: the simulator's own landing page. */
  redirectUrl?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Rows over the six segment masters (default 110,000). */
  masterSize?: number;
  /** Enforce Fyers' REST limits (10/s, 200/min, 100,000/day) with −353. Default false. */
  rateLimits?: boolean;
  /** The account's opening cash (default: the sandbox's 1 crore). */
  startingCapital?: number;
  /** Length of one synthetic price step in ms (default 1000). */
  tickIntervalMs?: number;
  logger?: Logger;
}

export interface FyersSimulator {
  /** Trading REST root, `…/api/v3` (`https://api-t1.fyers.in/api/v3` at Fyers). */
  readonly apiUrl: string;
  /** Data REST root, `…/data`. */
  readonly dataUrl: string;
  /** The `generate-authcode` login page (the adapter adds client_id, redirect_uri, state). */
  readonly loginUrl: string;
  /** The login page for this app, ready to open in a browser. */
  readonly loginPageUrl: string;
  /** HSM binary market-data socket. */
  readonly dataWsUrl: string;
  /** Order/trade/position socket. */
  readonly orderWsUrl: string;
  /** Base of the segment CSVs (`…/sym_details`, files `NSE_CM.csv` …). */
  readonly instrumentsUrl: string;
  readonly redirectUrl: string;
  readonly port: number;
  readonly credentials: Readonly<FyersCredentials>;
  readonly master: FyersMaster;
  readonly backdoor: FyersSimulatorBackdoor;
  close(): Promise<void>;
}

function credentialsOf(options: FyersSimulatorOptions, redirectUrl: string): FyersCredentials {
  return {
    appId: options.appId ?? `${randomText(10)}-100`,
    secretKey: options.secretKey ?? randomText(10),
    redirectUrl,
    userId: options.userId ?? 'FS12345',
    password: options.password ?? randomText(12, 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
    pin: options.pin ?? randomText(4, '0123456789'),
  };
}

/**
 * A loopback Fyers API v3: trading and data REST, the login page, the segment masters and the two
 * sockets on one port, backed by one sandbox account over the seeded synthetic market.
 */
export async function createFyersSimulator(options: FyersSimulatorOptions = {}): Promise<FyersSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 42;
  const logger = (options.logger ?? noopLogger).child({ component: 'fyers-simulator' });
  const master = fyersMaster({ asOf: clock.now(), seed, size: options.masterSize ?? DEFAULT_MASTER_SIZE });
  const market = new SyntheticMarket({
    clock,
    seed,
    universe: master.sandboxRows(),
    logger,
    ...(options.tickIntervalMs === undefined ? {} : { tickIntervalMs: options.tickIntervalMs }),
  });
  const server = await createSimulatorServer({
    clock,
    logger,
    rateLimitBody: () => RATE_LIMIT_BODY,
    serverErrorBody: () => fyersErrorBody(-96, 'Something went wrong, please try again'),
    notFound: () => ({ status: 404, body: fyersErrorBody(-96, 'Route not found') }),
  });
  const host = options.host ?? '127.0.0.1';
  const port = await relisten(server.httpServer, options.port ?? 0, host);
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const credentials = credentialsOf(options, options.redirectUrl ?? `${origin}${DEFAULT_REDIRECT_PATH}`);
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
  const orders = new FyersOrderBook(engine, market, master, credentials.userId);
  const sessions = new FyersSessions(credentials, clock, server.faults);
  const ctx: FyersRouteContext = {
    master,
    sessions,
    orders,
    engine,
    market,
    clock,
    faults: server.faults,
    limiter: options.rateLimits ? new FyersRateLimiter(clock) : undefined,
  };
  for (const route of [
    ...loginRoutes(sessions),
    ...authRoutes(ctx),
    ...tradingRoutes(ctx),
    ...accountRoutes(ctx),
    ...marketRoutes(ctx),
  ]) {
    server.route(route);
  }
  const sockets = await attachSockets({ server, ctx, logger });
  const wsOrigin = `ws://${origin.slice('http://'.length)}`;
  const loginUrl = `${origin}${LOGIN_PATH}`;
  const loginQuery = new URLSearchParams({
    client_id: credentials.appId,
    redirect_uri: credentials.redirectUrl,
    response_type: 'code',
    state: 'sample_state',
  });

  let closed = false;
  return {
    apiUrl: `${origin}/api/v3`,
    dataUrl: `${origin}/data`,
    loginUrl,
    loginPageUrl: `${loginUrl}?${loginQuery.toString()}`,
    dataWsUrl: `${wsOrigin}${HSM_PATH}`,
    orderWsUrl: `${wsOrigin}${ORDER_SOCKET_PATH}`,
    instrumentsUrl: `${origin}${MASTER_PATH}`,
    redirectUrl: credentials.redirectUrl,
    port,
    credentials,
    master,
    backdoor: createBackdoor({ ctx, server, sockets }),
    async close() {
      if (closed) return;
      closed = true;
      await sockets.close();
      orders.close();
      engine.close();
      market.close();
      await server.close();
    },
  };
}
