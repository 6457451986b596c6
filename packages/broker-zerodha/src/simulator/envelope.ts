import type { SimulatorResponse } from '@openalgo/testkit/simulator';

/** Kite's exception names (docs/reference/brokers.md §1.6). */
export type KiteErrorType =
  | 'TokenException'
  | 'PermissionException'
  | 'UserException'
  | 'OrderException'
  | 'InputException'
  | 'MarginException'
  | 'HoldingException'
  | 'NetworkException'
  | 'DataException'
  | 'GeneralException';

/** A failure a route answers with Kite's error envelope. */
export class KiteApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: KiteErrorType,
    message: string,
  ) {
    super(message);
    this.name = 'KiteApiError';
  }
}

export function kiteSuccess(data: unknown): SimulatorResponse {
  return { status: 200, body: { status: 'success', data } };
}

/** `{status:"error", message, error_type, data:null}` (docs/reference/brokers.md §1.3). */
export function kiteErrorBody(errorType: KiteErrorType, message: string): Record<string, unknown> {
  return { status: 'error', message, error_type: errorType, data: null };
}

export function kiteError(status: number, errorType: KiteErrorType, message: string): SimulatorResponse {
  return { status, body: kiteErrorBody(errorType, message) };
}

export function inputError(message: string): KiteApiError {
  return new KiteApiError(400, 'InputException', message);
}

/** Kite's answer to a missing, wrong, logged-out or expired session. */
export const TOKEN_ERROR_MESSAGE = 'Incorrect `api_key` or `access_token`.';

export function tokenError(message = TOKEN_ERROR_MESSAGE): KiteApiError {
  return new KiteApiError(403, 'TokenException', message);
}

/** Kite's 429 body; the exception type of a 429 is undocumented, NetworkException is the likeliest. */
export const RATE_LIMIT_BODY = kiteErrorBody('NetworkException', 'Too many requests');
