import type { Logger } from '../http/logger.js';
import type { Clock } from '../time/clock.js';
import { type MarketStreamSource, SharedMarketStream } from './shared-market-stream.js';

/** First wait before reopening an upstream stream that the broker side closed. */
export const DEFAULT_REOPEN_DELAY_MS = 5_000;

/** One broker login: whoever holds its session may share its market stream. */
export interface StreamLogin {
  broker: string;
  /** The broker's user id of the session. */
  userId: string;
}

export interface MarketStreamsOptions {
  clock: Clock;
  logger: Logger;
  reopenDelayMs?: number;
  /**
   * A fresh adapter for a login whose stream was lost (its session may have been replaced by a new
   * login), or undefined to reopen on the adapter it had.
   */
  refreshAdapter?: (login: StreamLogin) => Promise<MarketStreamSource | undefined>;
}

/**
 * One `SharedMarketStream` per broker login (broker + broker user id), as OpenAlgo pools one upstream
 * per `{broker}_{user}`: every consumer of that login — each API key's feed clients, the account's
 * analyzer mode — shares it, so a login never opens a second upstream socket.
 */
export class MarketStreams {
  private readonly streams = new Map<string, SharedMarketStream>();

  constructor(private readonly options: MarketStreamsOptions) {}

  /**
   * The login's stream, created on first use. `adapter` is the login's newest adapter: an existing
   * stream keeps its open socket and uses it for the next one it opens.
   */
  streamFor(login: StreamLogin, adapter: MarketStreamSource): SharedMarketStream {
    const key = `${login.broker}\u0000${login.userId}`;
    const known = this.streams.get(key);
    if (known) {
      known.useAdapter(adapter);
      return known;
    }
    const refresh = this.options.refreshAdapter;
    const stream = new SharedMarketStream({
      broker: login.broker,
      adapter,
      clock: this.options.clock,
      logger: this.options.logger.child({ component: 'market-stream', broker: login.broker }),
      reopenDelayMs: this.options.reopenDelayMs ?? DEFAULT_REOPEN_DELAY_MS,
      ...(refresh ? { refreshAdapter: () => refresh({ broker: login.broker, userId: login.userId }) } : {}),
    });
    this.streams.set(key, stream);
    return stream;
  }

  all(): SharedMarketStream[] {
    return [...this.streams.values()];
  }

  async close(): Promise<void> {
    const streams = this.all();
    this.streams.clear();
    await Promise.all(streams.map((stream) => stream.close()));
  }
}
