import type { Clock } from '@openalgo/core';
import type { ApiKeyService } from '../auth/api-keys.js';
import type { SessionVault } from '../auth/session-vault.js';
import type { ServerStore } from '../store/types.js';

export type SessionState = 'active' | 'expired' | 'none' | 'unreadable';

export interface AccountSummary {
  id: string;
  broker: string;
  label: string;
  userId: string | undefined;
  session: SessionState;
  sessionExpiresAt: number | undefined;
  analyzeMode: boolean;
  keyPrefixes: string[];
}

/**
 * What the accounts page shows for every account, read from the store without opening a broker
 * session: a sealed session's expiry is stored beside it, so no decryption is needed.
 */
export function summarizeAccounts(options: {
  store: ServerStore;
  vault: SessionVault;
  apiKeys: ApiKeyService;
  clock: Clock;
  isAnalyzeMode: (accountId: string) => boolean;
}): AccountSummary[] {
  const { store, vault, apiKeys, clock } = options;
  return store.accounts.list().map((account) => {
    const sealed = store.sessions.get(account.id);
    let session: SessionState = 'none';
    if (sealed) {
      if (sealed.keyId !== vault.keyId) session = 'unreadable';
      else session = sealed.expiresAt <= clock.now() ? 'expired' : 'active';
    }
    return {
      id: account.id,
      broker: account.broker,
      label: account.label,
      userId: account.userId,
      session,
      sessionExpiresAt: sealed?.expiresAt,
      analyzeMode: options.isAnalyzeMode(account.id),
      keyPrefixes: apiKeys.keysOf(account.id).map((k) => k.prefix),
    };
  });
}
