import type { BrokerAdapter } from '../contract/adapter.js';
import type { Logger } from '../http/logger.js';
import type { Instrument } from '../model/instrument.js';
import type { Clock } from '../time/clock.js';
import { InstrumentCache } from './instrument-cache.js';
import { InstrumentIndex } from './instrument-index.js';
import { type LoadInstrumentsResult, loadInstruments } from './load-instruments.js';
import { tradingDayFor } from './trading-day.js';

export type InstrumentProgress = (rows: number) => void;

interface BrokerInstruments {
  index: InstrumentIndex;
  loading: Promise<LoadInstrumentsResult> | undefined;
  last: LoadInstrumentsResult | undefined;
}

async function* counting(
  source: AsyncIterable<Instrument>,
  onProgress: InstrumentProgress,
): AsyncIterable<Instrument> {
  let rows = 0;
  for await (const row of source) {
    rows += 1;
    if (rows % 5000 === 0) onProgress(rows);
    yield row;
  }
  onProgress(rows);
}

/**
 * One instrument index per broker, shared by every account of that broker (the master is the
 * broker's, not the user's). Loading runs in the background: until it finishes the index is empty
 * and lookups fail with SYMBOL_NOT_FOUND saying the master is not loaded yet, rather than requests
 * waiting on a download of tens of megabytes. Masters are cached per trading day on disk.
 */
export class InstrumentRegistry {
  private readonly brokers = new Map<string, BrokerInstruments>();
  private readonly cache: InstrumentCache;
  private readonly separateCaches = new Map<string, InstrumentCache>();

  /**
   * `separateCacheDirs`: brokers whose masters must not share the main cache — a simulated broker's
   * synthetic master would otherwise be read back by a later run against the real broker.
   */
  constructor(
    cacheDir: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    separateCacheDirs: Readonly<Record<string, string>> = {},
  ) {
    this.cache = new InstrumentCache(cacheDir);
    for (const [broker, dir] of Object.entries(separateCacheDirs)) {
      this.separateCaches.set(broker, new InstrumentCache(dir));
    }
  }

  index(broker: string): InstrumentIndex {
    return this.entry(broker).index;
  }

  lastResult(broker: string): LoadInstrumentsResult | undefined {
    return this.brokers.get(broker)?.last;
  }

  isLoading(broker: string): boolean {
    return this.brokers.get(broker)?.loading !== undefined;
  }

  /** The load in progress, else the last one's result (undefined if none ever started). */
  settled(broker: string): Promise<LoadInstrumentsResult | undefined> {
    const entry = this.brokers.get(broker);
    return entry?.loading ?? Promise.resolve(entry?.last);
  }

  /**
   * Loads today's master unless it is loaded or loading. `cache: false` is for masters that are
   * generated locally (the sandbox's) and cost nothing to rebuild.
   */
  ensure(
    broker: string,
    adapter: Pick<BrokerAdapter, 'downloadInstruments'>,
    options: { cache?: boolean; onProgress?: InstrumentProgress; force?: boolean } = {},
  ): Promise<LoadInstrumentsResult> {
    const entry = this.entry(broker);
    if (entry.loading) return entry.loading;
    const cache = this.separateCaches.get(broker) ?? this.cache;
    const today = tradingDayFor(this.clock.now());
    if (!options.force && entry.last && !entry.last.stale && entry.last.tradingDay === today) {
      return Promise.resolve(entry.last);
    }
    const download = () =>
      options.onProgress
        ? counting(adapter.downloadInstruments(), options.onProgress)
        : adapter.downloadInstruments();
    const run = loadInstruments({
      index: entry.index,
      broker,
      download,
      ...(options.cache === false || options.force ? {} : { cache }),
      clock: this.clock,
      logger: this.logger,
    })
      .then(async (result) => {
        entry.last = result;
        // A forced download skipped the cache read; still keep what it fetched for the next start.
        if (options.force && options.cache !== false && result.outcome === 'download') {
          try {
            await cache.write(broker, result.tradingDay, entry.index.all());
          } catch (error) {
            // The index already holds the master; a failed cache write only costs a download next start.
            this.logger.warn({ err: error, broker }, 'instrument cache write failed');
          }
        }
        return result;
      })
      .finally(() => {
        entry.loading = undefined;
      });
    entry.loading = run;
    return run;
  }

  private entry(broker: string): BrokerInstruments {
    let entry = this.brokers.get(broker);
    if (!entry) {
      entry = { index: new InstrumentIndex({ clock: this.clock }), loading: undefined, last: undefined };
      this.brokers.set(broker, entry);
    }
    return entry;
  }
}
