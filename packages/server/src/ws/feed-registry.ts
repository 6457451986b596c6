import type { Clock, Logger } from '@openalgo/core';
import type { AccountContext, AccountResolution } from '../accounts/types.js';
import { AccountFeed } from './account-feed.js';

/** First wait before reopening an upstream stream that the broker side closed. */
export const UPSTREAM_REOPEN_DELAY_MS = 5_000;

export interface FeedRegistryOptions {
  clock: Clock;
  logger: Logger;
  reopenDelayMs?: number;
  /** Re-resolves an account, so a lost stream is reopened on the newest broker session. */
  refreshAccount?: (account: AccountContext) => Promise<AccountResolution>;
}

/**
 * One `AccountFeed` per broker login (broker + broker user id), as OpenAlgo pools one upstream per
 * `{broker}_{user}`: every client of that login — whichever of its API keys it used — shares it.
 */
export class FeedRegistry {
  private readonly feeds = new Map<string, { feed: AccountFeed; latest: AccountContext }>();

  constructor(private readonly options: FeedRegistryOptions) {}

  feedFor(account: AccountContext): AccountFeed {
    const key = `${account.broker}\u0000${account.userId}`;
    const known = this.feeds.get(key);
    if (known) {
      known.latest = account;
      known.feed.useAdapter(account.dataAdapter);
      return known.feed;
    }
    const refresh = this.options.refreshAccount;
    const feed = new AccountFeed({
      broker: account.broker,
      userId: account.userId,
      adapter: account.dataAdapter,
      clock: this.options.clock,
      logger: this.options.logger.child({ broker: account.broker, accountId: account.accountId }),
      reopenDelayMs: this.options.reopenDelayMs ?? UPSTREAM_REOPEN_DELAY_MS,
      ...(refresh ? { refreshAdapter: () => this.refreshed(key, refresh) } : {}),
    });
    this.feeds.set(key, { feed, latest: account });
    return feed;
  }

  all(): AccountFeed[] {
    return [...this.feeds.values()].map((f) => f.feed);
  }

  async close(): Promise<void> {
    const feeds = this.all();
    this.feeds.clear();
    await Promise.all(feeds.map((feed) => feed.close()));
  }

  private async refreshed(
    key: string,
    refresh: (account: AccountContext) => Promise<AccountResolution>,
  ): Promise<AccountContext['dataAdapter'] | undefined> {
    const known = this.feeds.get(key);
    if (!known) return undefined;
    const result = await refresh(known.latest);
    // Only the same broker login may take over this feed's subscriptions.
    if (
      !result.ok ||
      result.account.broker !== known.latest.broker ||
      result.account.userId !== known.latest.userId
    ) {
      return undefined;
    }
    known.latest = result.account;
    return result.account.dataAdapter;
  }
}
