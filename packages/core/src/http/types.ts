import type { Dispatcher } from 'undici';
import type { RateLimitSpec } from '../contract/manifest.js';
import type { BrokerFailure, ErrorMapper } from '../errors/mapper.js';
import type { Clock } from '../time/clock.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RetryPolicy } from './retry.js';
import type { EnvelopeReader, TypedCalls } from './typed.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Reads may be retried on transient failures; writes (place/modify/cancel) never are. */
export type RequestKind = 'read' | 'write';

export type ResponseType = 'json' | 'text' | 'csv' | 'stream' | 'buffer';

type Scalar = string | number | boolean;

/** Undefined/null values are left out; an array repeats the key (`i=NSE:INFY&i=NSE:SBIN`). */
export type QueryParams = Readonly<Record<string, Scalar | readonly Scalar[] | undefined | null>>;

/** Undefined fields are left out, so optional order fields can be passed straight through. */
export type FormFields = Readonly<Record<string, Scalar | undefined>>;

export type RequestBody = { form: FormFields } | { json: unknown } | { text: string; contentType: string };

export type ResponseHeaders = Record<string, string | string[] | undefined>;

export interface HttpRequest {
  method: HttpMethod;
  /** Relative to the client's `baseUrl`, or an absolute http(s) URL (e.g. a master on another host). */
  path: string;
  query?: QueryParams;
  headers?: Readonly<Record<string, string>>;
  body?: RequestBody;
  kind: RequestKind;
  /** Rate-limit buckets this call takes a send slot in (each named bucket once). */
  limits?: readonly string[];
  /**
   * Deadline for one try (connect, send, headers and body); defaults to the client's `timeoutMs`.
   * A rate-limit wait comes before it and is bounded separately (`maxRateLimitWaitMs`).
   */
  timeoutMs?: number;
  signal?: AbortSignal;
  responseType?: ResponseType;
}

export interface HttpResponse<T> {
  status: number;
  headers: ResponseHeaders;
  data: T;
}

/**
 * Decides whether a response is a broker failure. Gets the status, the body (parsed JSON, or the text
 * when it is not JSON) and headers; returns a failure, or undefined for success. Needed because
 * brokers signal errors differently (Angel answers HTTP 200 with `status: false`). Called for every
 * `json` response and for non-2xx responses of the other types. For a non-2xx status, undefined
 * still means failure, described by `defaultFailure`.
 */
export type FailureExtractor = (
  status: number,
  body: unknown,
  headers: ResponseHeaders,
) => BrokerFailure | undefined;

export interface HttpClientOptions {
  /** Broker id, used in errors and logs. */
  broker: string;
  /** Origin plus optional path prefix, e.g. `https://api.kite.trade` or `http://127.0.0.1:4000/rest`. */
  baseUrl: string;
  /** Tests pass undici's MockAgent. Default: a keep-alive Agent owned (and closed) by the client. */
  dispatcher?: Dispatcher;
  /** Default deadline per try. Default 10 000 ms. */
  timeoutMs?: number;
  rateLimits?: Readonly<Record<string, RateLimitSpec>>;
  /**
   * The limiter to draw from instead of one built from `rateLimits` — the host's, shared by every
   * client of one broker login so re-logins and parallel clients see the same windows. It must
   * declare every bucket the adapter names. `maxRateLimitWaitMs` does not apply to it (it has its own).
   */
  rateLimiter?: RateLimiter;
  /** Longest a call may wait for a send slot before failing with RATE_LIMITED. Default 2000 ms. */
  maxRateLimitWaitMs?: number;
  /** Used for rate-limit waits and retry backoff. Default systemClock. */
  clock?: Clock;
  /** One debug line per try; headers, query and body in it are redacted by key (`isSecretKey`). */
  logger?: Logger;
  /** The adapter's error table (`createErrorMapper`). Default: status-only mapping. */
  mapError?: ErrorMapper;
  extractFailure?: FailureExtractor;
  /** Unwraps the payload of a success body for `get`/`post`/`requestData`; default: the whole body. */
  envelope?: EnvelopeReader;
  /** Retry policy for reads; `false` disables. Default `DEFAULT_READ_RETRY`. Writes are never retried. */
  retry?: RetryPolicy | false;
  defaultHeaders?: Readonly<Record<string, string>>;
  /** Jitter source, injectable so backoff is deterministic in tests. */
  random?: () => number;
}

/**
 * `request` returns what the broker sent; the typed calls (`get`, `post`, `requestData`) also unwrap
 * the broker's envelope and check the payload against a schema, failing with a BROKER_ERROR that may
 * have reached the broker when it does not fit.
 */
export interface HttpClient extends TypedCalls {
  readonly broker: string;
  request<T = unknown>(req: HttpRequest & { responseType?: 'json' }): Promise<HttpResponse<T>>;
  request(req: HttpRequest & { responseType: 'text' }): Promise<HttpResponse<string>>;
  request(req: HttpRequest & { responseType: 'csv' }): Promise<HttpResponse<string[][]>>;
  request(req: HttpRequest & { responseType: 'buffer' }): Promise<HttpResponse<Uint8Array>>;
  /**
   * The body as chunks for the caller to consume (e.g. with `csvRows`). The deadline still applies
   * while it is read, so give big downloads a long `timeoutMs`. Breaking out of the loop releases
   * the connection.
   */
  request(req: HttpRequest & { responseType: 'stream' }): Promise<HttpResponse<AsyncIterable<Uint8Array>>>;
  /** Response type chosen at run time: the data type is whatever that type yields. */
  request(req: HttpRequest): Promise<HttpResponse<unknown>>;
  /** Closes the client's own dispatcher (an injected one belongs to the caller and is left open). */
  close(): Promise<void>;
}
