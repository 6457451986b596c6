import type { SimulatorResponse } from '@openalgo/testkit/simulator';

/**
 * Angel's two envelope spellings (docs/reference/brokers.md §2.3), both on HTTP 200:
 * - the application's: `{status, message, errorcode, data}` (lower-case `errorcode`);
 * - the gateway's: `{success, message, errorCode, data}` (camelCase `errorCode`), which token errors
 *   use and the quote API documents for its successes too.
 */
export type Spelling = 'app' | 'gateway';

/** A failure a route answers with one of Angel's error envelopes (always HTTP 200, as Angel does). */
export class AngelApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly spelling: Spelling = 'app',
  ) {
    super(message);
    this.name = 'AngelApiError';
  }
}

export function successBody(data: unknown, spelling: Spelling = 'app'): Record<string, unknown> {
  return spelling === 'app'
    ? { status: true, message: 'SUCCESS', errorcode: '', data }
    : { success: true, message: 'SUCCESS', errorCode: '', data };
}

export function angelSuccess(data: unknown, spelling: Spelling = 'app'): SimulatorResponse {
  return { status: 200, body: successBody(data, spelling) };
}

/** `{"status":false,…,"data":null}` or, for the gateway, `{"success":false,…,"data":""}`. */
export function errorBody(error: AngelApiError): Record<string, unknown> {
  return error.spelling === 'app'
    ? { status: false, message: error.message, errorcode: error.code, data: null }
    : { success: false, message: error.message, errorCode: error.code, data: '' };
}

export function angelError(error: AngelApiError): SimulatorResponse {
  return { status: 200, body: errorBody(error) };
}

/** Angel's generic failure (AB1004), also its answer to a candle range that ends before it starts. */
export const SOMETHING_WENT_WRONG = 'Something Went Wrong, Please Try After Sometime';

export function appError(code: string, message: string): AngelApiError {
  return new AngelApiError(code, message, 'app');
}

/** A bad, expired, logged-out or forcibly expired JWT: AG8001 in the gateway spelling (§2.10). */
export function invalidToken(): AngelApiError {
  return new AngelApiError('AG8001', 'Invalid Token', 'gateway');
}

/** No `Authorization` header at all. */
export function tokenMissing(): AngelApiError {
  return new AngelApiError('AG8003', 'Token missing', 'gateway');
}

/**
 * Missing `X-` headers or an unknown `X-PrivateKey`. Angel's exact answer is not on record
 * [unverified]: the gateway spelling (it is checked before the application sees the call) with a
 * code chosen here, AG8004, so that it never reads as a session expiry (AG8001).
 */
export function invalidApiKey(message: string): AngelApiError {
  return new AngelApiError('AG8004', message, 'gateway');
}

/** Invalid parameters: Angel's OMS answers AB1007 ("AMX Error") with the reason (§2.6). */
export function inputError(message: string): AngelApiError {
  return appError('AB1007', message);
}

/** The plain-text body of Angel's HTTP 403 rate-limit answer (§2.6, §2.10). */
export const RATE_LIMIT_TEXT = 'Access denied because of exceeding access rate';

export function rateLimited(): SimulatorResponse {
  return { status: 403, headers: { 'content-type': 'text/plain' }, body: RATE_LIMIT_TEXT };
}
