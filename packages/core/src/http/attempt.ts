import type { Dispatcher } from 'undici';
import type { ErrorCode } from '../errors/codes.js';
import type { BrokerFailure, ErrorMapper } from '../errors/mapper.js';
import type { OpenAlgoError } from '../errors/openalgo-error.js';
import type { Clock } from '../time/clock.js';
import type { Deadline } from './deadline.js';
import type { BaseTarget } from './encode.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ResponseReadContext } from './response.js';
import type { RetryPolicy } from './retry.js';
import { collectSecretValues, scrubSecrets } from './secret-values.js';
import { classifyTransportError, withErrorOverrides } from './transport-errors.js';
import type { FailureExtractor, HttpRequest } from './types.js';

/** Codes whose outcome at the broker is unknown when a broker answer carries them. */
const AMBIGUOUS_ANSWER_CODES = new Set<ErrorCode>(['BROKER_UNAVAILABLE', 'TIMEOUT', 'ORDER_STATE_UNKNOWN']);

export interface Prepared {
  origin: string;
  path: string;
  /** For logs and errors: the request path with secret query values redacted. */
  safePath: string;
  headers: Readonly<Record<string, string>>;
  payload: string | undefined;
  /** Redacted views for the debug line; only built when there is a logger. */
  log: LoggableRequest | undefined;
}

export interface LoggableRequest {
  query: unknown;
  headers: unknown;
  body: unknown;
}

export interface ClientState {
  broker: string;
  base: BaseTarget;
  dispatcher: Dispatcher;
  clock: Clock;
  timeoutMs: number;
  limiter: RateLimiter | undefined;
  logger: Logger | undefined;
  mapError: ErrorMapper;
  extractFailure: FailureExtractor | undefined;
  retry: RetryPolicy | undefined;
  defaultHeaders: Readonly<Record<string, string>>;
  /** Redacted once, since most requests send exactly the defaults. */
  loggableDefaultHeaders: Record<string, unknown>;
  random: () => number;
  closed: boolean;
}

/**
 * One try of one request: carries what response reading needs to build errors, as methods rather
 * than per-call closures.
 */
export class Attempt implements ResponseReadContext {
  readonly broker: string;
  readonly path: string;
  readonly method: string;
  readonly extractFailure: FailureExtractor | undefined;
  private readonly isWrite: boolean;

  constructor(
    private readonly state: ClientState,
    private readonly req: HttpRequest,
    private readonly prepared: Prepared,
    private readonly deadline: Deadline,
  ) {
    this.broker = state.broker;
    this.path = prepared.safePath;
    this.method = req.method;
    this.extractFailure = state.extractFailure;
    this.isWrite = req.kind !== 'read';
  }

  now(): number {
    return this.state.clock.now();
  }

  /** Maps a broker answer to the error, with secrets scrubbed and ambiguity stated honestly. */
  fail(failure: BrokerFailure): OpenAlgoError {
    const body = this.req.body;
    const secrets = collectSecretValues(
      this.prepared.headers,
      this.req.query,
      body && 'form' in body ? body.form : body && 'json' in body ? body.json : undefined,
    );
    const clean: BrokerFailure = { ...failure };
    if (clean.message !== undefined) clean.message = scrubSecrets(clean.message, secrets);
    if (clean.code !== undefined) clean.code = scrubSecrets(clean.code, secrets);
    const err = this.state.mapError(clean);
    if (err.mayHaveReachedBroker === undefined) {
      // A 5xx may come from a gateway after the broker acted; a 4xx or business error is definitive.
      const ambiguous =
        (clean.status !== undefined && clean.status >= 500) || AMBIGUOUS_ANSWER_CODES.has(err.code);
      return withErrorOverrides(
        err,
        ambiguous && this.isWrite
          ? { mayHaveReachedBroker: true, retryable: false }
          : { mayHaveReachedBroker: ambiguous },
      );
    }
    if (err.mayHaveReachedBroker && this.isWrite && err.retryable) {
      return withErrorOverrides(err, { retryable: false });
    }
    return err;
  }

  /** The consumer of a streamed body is done (or gave up): stop its deadline. */
  release(): void {
    this.deadline.dispose();
  }

  bodyError(err: unknown): OpenAlgoError {
    return this.transportError(err, 'body');
  }

  transportError(err: unknown, phase: 'request' | 'body'): OpenAlgoError {
    return classifyTransportError(err, {
      broker: this.broker,
      method: this.method,
      path: this.path,
      kind: this.isWrite ? 'write' : 'read',
      timeoutMs: this.deadline.timeoutMs,
      timedOut: this.deadline.timedOut,
      callerAborted: this.req.signal?.aborted === true,
      phase,
    });
  }
}
