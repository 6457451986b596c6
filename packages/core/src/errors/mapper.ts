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

export interface ErrorTable {
  broker: string;
  /** Exact broker codes (case-sensitive), checked first. */
  codes?: Readonly<Record<string, MappedCode>>;
  /** Case-insensitive substrings of the broker message, checked in order after codes. */
  messages?: ReadonlyArray<readonly [fragment: string, target: MappedCode]>;
  /** HTTP statuses, checked after messages. */
  statuses?: Readonly<Record<number, MappedCode>>;
  /** Used when nothing matched; BROKER_ERROR unless the adapter says otherwise. */
  fallback?: MappedCode;
}

export type ErrorMapper = (failure: BrokerFailure) => OpenAlgoError;

/**
 * Builds a mapper from a table. Precedence is exact code → message fragment → HTTP status →
 * status class (5xx → BROKER_UNAVAILABLE) → fallback, so adapters state only their broker's facts.
 */
export function createErrorMapper(table: ErrorTable): ErrorMapper {
  const fragments = (table.messages ?? []).map(
    ([fragment, target]) => [fragment.toLowerCase(), target] as const,
  );
  return (failure) => {
    const target = lookup(table, fragments, failure);
    const { code, ...overrides } = typeof target === 'string' ? { code: target } : target;
    const raw: BrokerRaw = {};
    if (failure.status !== undefined) raw.status = failure.status;
    if (failure.code !== undefined) raw.code = failure.code;
    if (failure.message !== undefined) raw.message = failure.message;
    const options: OpenAlgoErrorOptions = { broker: table.broker, raw, ...overrides };
    if (failure.retryAfterMs !== undefined) options.retryAfterMs = failure.retryAfterMs;
    if (failure.clientOrderId !== undefined) options.clientOrderId = failure.clientOrderId;
    if (failure.cause !== undefined) options.cause = failure.cause;
    return errorForCode(code, describe(table.broker, failure), options);
  };
}

function lookup(
  table: ErrorTable,
  fragments: ReadonlyArray<readonly [string, MappedCode]>,
  failure: BrokerFailure,
): MappedCode {
  if (failure.code !== undefined) {
    const byCode = table.codes?.[failure.code];
    if (byCode) return byCode;
  }
  if (failure.message) {
    const text = failure.message.toLowerCase();
    for (const [fragment, target] of fragments) if (text.includes(fragment)) return target;
  }
  if (failure.status !== undefined) {
    const byStatus = table.statuses?.[failure.status];
    if (byStatus) return byStatus;
    if (failure.status === 429) return 'RATE_LIMITED';
    if (failure.status >= 500) return 'BROKER_UNAVAILABLE';
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
