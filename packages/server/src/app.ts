import type { AddressInfo } from 'node:net';
import type { Clock } from '@openalgo/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Logger as PinoLogger } from 'pino';
import { BrokerSimulation, type SimulationInfo } from './accounts/broker-simulator.js';
import { applicationRoutes } from './api/application-routes.js';
import { MAX_BODY_BYTES } from './api/body-parser.js';
import { IdempotencyGate } from './api/idempotency.js';
import { apiDocsRoutes, apiRoutes } from './api/index.js';
import { envelopeErrors } from './app-envelope.js';
import { BadKeyThrottle } from './auth/bad-key-throttle.js';
import { LoginStates } from './auth/login-state.js';
import type { ServerUrls } from './auth/pages.js';
import { authRoutes } from './auth/routes.js';
import type { ServerConfig } from './config.js';
import { createServerLogger } from './logging.js';
import { logRequestsOnce } from './request-logging.js';
import { openServices, type Services } from './services.js';
import type { AccountRecord } from './store/types.js';
import { type SquareoffJob, startSquareoffJob } from './strategies/squareoff-job.js';
import { bindStrategyBook, StrategyBook } from './strategies/strategy-book.js';
import { strategyWebhookRoutes } from './strategies/webhook-route.js';
import { createFeedServer, type FeedServer } from './ws/index.js';

/**
 * Request bodies above this are refused with 413 naming `body`, for every route: the API's limit
 * (MAX_BODY_BYTES, sized for the largest legal basket with room to spare; see api/body-parser.ts).
 */
export const BODY_LIMIT = MAX_BODY_BYTES;

export interface BuildServerOptions {
  config: ServerConfig;
  /** Defaults to a redacting pino logger at config.logLevel on stdout. */
  logger?: PinoLogger;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
}

export interface ServerHandle extends Services {
  app: FastifyInstance;
  feed: FeedServer;
  /** Strategies and their webhooks (`/strategy/webhook/<id>`, `/api/v1/strategy/*`). */
  strategies: StrategyBook;
  /** The intraday strategies' square-off job (tests wait on its `idle()`). */
  strategySquareoff: SquareoffJob;
  /** The account OPENALGO_API_KEY and the first key are bound to (`--broker`'s). */
  defaultAccount: AccountRecord;
  /** A key minted at this start because the default account had none: print it once. */
  newApiKey: string | undefined;
  /** With `simulate`, once started: the simulated broker, where to log in and with what. */
  simulation(): SimulationInfo | undefined;
  /** Listens on config.port (and wsPort); resolves with the URLs actually bound. */
  start(): Promise<ServerUrls>;
  urls(): ServerUrls;
  /** Graceful: stops accepting, lets in-flight requests finish, closes the feed, flushes SQLite. */
  close(): Promise<void>;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * The simulator shares the server's address when that is one the browser can use in a URL;
 * otherwise (a wildcard or IPv6 address) it stays on loopback.
 */
function simulatorHost(host: string): string {
  return host === '0.0.0.0' || host.includes(':') ? '127.0.0.1' : host;
}

/** The server's HTTP address as configured (before it listens): what the CLI prints webhook URLs with. */
export function configuredHttpUrl(config: ServerConfig): string {
  return urlsFor(config, config.port, 'off').http;
}

function urlsFor(config: ServerConfig, port: number, wsPort: number | 'off'): ServerUrls {
  const http = config.publicUrl ?? `http://${hostForUrl(config.host)}:${port}`;
  return {
    http,
    docs: `${http}/api/docs`,
    ws: `${http.replace(/^http/, 'ws')}/ws`,
    wsPort: wsPort === 'off' ? undefined : `ws://${hostForUrl(config.host)}:${wsPort}`,
  };
}

/**
 * Composes the server: the services (store, secrets, brokers, accounts), the REST API at /api/v1,
 * the login pages and accounts page, and the WebSocket feed at /ws and on its own port (OpenAlgo's
 * 8765). Nothing listens until start().
 */
export async function buildServer(options: BuildServerOptions): Promise<ServerHandle> {
  const { config } = options;
  const pino = options.logger ?? createServerLogger({ level: config.logLevel });
  const services = await openServices(config, { logger: pino, clock: options.clock, env: options.env });
  const { accounts, security, catalog, clock } = services;
  let simulation: BrokerSimulation | undefined;
  try {
    // Before anything listens: a broker that ships no simulator is a configuration error.
    const simulatedEntry = config.simulate ? catalog.entries.get(config.broker) : undefined;
    if (simulatedEntry) {
      simulation = await BrokerSimulation.prepare({
        entry: simulatedEntry,
        brokerConfigs: services.brokerConfigs,
        logger: pino,
      });
    }
    const defaultAccount = await accounts.init(config.broker);
    if (config.apiKey) security.apiKeys.provisionFromEnv(defaultAccount.id, config.apiKey);
    else security.apiKeys.revokeEnvKeys();
    const newApiKey =
      security.apiKeys.keysOf(defaultAccount.id).length === 0
        ? security.apiKeys.regenerate(defaultAccount.id).key
        : undefined;

    let bound: ServerUrls | undefined;
    const urls = () => bound ?? urlsFor(config, config.port, config.wsPort);
    const app = Fastify({
      loggerInstance: pino as FastifyBaseLogger,
      routerOptions: { ignoreTrailingSlash: true },
      bodyLimit: BODY_LIMIT,
      forceCloseConnections: 'idle',
      // One line per request instead (request-logging.ts), with repeated rejections rate-limited.
      logController: new LogController({ disableRequestLogging: true }),
    });
    // Before the routes: plugins registered afterwards inherit the hooks and handlers.
    logRequestsOnce(app, { clock });
    envelopeErrors(app);
    await app.register(authRoutes, {
      registry: accounts,
      catalog,
      brokerConfigs: services.brokerConfigs,
      loginStates: new LoginStates(clock),
      urls,
      secureCookies: (config.publicUrl ?? '').startsWith('https:'),
      clock,
      logger: pino,
    });
    // One invalid-key budget per client address, whether the keys come over REST or the feed, or
    // are webhook ids guessed at /strategy/webhook/<id>.
    const badKeys = new BadKeyThrottle(clock);
    const strategies = new StrategyBook(
      services.store.strategies,
      clock,
      (webhookId) => `${urls().http}/strategy/webhook/${webhookId}`,
    );
    bindStrategyBook(accounts, strategies);
    await app.register(apiRoutes, {
      prefix: '/api/v1',
      resolver: accounts,
      clock,
      idempotency: services.store.idempotency,
      badKeys,
    });
    // OpenAlgo's application routes (Telegram, charts, backtests…) answer 501 naming themselves.
    await app.register(applicationRoutes, { prefix: '/api/v1' });
    await app.register(apiDocsRoutes);
    await app.register(strategyWebhookRoutes, {
      book: strategies,
      accounts,
      clock,
      idempotency: services.store.idempotency,
      badKeys,
    });
    const feed = createFeedServer({
      resolver: accounts,
      logger: pino,
      clock,
      supportedBrokers: () => [...catalog.entries.keys()],
      // One upstream socket per broker login, shared with analyzer mode; a stream lost to a session
      // expiry reopens on the account's new adapter, not the old one.
      streams: accounts.marketStreams,
      badKeys,
    });
    feed.attach(app.server, '/ws');

    // Last before returning: nothing after it can fail and leave the job running.
    const squareoff = startSquareoffJob({
      book: strategies,
      accounts,
      idempotency: new IdempotencyGate(services.store.idempotency, clock),
      clock,
      logger: pino,
    });
    let closing: Promise<void> | undefined;
    return {
      ...services,
      app,
      feed,
      strategies,
      strategySquareoff: squareoff,
      defaultAccount,
      newApiKey,
      urls,
      simulation: () => simulation?.info(),
      async start() {
        await app.listen({ host: config.host, port: config.port });
        const port = (app.server.address() as AddressInfo).port;
        if (simulation) {
          // Only now is the callback's port known (it may have been 0).
          const http = urlsFor(config, port, 'off').http;
          const broker = encodeURIComponent(config.broker);
          await simulation.start({
            redirectUrl: `${http}/auth/${broker}/callback`,
            loginUrl: `${http}/auth/${broker}/login`,
            host: simulatorHost(config.host),
            clock,
            logger: pino,
          });
        }
        const wsPort =
          config.wsPort === 'off'
            ? 'off'
            : (await feed.listen({ host: config.host, port: config.wsPort })).port;
        bound = urlsFor(config, port, wsPort);
        return bound;
      },
      close() {
        closing ??= (async () => {
          // Feed clients are upgraded sockets the HTTP server no longer tracks, so both are closed.
          await Promise.allSettled([app.close(), feed.close()]);
          // Before the accounts close: a square-off under way finishes on an open account.
          await squareoff.stop();
          await services.close();
          // Last: the accounts' adapters and streams are closed, so none reconnects to it.
          await simulation?.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await services.close();
    await simulation?.close();
    throw error;
  }
}
