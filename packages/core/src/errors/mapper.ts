import type { ErrorCode } from './codes.js';
import {
  type BrokerRaw,
  errorForCode,
  type OpenAlgoError,
  type OpenAlgoErrorOptions,
} from './openalgo-error.js';

/**
 * A broker failure as the adapter saw it: HTTP status, the broker's own error code/type (Kite
 * `error_type`, Angel `errorcode`, Fyers `code`) and message.
 */
export interface BrokerFailure extends BrokerRaw {
  retryAfterMs?: number;
  clientOrderId?: string;
  cause?: unknown;
}

/** A rule's target: a code, or a code plus overrides (e.g. an "order timed out" message that is ambiguous). */
export type MappedCode = ErrorCode | { code: ErrorCode; retryable?: boolean; mayHaveReachedBroker?: boolean };

/**
 * A broker's error facts as data, applied in stages from the most decisive to the broadest:
 *
 * 1. `exact`: facts that settle the code whatever else the body says (HTTP 429 is a rate limit even if
 *    the body calls it a network error; an expired-token exception type is an expired session).
 * 2. `messages`: case-insensitive fragments of the broker's text, in order. They beat the broker's own
 *    error type because brokers reuse one type for different outcomes ("order request timed out"
 *    arrives as an ordinary input error, but the order may exist).
 * 3. `codes`: the broker's error type or code (Kite `error_type`, Angel `errorcode`, Fyers `code`).
 * 4. `statuses`: the HTTP status; then 429 → RATE_LIMITED and 5xx → BROKER_UNAVAILABLE; then `fallback`.
 */
export interface ErrorTable {
  broker: string;
  exact?: {
    statuses?: Readonly<Record<number, MappedCode>>;
    codes?: Readonly<Record<string, MappedCode>>;
  };
  messages?: ReadonlyArray<readonly [fragment: string, target: MappedCode]>;
  codes?: Readonly<Record<string, MappedCode>>;
  statuses?: Readonly<Record<number, MappedCode>>;
  /** Used when nothing matched; BROKER_ERROR unless the adapter says otherwise. */
  fallback?: MappedCode;
}

export interface ErrorMapper {
  (failure: BrokerFailure): OpenAlgoError;
  /** Which rule decides a failure, without building the error; lets tests pin the precedence. */
  target(failure: BrokerFailure): MappedCode;
}

/** Builds a mapper from a table, so adapters state only their broker's facts. */
export function createErrorMapper(table: ErrorTable): ErrorMapper {
  const fragments = (table.messages ?? []).map(
    ([fragment, target]) => [fragment.toLowerCase(), target] as const,
  );
  const target = (failure: BrokerFailure) => lookup(table, fragments, failure);
  const mapper = (failure: BrokerFailure) => errorForTarget(table.broker, target(failure), failure);
  return Object.assign(mapper, { target });
}

/** The error for a decided target, keeping what the broker said (status, code, message) as `raw`. */
export function errorForTarget(broker: string, target: MappedCode, failure: BrokerFailure): OpenAlgoError {
  const { code, ...overrides } = typeof target === 'string' ? { code: target } : target;
  const raw: BrokerRaw = {};
  if (failure.status !== undefined) raw.status = failure.status;
  if (failure.code !== undefined) raw.code = failure.code;
  if (failure.message !== undefined) raw.message = failure.message;
  const options: OpenAlgoErrorOptions = { broker, raw, ...overrides };
  if (failure.retryAfterMs !== undefined) options.retryAfterMs = failure.retryAfterMs;
  if (failure.clientOrderId !== undefined) options.clientOrderId = failure.clientOrderId;
  if (failure.cause !== undefined) options.cause = failure.cause;
  return errorForCode(code, describe(broker, failure), options);
}

function lookup(
  table: ErrorTable,
  fragments: ReadonlyArray<readonly [string, MappedCode]>,
  failure: BrokerFailure,
): MappedCode {
  const { status, code } = failure;
  const exact =
    (status !== undefined ? table.exact?.statuses?.[status] : undefined) ??
    (code !== undefined ? table.exact?.codes?.[code] : undefined);
  if (exact) return exact;
  if (failure.message) {
    const text = failure.message.toLowerCase();
    for (const [fragment, target] of fragments) if (text.includes(fragment)) return target;
  }
  if (code !== undefined) {
    const byCode = table.codes?.[code];
    if (byCode) return byCode;
  }
  if (status !== undefined) {
    const byStatus = table.statuses?.[status];
    if (byStatus) return byStatus;
    if (status === 429) return 'RATE_LIMITED';
    if (status >= 500) return 'BROKER_UNAVAILABLE';
  }
  return table.fallback ?? 'BROKER_ERROR';
}

function describe(broker: string, failure: BrokerFailure): string {
  const message = failure.message?.trim();
  if (message) return `${broker}: ${message}`;
  if (failure.code) return `${broker}: error ${failure.code}`;
  if (failure.status !== undefined) return `${broker}: HTTP ${failure.status}`;
  return `${broker}: unknown error`;
}
