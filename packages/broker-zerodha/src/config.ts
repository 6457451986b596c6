import { z } from 'zod';

export const KITE_API_URL = 'https://api.kite.trade';
export const KITE_LOGIN_URL = 'https://kite.zerodha.com/connect/login';
export const KITE_WS_URL = 'wss://ws.kite.trade';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const wsUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws(s) URL' });

/**
 * Every Kite endpoint is configuration, so the same adapter talks to Kite or to a loopback simulator.
 * `instruments` defaults to `<api>/instruments` (Kite serves the master from the API host).
 */
const BaseUrlsSchema = z
  .object({
    api: httpUrl.default(KITE_API_URL),
    login: httpUrl.default(KITE_LOGIN_URL),
    ws: wsUrl.default(KITE_WS_URL),
    instruments: httpUrl.optional(),
  })
  .strict();

const TimeoutsSchema = z
  .object({
    /** Deadline of one REST call. */
    requestMs: z.number().int().positive().default(10_000),
    /** The full master is several MB; it gets a longer deadline than ordinary calls. */
    instrumentsMs: z.number().int().positive().default(120_000),
  })
  .strict();

const StreamSchema = z
  .object({
    /** First reconnect delay; doubles per failed attempt up to `reconnectMaxMs`. */
    reconnectInitialMs: z.number().int().positive().default(1_000),
    reconnectMaxMs: z.number().int().positive().default(30_000),
    /** Give up after this many consecutive failed attempts (0 = never give up). */
    maxReconnectAttempts: z.number().int().nonnegative().default(0),
    /** Kite sends a heartbeat about once a second; this long without any frame means the link is dead. */
    stallMs: z.number().int().positive().default(5_000),
  })
  .strict();

export const ZerodhaConfigSchema = z
  .object({
    /** The Kite Connect app's api key (public: it appears in the login URL). */
    apiKey: z.string().trim().min(1, { error: 'must not be empty' }),
    /** The app's api secret; only used to sign the token exchange and never sent as is. */
    apiSecret: z.string().trim().min(1, { error: 'must not be empty' }),
    /**
     * The redirect URL registered for the app in the Kite developer console. Kite always redirects
     * there (it is not a login URL parameter); kept so the server can check its own callback route.
     */
    redirectUrl: httpUrl.optional(),
    baseUrls: BaseUrlsSchema.prefault({}),
    timeouts: TimeoutsSchema.prefault({}),
    stream: StreamSchema.prefault({}),
  })
  .strict()
  .transform((config) => ({
    ...config,
    baseUrls: {
      ...config.baseUrls,
      instruments: config.baseUrls.instruments ?? `${config.baseUrls.api.replace(/\/+$/, '')}/instruments`,
    },
  }));

export type ZerodhaConfig = z.output<typeof ZerodhaConfigSchema>;
export type ZerodhaConfigInput = z.input<typeof ZerodhaConfigSchema>;
