import {
  type Clock,
  isOpenAlgoError,
  isSessionExpired,
  type Logger,
  type Session,
  SessionSchema,
  toIstIso,
} from '@openalgo/core';
import { SessionUnreadableError, type SessionVault } from '../auth/session-vault.js';
import type { AccountRecord, ServerStore } from '../store/types.js';
import { endedSpansOf, sessionState } from './account-summaries.js';
import type { CatalogEntry } from './broker-catalog.js';
import type { AccountResolution } from './types.js';

/** Why an account cannot be used right now, as the REST routes and the feed report it. */
export type AccountFailure = Extract<AccountResolution, { ok: false }>;

export function noSession(message: string): AccountFailure {
  return { ok: false, reason: 'no_session', message };
}

export interface StoredSessionOptions {
  account: AccountRecord;
  entry: CatalogEntry;
  /** The broker's validated configuration. */
  config: unknown;
  store: ServerStore;
  vault: SessionVault;
  clock: Clock;
  logger: Logger;
  /** Where the user logs in again, for the messages. */
  loginAt: string;
  /** Sessions sealed before this cannot work in this run (see SessionStateContext.validFrom). */
  validFrom?: number;
}

/**
 * The account's stored session, opened from the vault — or, for brokers that need no credentials,
 * a fresh login stored in its place once the old one has ended. Otherwise the failure says what to
 * do: log in, or log in again after an expiry.
 */
export async function storedSession(options: StoredSessionOptions): Promise<Session | AccountFailure> {
  const { account, entry, config, store, vault, clock, logger, loginAt } = options;
  let session: Session | undefined;
  const sealed = store.sessions.get(account.id);
  const state = sessionState(sealed, {
    keyId: vault.keyId,
    now: clock.now(),
    validFrom: options.validFrom,
    endedSpans: endedSpansOf(store.settings, account.broker),
  });
  if (state === 'ended' && entry.plugin.manifest.auth !== 'none') {
    // Not refreshed either: its refresh token came from the same gone broker.
    return {
      ok: false,
      reason: 'session_expired',
      message:
        `The ${entry.id} session of account ${account.id} was issued by a broker this run does not talk ` +
        `to (a --simulate run's simulator, whose sessions end with it); log in again at ${loginAt}`,
    };
  }
  if (sealed && state !== 'ended') {
    try {
      session = vault.open(sealed);
    } catch (error) {
      if (!(error instanceof SessionUnreadableError)) throw error;
      logger.warn({ account: account.id, reason: error.reason }, error.message);
      if (entry.plugin.manifest.auth !== 'none') return noSession(`${error.message} (${loginAt})`);
    }
  }
  if (session && !isSessionExpired(session, clock.now())) return session;
  if (entry.plugin.manifest.auth === 'none') {
    const auth = entry.plugin.auth(config, { clock, logger, http: {} });
    const fresh = SessionSchema.parse(await auth.completeLogin({}));
    store.sessions.put(vault.seal(account.id, fresh, clock.now()));
    return fresh;
  }
  if (session && (session.refreshToken || session.loginSecrets)) {
    const refreshed = await refreshSession(options, session);
    if (refreshed) return refreshed;
  }
  if (session) {
    return {
      ok: false,
      reason: 'session_expired',
      message:
        `The ${entry.id} session of account ${account.id} expired at ${toIstIso(session.expiresAt)}; ` +
        `log in again at ${loginAt}`,
    };
  }
  return noSession(`Account ${account.id} has no ${entry.id} session: log in at ${loginAt}`);
}

/**
 * A broker whose auth can refresh (Angel's generateTokens or a TOTP re-login the user opted into, Fyers'
 * refresh token + PIN) gets one try when the stored session has expired; the fresh session replaces the
 * old one in the vault. A failure is logged without its secrets and the caller answers "log in again".
 */
async function refreshSession(options: StoredSessionOptions, expired: Session): Promise<Session | undefined> {
  const { account, entry, config, store, vault, clock, logger } = options;
  const auth = entry.plugin.auth(config, { clock, logger, http: {} });
  if (!auth.refresh) return undefined;
  try {
    const fresh = SessionSchema.parse(await auth.refresh(expired));
    if (isSessionExpired(fresh, clock.now())) return undefined;
    store.sessions.put(vault.seal(account.id, fresh, clock.now()));
    logger.info({ account: account.id, broker: entry.id }, 'expired broker session refreshed');
    return fresh;
  } catch (error) {
    const message = isOpenAlgoError(error) ? error.message : 'the refresh failed';
    logger.warn({ account: account.id, broker: entry.id, reason: message }, 'broker session refresh failed');
    return undefined;
  }
}
