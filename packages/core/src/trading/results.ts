import { BrokerError, isOpenAlgoError, type OpenAlgoErrorJSON } from '../errors/openalgo-error.js';

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
