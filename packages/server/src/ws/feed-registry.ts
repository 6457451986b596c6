import { type Clock, type Logger, MarketStreams, type SharedMarketStream } from '@openalgo/core';
import type { AccountContext, AccountResolution } from '../accounts/types.js';

export interface FeedRegistryOptions {
  clock: Clock;
  logger: Logger;
  reopenDelayMs?: number;
  /**
   * The host's streams, one per broker login and shared with analyzer mode (the accounts
   * registry's). Without them the feed keeps streams of its own, refreshed with `refreshAccount`.
   */
  streams?: MarketStreams;
  /** Re-resolves an account, so a lost stream of the feed's own is reopened on the newest session. */
  refreshAccount?: (account: AccountContext) => Promise<AccountResolution>;
}

const loginKey = (login: { broker: string; userId: string }) => `${login.broker}\u0000${login.userId}`;

/**
 * The feed's way to a broker login's shared market stream: every client of that login — whichever
 * of its API keys it used — shares one upstream (and so does the account's analyzer mode when the
 * host hands over its streams).
 */
export class FeedRegistry {
  private readonly streams: MarketStreams;
  private readonly ownsStreams: boolean;
  /** The latest account each login authenticated with, for refreshing a stream the feed owns. */
  private readonly latest = new Map<string, AccountContext>();

  constructor(options: FeedRegistryOptions) {
    this.ownsStreams = options.streams === undefined;
    const refresh = options.refreshAccount;
    this.streams =
      options.streams ??
      new MarketStreams({
        clock: options.clock,
        logger: options.logger,
        ...(options.reopenDelayMs !== undefined ? { reopenDelayMs: options.reopenDelayMs } : {}),
        ...(refresh ? { refreshAdapter: (login) => this.refreshed(loginKey(login), refresh) } : {}),
      });
  }

  /** The login's stream; also hands it the account's adapter, the newest after a fresh login. */
  feedFor(account: AccountContext): SharedMarketStream {
    this.latest.set(loginKey(account), account);
    return this.streams.streamFor(account, account.dataAdapter);
  }

  all(): SharedMarketStream[] {
    return this.streams.all();
  }

  /** Closes the streams the feed owns; the host's stay open for their other users. */
  async close(): Promise<void> {
    this.latest.clear();
    if (this.ownsStreams) await this.streams.close();
  }

  private async refreshed(
    key: string,
    refresh: (account: AccountContext) => Promise<AccountResolution>,
  ): Promise<AccountContext['dataAdapter'] | undefined> {
    const known = this.latest.get(key);
    if (!known) return undefined;
    const result = await refresh(known);
    // Only the same broker login may take over this stream's subscriptions.
    if (!result.ok || loginKey(result.account) !== key) return undefined;
    this.latest.set(key, result.account);
    return result.account.dataAdapter;
  }
}
