import { CODE_TRAITS, type ErrorCode, httpStatusFor } from './codes.js';

/** What the broker itself said, untouched, so an operator can see the real cause. */
export interface BrokerRaw {
  status?: number;
  code?: string;
  message?: string;
}

export interface OpenAlgoErrorOptions {
  broker?: string;
  raw?: BrokerRaw;
  retryable?: boolean;
  /** Dotted path of the offending input field, for INVALID_REQUEST and friends. */
  field?: string;
  retryAfterMs?: number;
  /** Set on order errors so the caller can find the order later (ORDER_STATE_UNKNOWN). */
  clientOrderId?: string;
  /**
   * For transport failures: could the request have reached the broker? `false` means it certainly
   * did not (connect refused, local rate limit); `true` means it may have (timeout or reset after
   * the body was sent, 5xx on a write). Writes with `mayHaveReachedBroker` must be reconciled, not
   * re-sent.
   */
  mayHaveReachedBroker?: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export interface OpenAlgoErrorJSON {
  name: string;
  code: ErrorCode;
  message: string;
  retryable: boolean;
  broker?: string;
  raw?: BrokerRaw;
  field?: string;
  retryAfterMs?: number;
  clientOrderId?: string;
  mayHaveReachedBroker?: boolean;
  details?: Record<string, unknown>;
}

/**
 * Marks OpenAlgo errors across module copies: a third-party adapter may bundle its own copy of core,
 * where `instanceof` would fail, so `isOpenAlgoError` also accepts the global brand.
 */
const BRAND = Symbol.for('openalgo.error');

/** The one error type every layer throws. Subclasses only fix the code, so `code` is what to switch on. */
export class OpenAlgoError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly broker: string | undefined;
  readonly raw: BrokerRaw | undefined;
  readonly field: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly clientOrderId: string | undefined;
  readonly mayHaveReachedBroker: boolean | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: OpenAlgoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? CODE_TRAITS[code].retryable;
    this.broker = options.broker;
    this.raw = options.raw;
    this.field = options.field;
    this.retryAfterMs = options.retryAfterMs;
    this.clientOrderId = options.clientOrderId;
    this.mayHaveReachedBroker = options.mayHaveReachedBroker;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  get httpStatus(): number {
    return httpStatusFor(this.code);
  }

  /**
   * The same error with some options replaced (the broker stamped, a client order id attached), keeping
   * code, class, message, cause and stack. Errors are immutable, so layers add facts by copying.
   */
  with(overrides: OpenAlgoErrorOptions & { message?: string }): OpenAlgoError {
    const { message = this.message, ...options } = overrides;
    const { name: _name, code: _code, message: _message, ...current } = this.toJSON();
    if (this.cause !== undefined) (current as OpenAlgoErrorOptions).cause = this.cause;
    const copy = errorForCode(this.code, message, { ...current, ...options });
    if (this.stack !== undefined) copy.stack = this.stack;
    return copy;
  }

  toJSON(): OpenAlgoErrorJSON {
    const json: OpenAlgoErrorJSON = {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    if (this.broker !== undefined) json.broker = this.broker;
    if (this.raw !== undefined) json.raw = this.raw;
    if (this.field !== undefined) json.field = this.field;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    if (this.clientOrderId !== undefined) json.clientOrderId = this.clientOrderId;
    if (this.mayHaveReachedBroker !== undefined) json.mayHaveReachedBroker = this.mayHaveReachedBroker;
    if (this.details !== undefined) json.details = this.details;
    return json;
  }

  /** Rebuilds an error from its JSON form (e.g. read back from a journal or another process). */
  static fromJSON(json: OpenAlgoErrorJSON): OpenAlgoError {
    const { code, message, name: _name, ...options } = json;
    return errorForCode(code, message, options);
  }
}

export function isOpenAlgoError(value: unknown, code?: ErrorCode): value is OpenAlgoError {
  const branded =
    value instanceof OpenAlgoError ||
    (typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true);
  return branded && (code === undefined || (value as OpenAlgoError).code === code);
}

function subclass<C extends ErrorCode>(code: C, className: string) {
  const Cls = class extends OpenAlgoError {
    constructor(message: string, options?: OpenAlgoErrorOptions) {
      super(code, message, options);
    }
  };
  Object.defineProperty(Cls, 'name', { value: className });
  return Cls;
}

export const InvalidRequestError = subclass('INVALID_REQUEST', 'InvalidRequestError');
export const SymbolNotFoundError = subclass('SYMBOL_NOT_FOUND', 'SymbolNotFoundError');
export const InvalidOrderError = subclass('INVALID_ORDER', 'InvalidOrderError');
export const InsufficientFundsError = subclass('INSUFFICIENT_FUNDS', 'InsufficientFundsError');
export const OrderNotFoundError = subclass('ORDER_NOT_FOUND', 'OrderNotFoundError');
export const NotSupportedError = subclass('NOT_SUPPORTED', 'NotSupportedError');
export const AuthFailedError = subclass('AUTH_FAILED', 'AuthFailedError');
export const SessionExpiredError = subclass('SESSION_EXPIRED', 'SessionExpiredError');
export const PermissionDeniedError = subclass('PERMISSION_DENIED', 'PermissionDeniedError');
export const RateLimitedError = subclass('RATE_LIMITED', 'RateLimitedError');
export const NetworkError = subclass('NETWORK', 'NetworkError');
export const TimeoutError = subclass('TIMEOUT', 'TimeoutError');
export const BrokerUnavailableError = subclass('BROKER_UNAVAILABLE', 'BrokerUnavailableError');
export const OrderStateUnknownError = subclass('ORDER_STATE_UNKNOWN', 'OrderStateUnknownError');
export const BrokerError = subclass('BROKER_ERROR', 'BrokerError');

const ERROR_CLASSES: Record<ErrorCode, ReturnType<typeof subclass>> = {
  INVALID_REQUEST: InvalidRequestError,
  SYMBOL_NOT_FOUND: SymbolNotFoundError,
  INVALID_ORDER: InvalidOrderError,
  INSUFFICIENT_FUNDS: InsufficientFundsError,
  ORDER_NOT_FOUND: OrderNotFoundError,
  NOT_SUPPORTED: NotSupportedError,
  AUTH_FAILED: AuthFailedError,
  SESSION_EXPIRED: SessionExpiredError,
  PERMISSION_DENIED: PermissionDeniedError,
  RATE_LIMITED: RateLimitedError,
  NETWORK: NetworkError,
  TIMEOUT: TimeoutError,
  BROKER_UNAVAILABLE: BrokerUnavailableError,
  ORDER_STATE_UNKNOWN: OrderStateUnknownError,
  BROKER_ERROR: BrokerError,
};

/** Creates an error of the right subclass for a code decided at run time (e.g. by a mapper). */
export function errorForCode(
  code: ErrorCode,
  message: string,
  options?: OpenAlgoErrorOptions,
): OpenAlgoError {
  return new ERROR_CLASSES[code](message, options);
}
