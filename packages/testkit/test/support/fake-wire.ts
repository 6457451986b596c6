import {
  BrokerError,
  BrokerUnavailableError,
  InvalidOrderError,
  type Order,
  OrderNotFoundError,
  RateLimitedError,
  SessionExpiredError,
} from '@openalgo/core';
import type { Defect } from './defects.js';
import type { BrokerOrder } from './fake-book.js';
import type { Envelope } from './fake-broker.js';

/** How the fake adapter reaches its broker: in process, or over loopback HTTP. */
export type FakeTransport = (op: string, args?: Record<string, unknown>) => Promise<Envelope | string>;

export const STATUS: Record<BrokerOrder['status'], Order['status']> = {
  OPEN: 'open',
  'TRIGGER PENDING': 'trigger_pending',
  COMPLETE: 'complete',
  CANCELLED: 'cancelled',
  REJECTED: 'rejected',
};

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * The fake adapter's reading of one broker answer: the data, or the OpenAlgo error its status means.
 * The wire defects (`malformedCrashes`, `swallowsSessionExpiry`, `rateLimitWithoutRetryAfter`) bend
 * it the way a careless adapter would.
 */
export function readAnswer(
  answer: Envelope | string,
  write: boolean,
  has: (defect: Defect) => boolean,
): unknown {
  if (!isEnvelope(answer)) {
    if (has('malformedCrashes')) return (answer as unknown as { data: unknown }).data;
    throw new BrokerError('the broker sent a body that is not JSON', {
      raw: { message: String(answer).slice(0, 80) },
    });
  }
  if (answer.ok) return answer.data;
  const raw = { status: answer.status, message: answer.message };
  if (answer.status === 401) {
    if (has('swallowsSessionExpiry')) return write ? { orderId: 'UNKNOWN' } : [];
    throw new SessionExpiredError('the broker session has expired: log in again', { raw });
  }
  if (answer.status === 429) {
    const retryAfterMs = has('rateLimitWithoutRetryAfter')
      ? undefined
      : (answer.retryAfterSeconds ?? 1) * 1000;
    throw new RateLimitedError('the broker is rate limiting this account', { raw, retryAfterMs });
  }
  if (answer.status === 404) throw new OrderNotFoundError(answer.message, { raw });
  if (answer.status >= 500) {
    throw new BrokerUnavailableError(answer.message, { raw, mayHaveReachedBroker: write });
  }
  throw new InvalidOrderError(answer.message, { raw });
}
