import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Egress } from '../http/egress.js';
import type { Logger } from '../http/logger.js';
import type { RateLimiter } from '../http/rate-limiter.js';
import type { Exchange } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';
import type { Session } from '../model/session.js';
import type { Clock } from '../time/clock.js';
import type { BrokerAdapter } from './adapter.js';
import type { BrokerManifest } from './manifest.js';

/** How the adapter's HTTP client reaches the broker; tests pass undici's MockAgent as `dispatcher`. */
export interface TransportOptions {
  dispatcher?: Dispatcher;
  /** Default per-call deadline. */
  timeoutMs?: number;
  /** Longest a call may wait for a rate-limit token before failing locally with RATE_LIMITED. */
  maxRateLimitWaitMs?: number;
  /**
   * The broker login's rate limiter, owned by the host (built from the manifest's `rateLimits`), so
   * every client that sends for the login — and the adapter after a re-login — shares its windows.
   * Adapters pass it to `createHttpClient` as `rateLimiter`; absent, each client builds its own.
   */
  rateLimiter?: RateLimiter;
  /**
   * Where the account's broker traffic leaves this host from (a local address or an HTTP proxy;
   * SEBI wants orders from the account's registered static IP). The host also builds `dispatcher`
   * from it (`createEgressDispatcher`), so REST calls follow it without the adapter's help;
   * adapters pass it to `wsSocketFactory` as `egress` so their WebSocket streams leave from the
   * same place.
   */
  egress?: Egress;
}

/** Read access to the account's instrument index (core's `InstrumentIndex` implements it). */
export interface InstrumentLookup {
  get(symbol: string, exchange: Exchange): Instrument | undefined;
  getByToken(brexchange: string, token: string): Instrument | undefined;
  /** Like `get`, but throws SYMBOL_NOT_FOUND naming the symbol and exchange. */
  resolve(symbol: string, exchange: Exchange): Instrument;
}

/**
 * Objects a host offers plugins at run time — durable storage, another adapter's prices, test hooks —
 * keyed by a name the plugin documents (the sandbox reads `sandbox.store`). Never read from
 * configuration: a plugin checks the shape of what it takes and works without any of them.
 */
export interface HostServices {
  readonly [name: string]: unknown;
}

/** Everything outside the adapter is injected (docs/architecture.md §2). */
export interface RuntimeContext {
  http: TransportOptions;
  clock: Clock;
  logger: Logger;
  /** What the host offers beyond settings; absent when it offers nothing. */
  host?: HostServices;
}

export interface AdapterContext<Config> extends RuntimeContext {
  config: Config;
  session: Session;
  instruments: InstrumentLookup;
}

/** Login for one configured app. Redirect brokers use `loginUrl`; credential brokers take fields. */
export interface BrokerAuth {
  /** The broker's login page, carrying the server's CSRF `state` back on the redirect. */
  loginUrl?(state: string): string;
  /** Redirect params (`request_token`, `auth_code`…) or credential fields (client code, PIN, TOTP). */
  completeLogin(params: Readonly<Record<string, string>>): Promise<Session>;
  refresh?(session: Session): Promise<Session>;
  logout(session: Session): Promise<void>;
}

export interface BrokerPlugin<Config = unknown> {
  readonly manifest: BrokerManifest;
  /** What `create` and `auth` need: api key/secret, redirect URL, base URLs (for simulators). */
  readonly configSchema: z.ZodType<Config>;
  auth(config: Config, runtime: RuntimeContext): BrokerAuth;
  /** A logged-in adapter, behind the contract boundary (`guardAdapter`). */
  create(context: AdapterContext<Config>): Promise<BrokerAdapter>;
}
