import type { Clock } from '@openalgo/core';
import type { ApiKeyService } from '../auth/api-keys.js';
import type { SessionVault } from '../auth/session-vault.js';
import type { SealedSession, ServerStore, SettingsStore } from '../store/types.js';
import { type EndedSpan, endedSimulatedSpans, readSimulatedRuns } from './simulated-runs.js';

/**
 * What a stored broker session is worth right now. `ended`: it has not reached its expiry, but the
 * broker that issued it is gone — a `--simulate` run's simulator, whose tokens die with it — so the
 * broker this run talks to will refuse it: log in again.
 */
export type SessionState = 'active' | 'expired' | 'none' | 'unreadable' | 'ended';

export interface SessionStateContext {
  /** The fingerprint of the secret key this server seals with (SessionVault.keyId). */
  keyId: string;
  now: number;
  /**
   * Sessions of the account's broker sealed before this instant were issued by a broker this run
   * does not talk to (a previous run's simulator, or the real broker while this run simulates it).
   */
  validFrom: number | undefined;
  /** Sealing times of the account's broker whose simulator has stopped (simulated-runs.ts). */
  endedSpans?: readonly EndedSpan[];
}

/**
 * The spans of `broker`'s ended `--simulate` runs, from the store. `lastRunAlive`: the last run, if
 * unfinished, is still running (true inside the server, which is that run).
 */
export function endedSpansOf(settings: SettingsStore, broker: string, lastRunAlive = true): EndedSpan[] {
  return endedSimulatedSpans(readSimulatedRuns(settings), broker, lastRunAlive);
}

/**
 * The one home of "is this account's session usable": the accounts page, the CLI and the account
 * resolution behind every API call all ask here, so none can say "active" while calls fail.
 * Read from the store without decrypting: expiry and sealing time are stored beside the ciphertext.
 */
export function sessionState(sealed: SealedSession | undefined, context: SessionStateContext): SessionState {
  if (!sealed) return 'none';
  if (sealed.keyId !== context.keyId) return 'unreadable';
  if (context.validFrom !== undefined && sealed.updatedAt < context.validFrom) return 'ended';
  const sealedAt = sealed.updatedAt;
  if (context.endedSpans?.some((span) => sealedAt >= span.from && sealedAt < span.to)) return 'ended';
  // The same instant core's isSessionExpired uses: expired at expiresAt itself.
  return context.now >= sealed.expiresAt ? 'expired' : 'active';
}

/** What each state means to a user, in words: the accounts page and the CLI say the same. */
export const SESSION_STATE_TEXT: Readonly<Record<SessionState, string>> = {
  active: 'active',
  expired: 'expired — log in again',
  none: 'not logged in',
  unreadable: 'unreadable (secret key changed) — log in again',
  ended: 'ended: issued by a simulator that has stopped — log in again',
};

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
  vault: Pick<SessionVault, 'keyId'>;
  apiKeys: ApiKeyService;
  clock: Clock;
  isAnalyzeMode: (accountId: string) => boolean;
  /** Per broker: see SessionStateContext.validFrom. */
  sessionsValidFrom?: (broker: string) => number | undefined;
  /** Whether the last `--simulate` run, if unfinished, still runs (default: yes, it is this server). */
  lastRunAlive?: boolean;
}): AccountSummary[] {
  const { store, vault, apiKeys, clock } = options;
  const runs = readSimulatedRuns(store.settings);
  return store.accounts.list().map((account) => {
    const sealed = store.sessions.get(account.id);
    return {
      id: account.id,
      broker: account.broker,
      label: account.label,
      userId: account.userId,
      session: sessionState(sealed, {
        keyId: vault.keyId,
        now: clock.now(),
        validFrom: options.sessionsValidFrom?.(account.broker),
        endedSpans: endedSimulatedSpans(runs, account.broker, options.lastRunAlive ?? true),
      }),
      sessionExpiresAt: sealed?.expiresAt,
      analyzeMode: options.isAnalyzeMode(account.id),
      keyPrefixes: apiKeys.keysOf(account.id).map((k) => k.prefix),
    };
  });
}
