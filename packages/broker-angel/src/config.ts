import { z } from 'zod';

/** brokers.md §2.1. */
export const ANGEL_API_URL = 'https://apiconnect.angelone.in';
export const ANGEL_STREAM_URL = 'wss://smartapisocket.angelone.in/smart-stream';
export const ANGEL_ORDER_STREAM_URL = 'wss://tns.angelone.in/smart-order-update';
export const ANGEL_INSTRUMENTS_URL =
  'https://margincalculator.angelbroking.com/OpenAPI_File/files/OpenAPIScripMaster.json';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const wsUrl = z.url({ protocol: /^wss?$/, error: 'must be a ws(s) URL' });

/** Every SmartAPI endpoint is configuration, so the same adapter talks to Angel or to a loopback simulator. */
const BaseUrlsSchema = z
  .object({
    /** REST root; a path prefix is allowed (the SDK's `root`). */
    api: httpUrl.default(ANGEL_API_URL),
    /** SmartStream v2 market-data socket. */
    stream: wsUrl.default(ANGEL_STREAM_URL),
    /** Order-status socket. */
    orderStream: wsUrl.default(ANGEL_ORDER_STREAM_URL),
    /** The public scrip master (`OpenAPIScripMaster.json`, no auth). */
    instruments: httpUrl.default(ANGEL_INSTRUMENTS_URL),
  })
  .strict();

const TimeoutsSchema = z
  .object({
    /** Deadline of one REST call (the JS SDK uses 7 s). */
    requestMs: z.number().int().positive().default(10_000),
    /** The master is tens of MB; it gets a longer deadline than ordinary calls. */
    instrumentsMs: z.number().int().positive().default(180_000),
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
     * Both sockets answer a text `ping` sent every 10 s; the official SDK reconnects after 20 s
     * without any inbound frame (§2.9), and so do we.
     */
    stallMs: z.number().int().positive().default(20_000),
  })
  .strict();

/**
 * The values of the `X-ClientLocalIP`, `X-ClientPublicIP` and `X-MACAddress` headers. Angel requires the
 * headers but does not validate them (§2.2: the JS SDK sends `null`, the Python SDK dummies), so the
 * defaults are neutral placeholders; set real values if your account's policy asks for them.
 */
const ClientIdentitySchema = z
  .object({
    localIp: z.string().trim().min(1).default('127.0.0.1'),
    publicIp: z.string().trim().min(1).default('127.0.0.1'),
    macAddress: z.string().trim().min(1).default('00:00:00:00:00:00'),
  })
  .strict();

export const AngelConfigSchema = z
  .object({
    /** The SmartAPI app's API key, sent as `X-PrivateKey` on every call. */
    apiKey: z.string().trim().min(1, { error: 'must not be empty' }),
    /**
     * The Angel client code (user id). Optional here: when absent the login form asks for it, and a
     * `clientCode` given at login wins over this one.
     */
    clientCode: z.string().trim().min(1, { error: 'must not be empty' }).optional(),
    baseUrls: BaseUrlsSchema.prefault({}),
    timeouts: TimeoutsSchema.prefault({}),
    stream: StreamSchema.prefault({}),
    clientIdentity: ClientIdentitySchema.prefault({}),
  })
  .strict();

export type AngelConfig = z.output<typeof AngelConfigSchema>;
export type AngelConfigInput = z.input<typeof AngelConfigSchema>;
