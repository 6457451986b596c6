import { z } from 'zod';

/** Fyers API v3 hosts (brokers.md §3.1). */
export const FYERS_API_URL = 'https://api-t1.fyers.in/api/v3';
export const FYERS_DATA_URL = 'https://api-t1.fyers.in/data';
export const FYERS_LOGIN_URL = 'https://api-t1.fyers.in/api/v3/generate-authcode';
export const FYERS_STREAM_URL = 'wss://socket.fyers.in/hsm/v1-5/prod';
export const FYERS_ORDER_STREAM_URL = 'wss://socket.fyers.in/trade/v3';
/** Base of the per-segment symbol masters; no SDK downloads them, OpenAlgo does (brokers.md §3.1). */
export const FYERS_INSTRUMENTS_URL = 'https://public.fyers.in/sym_details';

/**
 * The segment masters, one CSV each (no header row, 21 columns, brokers.md §3.5). Fyers also publishes
 * JSON variants; the CSVs are what OpenAlgo reads for NSE/BSE, and the same file naming holds for the
 * currency (`NSE_CD`) and commodity (`MCX_COM`) segments.
 */
export const FYERS_MASTER_FILES = [
  'NSE_CM.csv',
  'NSE_FO.csv',
  'NSE_CD.csv',
  'BSE_CM.csv',
  'BSE_FO.csv',
  'MCX_COM.csv',
] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const wsUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws(s) URL' });

/** Every Fyers endpoint is configuration, so the same adapter talks to Fyers or to a loopback simulator. */
const BaseUrlsSchema = z
  .object({
    /** Trading and account REST, `…/api/v3` (orders, books, funds, token exchange, logout). */
    api: httpUrl.default(FYERS_API_URL),
    /** Market-data REST, `…/data` (quotes, depth, history, symbol-token). */
    data: httpUrl.default(FYERS_DATA_URL),
    /** The `generate-authcode` login page the user's browser is sent to. */
    login: httpUrl.default(FYERS_LOGIN_URL),
    /** HSM binary market-data socket. */
    stream: wsUrl.default(FYERS_STREAM_URL),
    /** Order/trade/position update socket. */
    orderStream: wsUrl.default(FYERS_ORDER_STREAM_URL),
    /** Base URL of the segment masters; each file of `FYERS_MASTER_FILES` is fetched from under it. */
    instruments: httpUrl.default(FYERS_INSTRUMENTS_URL),
  })
  .strict();

const TimeoutsSchema = z
  .object({
    /** Deadline of one REST call. */
    requestMs: z.number().int().positive().default(10_000),
    /** Deadline of one segment master (NSE_FO runs to tens of MB). */
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
    /**
     * HSM has no server heartbeat the SDKs rely on (brokers.md §3.9), so silence is judged loosely:
     * this long without any frame on a socket with live subscriptions means the link is dead.
     */
    stallMs: z.number().int().positive().default(30_000),
  })
  .strict();

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

export const FyersConfigSchema = z
  .object({
    /** The app id including its suffix, e.g. `XXXXXXXXXX-100` (public: it appears in the login URL). */
    appId: nonEmpty,
    /** The app's secret key; only hashed into `appIdHash`, never sent as is. */
    secretKey: nonEmpty,
    /** The redirect URL registered for the app; Fyers requires it in the login URL. */
    redirectUrl: httpUrl,
    baseUrls: BaseUrlsSchema.prefault({}),
    timeouts: TimeoutsSchema.prefault({}),
    stream: StreamSchema.prefault({}),
  })
  .strict();

export type FyersConfig = z.output<typeof FyersConfigSchema>;
export type FyersConfigInput = z.input<typeof FyersConfigSchema>;

/** One URL per segment master under `baseUrls.instruments`. */
export function fyersMasterUrls(config: Pick<FyersConfig, 'baseUrls'>): string[] {
  const base = config.baseUrls.instruments.replace(/\/+$/, '');
  return FYERS_MASTER_FILES.map((file) => `${base}/${file}`);
}
