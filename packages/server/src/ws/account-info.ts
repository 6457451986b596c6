import { createHash } from 'node:crypto';
import { type SharedMarketStream, supports } from '@openalgo/core';
import type { AccountContext } from '../accounts/types.js';
import type { OutgoingMessage } from './messages.js';

/** Longer than any key the server issues (64 hex characters); refused without a lookup. */
export const MAX_API_KEY_LENGTH = 256;

/** The key from `api_key`, or OpenAlgo's alias `apikey`. */
export function apiKeyOf(body: Record<string, unknown>): string | undefined {
  for (const value of [body.api_key, body.apikey])
    if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

/** Logs may say which key was used, never the key: a short SHA-256 fingerprint. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}

/** Whether the account's broker streams market data (its manifest says; the boundary holds it to that). */
export function hasStream(account: AccountContext): boolean {
  return supports(account.dataAdapter.manifest, 'marketStream');
}

/** What the account can stream; all or nothing, since one upstream stream serves every mode. */
export function features(account: AccountContext): { ltp: boolean; quote: boolean; depth: boolean } {
  const streaming = hasStream(account);
  return { ltp: streaming, quote: streaming, depth: streaming };
}

/** OpenAlgo's `adapter_status` words for the upstream stream's state. */
export function adapterStatus(feed: SharedMarketStream | undefined): string {
  const state = feed?.status ?? 'idle';
  if (state === 'open') return 'connected';
  if (state === 'connecting' || state === 'reconnecting') return state;
  return 'disconnected';
}

/** The reply to `get_broker_info`: which broker and login the client is on, and its stream's health. */
export function brokerInfo(account: AccountContext, feed: SharedMarketStream | undefined): OutgoingMessage {
  return {
    type: 'broker_info',
    status: 'success',
    broker: account.broker,
    adapter_status: adapterStatus(feed),
    user_id: account.userId,
    supported_features: features(account),
  };
}
