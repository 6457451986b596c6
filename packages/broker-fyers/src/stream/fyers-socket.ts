import { AuthFailedError } from '@openalgo/core';
import WebSocket from 'ws';
import type { WebSocketFactory } from './options.js';

export const defaultWebSocketFactory: WebSocketFactory = (url, options) => new WebSocket(url, options);

export interface AccessTokenClaims {
  hsmKey: string;
  /** Epoch ms the token expires at. */
  expiresAtMs: number | undefined;
}

/**
 * The access token is a JWT whose payload carries `hsm_key` and `exp` (§3.2); both SDKs decode it
 * client-side without checking the signature, and so do we. The token itself never reaches an error.
 */
export function accessTokenClaims(accessToken: string): AccessTokenClaims {
  const payload = accessToken.split('.')[1];
  let claims: { hsm_key?: unknown; exp?: unknown } | undefined;
  try {
    claims = payload
      ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims)
      : undefined;
  } catch {
    claims = undefined;
  }
  if (!claims || typeof claims !== 'object') {
    throw new AuthFailedError(
      'fyers: the access token is not a JWT, so it carries no hsm_key for the data socket',
      {
        field: 'accessToken',
      },
    );
  }
  if (typeof claims.hsm_key !== 'string' || claims.hsm_key.length === 0) {
    throw new AuthFailedError(
      'fyers: the access token carries no hsm_key; the data socket cannot authenticate',
      {
        field: 'accessToken',
      },
    );
  }
  const exp = typeof claims.exp === 'number' && Number.isFinite(claims.exp) ? claims.exp * 1000 : undefined;
  return { hsmKey: claims.hsm_key, expiresAtMs: exp };
}
