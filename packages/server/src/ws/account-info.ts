import { createHash } from 'node:crypto';
import { supports } from '@openalgo/core';
import type { AccountContext } from '../accounts/types.js';
import type { AccountFeed } from './account-feed.js';

/** Logs may say which key was used, never the key: a short SHA-256 fingerprint. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}

/** A stream needs both the method and the declared capability (a manifest may switch it off). */
export function hasStream(account: AccountContext): boolean {
  const adapter = account.dataAdapter;
  return (
    typeof adapter.marketStream === 'function' && supports(adapter.manifest.capabilities, 'marketStream')
  );
}

/** What the account can stream; all or nothing, since one upstream stream serves every mode. */
export function features(account: AccountContext): { ltp: boolean; quote: boolean; depth: boolean } {
  const streaming = hasStream(account);
  return { ltp: streaming, quote: streaming, depth: streaming };
}

/** OpenAlgo's `adapter_status` words for the upstream stream's state. */
export function adapterStatus(feed: AccountFeed | undefined): string {
  const state = feed?.status ?? 'idle';
  if (state === 'open') return 'connected';
  if (state === 'connecting' || state === 'reconnecting') return state;
  return 'disconnected';
}
