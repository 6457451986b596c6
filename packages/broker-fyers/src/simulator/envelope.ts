import type { SimulatorResponse } from '@openalgo/testkit/simulator';

/**
 * Fyers' envelope (brokers.md §3.3): success `{s:"ok", code:200, message:"", …payload}` at the top
 * level; errors `{s:"error", code:<negative>, message}`, sometimes with an `id` (order replies).
 */
export class FyersApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'FyersApiError';
  }
}

export function fyersOk(payload: Record<string, unknown> = {}, code = 200, message = ''): SimulatorResponse {
  return { status: 200, body: { s: 'ok', code, message, ...payload } };
}

export function fyersErrorBody(code: number, message: string, extra: Record<string, unknown> = {}) {
  return { s: 'error', code, message, ...extra };
}

export function fyersError(error: FyersApiError): SimulatorResponse {
  return { status: error.status, body: fyersErrorBody(error.code, error.message, error.extra) };
}

/** A request the API refuses as malformed (HTTP 400). */
export function badRequest(
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): FyersApiError {
  return new FyersApiError(400, code, message, extra);
}

/** −16 on `/api/v3/*` and `/data/history` (§3.6, Go SDK's captured body); HTTP 401 per OpenAlgo. */
export const AUTH_ERROR_API = { code: -16, message: 'Could not authenticate the user' } as const;
/** −15 on the other `/data` routes (quotes, depth, symbol-token…). */
export const AUTH_ERROR_DATA = { code: -15, message: 'Please provide valid token' } as const;
/** Logout with a dead token says it differently (§3.2). */
export const LOGOUT_ERROR = { code: -16, message: 'Token is Invalid or Expired' } as const;

/** −353 "API limit exceeded" (official error CSV) with HTTP 429 (OpenAlgo). */
export const RATE_LIMIT_BODY = fyersErrorBody(-353, 'API limit exceeded');

/** The auth error a path answers: −15 on `/data` routes except history, −16 everywhere else. */
export function authErrorFor(path: string): FyersApiError {
  const data = path.startsWith('/data/') && !path.startsWith('/data/history');
  const { code, message } = data ? AUTH_ERROR_DATA : AUTH_ERROR_API;
  return new FyersApiError(401, code, message);
}
