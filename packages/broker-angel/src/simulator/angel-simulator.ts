import {
  type Clock,
  type Logger,
  ManualClock,
  noopLogger,
  randomTotpSecret,
  systemClock,
} from '@openalgo/core';
import { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import {
  createSimulatorServer,
  relisten,
  type SimulatorRequest,
  type SimulatorResponse,
} from '@openalgo/testkit/simulator';
import { accountRoutes } from './account-routes.js';
import { type AngelSimulatorBackdoor, createBackdoor } from './backdoor.js';
import { type AngelRouteContext, AUTH_PREFIX, SECURE_PREFIX } from './context.js';
import { angelError, appError, errorBody, RATE_LIMIT_TEXT } from './envelope.js';
import { MASTER_PATH, marketRoutes } from './market-routes.js';
import { type AngelMaster, angelMaster, DEFAULT_MASTER_SIZE } from './master.js';
import { AngelOrderBook } from './order-book.js';
import { attachOrderSocket, ORDER_SOCKET_PATH, type OrderSocketEndpoint } from './order-socket/index.js';
import { AngelRateLimiter } from './rate-limit.js';
import { type AngelCredentials, AngelSessions } from './sessions.js';
import { attachSmartStream, SMARTSTREAM_PATH, type SmartStreamEndpoint } from './smartstream/index.js';
import { tradingRoutes } from './trading-routes.js';

export interface AngelSimulatorOptions {
  /** Drives prices, order timestamps, token expiry and TOTP codes. Default: the system clock. */
  clock?: Clock;
  /** Seed of the synthetic market and the generated master. Default 42. */
  seed?: number;
  /** Credentials it accepts; the API key, PIN and TOTP secret default to random values (the CLI prints them). */
  apiKey?: string;
  clientCode?: string;
  pin?: string;
  totpSecret?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Rows in the scrip master (default 105,000). */
  masterSize?: number;
  /** Enforce Angel's limits with its plain-text 403. Default false (tests would be throttled). */
  rateLimits?: boolean;
  /** The account's opening cash (default: the sandbox's 1 crore). */
  startingCapital?: number;
  /** Length of one synthetic price step in ms (default 1000). */
  tickIntervalMs?: number;
  logger?: Logger;
}

export interface AngelSimulator {
  /** REST root (`https://apiconnect.angelone.in` at Angel); the SDK's `root`. */
  readonly apiUrl: string;
  /** SmartStream v2 (`wss://smartapisocket.angelone.in/smart-stream` at Angel). */
  readonly wsUrl: string;
  /** The order-status socket (`wss://tns.angelone.in/smart-order-update` at Angel). */
  readonly orderWsUrl: string;
  /** `OpenAPIScripMaster.json` (public, no headers). */
  readonly instrumentsUrl: string;
  readonly port: number;
  /** The clock it runs on (TOTP codes it accepts follow it). */
  readonly clock: Clock;
  readonly credentials: Readonly<AngelCredentials>;
  readonly master: AngelMaster;
  readonly backdoor: AngelSimulatorBackdoor;
  /** The route context (sessions, master, market, order book). */
  readonly context: AngelRouteContext;
  /** The two sockets on the simulator's port (drop or stall their connections in tests). */
  readonly sockets: { readonly market: SmartStreamEndpoint; readonly orders: OrderSocketEndpoint };
  close(): Promise<void>;
}

function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(Math.floor(Math.random() * 10));
  return out;
}

function defaultCredentials(options: AngelSimulatorOptions): AngelCredentials {
  return {
    apiKey: options.apiKey ?? Math.random().toString(36).slice(2, 10),
    clientCode: options.clientCode ?? 'S123456',
    pin: options.pin ?? randomDigits(4),
    totpSecret: options.totpSecret ?? randomTotpSecret(),
  };
}

/**
 * A SmartAPI route the simulator does not serve (GTT, eDIS, analytics…) is refused in Angel's own
 * envelope on HTTP 200 — AB2000 "Error not specified" with the reason — so an SDK shows it (the JS SDK
 * hides non-2xx bodies, §2.3). Any other path is a plain 404, as Angel's gateway answers one.
 */
function notServed(req: SimulatorRequest): SimulatorResponse {
  if (req.path.startsWith(`${SECURE_PREFIX}/`) || req.path.startsWith(`${AUTH_PREFIX}/`)) {
    return angelError(appError('AB2000', `${req.method} ${req.path} is not served by the Angel simulator`));
  }
  return { status: 404, body: 'Not Found' };
}

/**
 * SmartStream and the order-status socket (the `smartstream/` and `order-socket/` modules) on the
 * REST port, checking the same sessions: SmartStream wants a live jwt (raw or `Bearer`; absent in the
 * browser variant), the app's API key, the client code and a live feed token (§2.9).
 */
async function attachSockets(
  ctx: AngelRouteContext,
  server: Parameters<typeof attachSmartStream>[0]['server'],
  logger: Logger,
): Promise<AngelSimulator['sockets']> {
  const { sessions, master, market, orders } = ctx;
  const { apiKey, clientCode } = sessions.credentials;
  const marketSocket = await attachSmartStream({
    server,
    path: SMARTSTREAM_PATH,
    authorize: (c) => {
      if (c.jwt !== '' && !sessions.isLiveJwt(c.jwt)) return 'Auth token';
      if (c.clientCode.toUpperCase() !== clientCode.toUpperCase()) return 'Client Code';
      if (c.apiKey !== apiKey) return 'API Key';
      return sessions.isLiveFeedToken(c.feedToken) ? true : 'Feed Token';
    },
    lookup: (exchSeg, token) => {
      const row = master.byExchangeToken(exchSeg, token);
      return row ? { tickSize: row.tickSize, sandbox: row.sandbox } : undefined;
    },
    market,
    logger,
  });
  const orderSocket = await attachOrderSocket({
    server,
    path: ORDER_SOCKET_PATH,
    authorize: (jwt) => {
      const state = sessions.jwtState(jwt);
      return state === 'live' ? true : state;
    },
    onOrderUpdate: (listener) => orders.onUpdate(({ status, order }) => listener({ status, order })),
    clientCode,
    logger,
  });
  return { market: marketSocket, orders: orderSocket };
}

/**
 * A loopback Angel One SmartAPI: the REST API, both sockets and the scrip master on one port, backed by one sandbox
 * account over the seeded synthetic market.
 */
export async function createAngelSimulator(options: AngelSimulatorOptions = {}): Promise<AngelSimulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 42;
  const logger = (options.logger ?? noopLogger).child({ component: 'angel-simulator' });
  const credentials = defaultCredentials(options);
  const master = angelMaster({ asOf: clock.now(), seed, size: options.masterSize ?? DEFAULT_MASTER_SIZE });
  const market = new SyntheticMarket({
    clock,
    seed,
    universe: master.sandboxRows(),
    logger,
    ...(options.tickIntervalMs === undefined ? {} : { tickIntervalMs: options.tickIntervalMs }),
  });
  const engine = new SandboxEngine({
    accountId: credentials.clientCode,
    priceSource: market,
    clock,
    logger,
    ...(options.startingCapital === undefined
      ? {}
      : { settings: { startingCapital: options.startingCapital } }),
  });
  // On a real clock, square-off and settlement happen on time even when no request arrives.
  if (!(clock instanceof ManualClock)) engine.startScheduler();
  const orders = new AngelOrderBook(engine, master, clock);

  const server = await createSimulatorServer({
    clock,
    logger,
    // The kit's rate-limit fault answers 429 (Angel "sometimes" does, §2.6) with Angel's plain text.
    rateLimitBody: () => RATE_LIMIT_TEXT,
    serverErrorBody: () => errorBody(appError('AB2001', 'Internal Error, Please try after sometime')),
    notFound: notServed,
  });
  const host = options.host ?? '127.0.0.1';
  const port = await relisten(server.httpServer, options.port ?? 0, host);
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const ctx: AngelRouteContext = {
    master,
    sessions: new AngelSessions(credentials, clock, server.faults),
    orders,
    engine,
    market,
    clock,
    faults: server.faults,
    limiter: options.rateLimits ? new AngelRateLimiter(clock) : undefined,
  };
  for (const route of [...accountRoutes(ctx), ...tradingRoutes(ctx), ...marketRoutes(ctx)])
    server.route(route);
  const sockets = await attachSockets(ctx, server, logger);

  let closed = false;
  return {
    apiUrl: origin,
    wsUrl: `ws://${origin.slice('http://'.length)}${SMARTSTREAM_PATH}`,
    orderWsUrl: `ws://${origin.slice('http://'.length)}${ORDER_SOCKET_PATH}`,
    instrumentsUrl: `${origin}${MASTER_PATH}`,
    port,
    clock,
    credentials,
    master,
    backdoor: createBackdoor({ ctx, server }),
    context: ctx,
    sockets,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([sockets.market.close(), sockets.orders.close()]);
      orders.close();
      engine.close();
      market.close();
      await server.close();
    },
  };
}
