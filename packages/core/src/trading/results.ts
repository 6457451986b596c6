import {
  BrokerError,
  InvalidOrderError,
  isOpenAlgoError,
  type OpenAlgoErrorJSON,
} from '../errors/openalgo-error.js';
import { type Exchange, INDEX_EXCHANGES } from '../model/enums.js';

export type BatchStatus = 'success' | 'partial' | 'error';

/** success when nothing failed (including an empty batch), error when everything failed, else partial. */
export function batchStatus(results: ReadonlyArray<{ status: 'success' | 'error' }>): BatchStatus {
  const failed = results.filter((r) => r.status === 'error').length;
  if (failed === 0) return 'success';
  return failed === results.length ? 'error' : 'partial';
}

/** A failure in serialisable form for per-item results; foreign errors become BROKER_ERROR. */
export function errorJSON(error: unknown): OpenAlgoErrorJSON {
  if (isOpenAlgoError(error)) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return new BrokerError(message, { cause: error }).toJSON();
}

/** Index feeds carry quotes only; an order on one can never be accepted. */
export function assertTradable(exchange: Exchange, field = 'exchange'): void {
  if (INDEX_EXCHANGES.has(exchange)) {
    throw new InvalidOrderError(`${exchange} is an index feed: indices can't be traded`, { field });
  }
}
