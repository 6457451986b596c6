import type { Logger } from '../http/logger.js';
import type { Clock } from '../time/clock.js';
import type { InstrumentCache } from './instrument-cache.js';
import type { InstrumentIndex, InstrumentLoadResult, InstrumentSource } from './instrument-index.js';
import { tradingDayFor } from './trading-day.js';

export interface LoadInstrumentsOptions {
  index: InstrumentIndex;
  broker: string;
  /** Fetches and parses the broker master (the adapter's `downloadInstruments`). */
  download: () => InstrumentSource | PromiseLike<InstrumentSource>;
  cache?: InstrumentCache;
  clock: Clock;
  logger: Logger;
  /** IST time before which the previous day's master is current (default 08:00). */
  cutoff?: string;
  validate?: boolean;
  allowShrink?: boolean;
  /** Cached days kept per broker after a successful download (default 2). */
  keepDays?: number;
}

export interface LoadInstrumentsResult {
  /**
   * `cache`: today's cached master; `download`: a fresh download; `stale-cache`: the download failed
   * and the index was empty, so an older cached master was loaded; `kept-current`: the download was
   * rejected and the index keeps the master it already had; `unavailable`: nothing could be loaded and
   * the index is empty (every lookup will fail with SYMBOL_NOT_FOUND).
   */
  outcome: 'cache' | 'download' | 'stale-cache' | 'kept-current' | 'unavailable';
  /** The IST trading day whose master is current now. */
  tradingDay: string;
  /** The trading day of the master now in the index, when this call loaded one. */
  masterDay?: string;
  /** True unless the index now holds the master for `tradingDay`. */
  stale: boolean;
  /** Rows in the index afterwards. */
  rows: number;
  /** The download attempt, when one was made. */
  download?: InstrumentLoadResult;
  /** Problems with the cache that did not stop the load (corrupt file, failed write). */
  cacheProblems: string[];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * OpenAlgo's "smart download" (docs/reference/openalgo-api.md §4.3) over the index's guard rails: today's
 * cache if it is good, otherwise a download that is cached only after it was swapped in, and an older
 * cache only as a last resort for an empty index. Never throws for a failed download: the result says
 * what the index now holds.
 */
export async function loadInstruments(options: LoadInstrumentsOptions): Promise<LoadInstrumentsResult> {
  const { index, broker, cache, validate } = options;
  const tradingDay = tradingDayFor(options.clock.now(), options.cutoff);
  const log = options.logger.child({ component: 'instruments', broker, tradingDay });
  const cacheProblems: string[] = [];
  const done = (fields: Omit<LoadInstrumentsResult, 'tradingDay' | 'rows' | 'cacheProblems'>) => ({
    ...fields,
    tradingDay,
    rows: index.size,
    cacheProblems,
  });

  if (cache) {
    const loaded = await loadFromCache(options, tradingDay, cacheProblems, log);
    if (loaded) return done({ outcome: 'cache', masterDay: tradingDay, stale: false });
  }

  const download = await index.load(Promise.resolve().then(options.download), {
    validate,
    allowShrink: options.allowShrink,
    label: `${broker} ${tradingDay} (downloaded)`,
  });
  if (download.replaced) {
    log.info(
      { rows: download.rows, duplicates: download.duplicates, invalid: download.invalid },
      'instrument master downloaded',
    );
    if (cache) await writeCache(options, tradingDay, cacheProblems, log);
    return done({ outcome: 'download', masterDay: tradingDay, stale: false, download });
  }
  log.error({ reason: download.reason, samples: download.samples }, download.message);

  if (index.size === 0 && cache) {
    for (const day of await listDays(cache, broker, cacheProblems)) {
      if (day >= tradingDay) continue;
      if (await loadFromCache(options, day, cacheProblems, log)) {
        log.warn({ masterDay: day }, 'download failed; using an older cached instrument master');
        return done({ outcome: 'stale-cache', masterDay: day, stale: true, download });
      }
    }
  }
  if (index.size > 0) return done({ outcome: 'kept-current', stale: true, download });
  return done({ outcome: 'unavailable', stale: true, download });
}

async function listDays(cache: InstrumentCache, broker: string, problems: string[]): Promise<string[]> {
  try {
    return await cache.days(broker);
  } catch (error) {
    problems.push(`listing cached days failed: ${errorText(error)}`);
    return [];
  }
}

async function loadFromCache(
  options: LoadInstrumentsOptions,
  day: string,
  problems: string[],
  log: Logger,
): Promise<boolean> {
  const { cache, index, broker } = options;
  if (!cache) return false;
  let read: Awaited<ReturnType<InstrumentCache['read']>>;
  try {
    read = await cache.read(broker, day);
  } catch (error) {
    problems.push(`reading cached ${day} failed: ${errorText(error)}`);
    log.warn({ day, err: errorText(error) }, 'instrument cache unreadable');
    return false;
  }
  if (read.status === 'miss') return false;
  if (read.status === 'corrupt') {
    problems.push(`cached ${day} is corrupt: ${read.reason}`);
    log.warn({ day, reason: read.reason }, 'instrument cache corrupt; ignoring it');
    return false;
  }
  const result = await index.load(read.rows, {
    validate: options.validate,
    allowShrink: options.allowShrink,
    label: `${broker} ${day} (cache)`,
  });
  if (!result.replaced) {
    problems.push(`cached ${day} rejected: ${result.message}`);
    log.warn({ day, reason: result.reason }, result.message);
    return false;
  }
  log.info({ day, rows: result.rows }, 'instrument master loaded from cache');
  return true;
}

async function writeCache(
  options: LoadInstrumentsOptions,
  day: string,
  problems: string[],
  log: Logger,
): Promise<void> {
  const { cache, index, broker } = options;
  if (!cache) return;
  try {
    await cache.write(broker, day, index.all());
    await cache.prune(broker, options.keepDays ?? 2);
  } catch (error) {
    // The index already holds the new master; a cache failure only costs a re-download next start.
    problems.push(`writing cache ${day} failed: ${errorText(error)}`);
    log.warn({ day, err: errorText(error) }, 'instrument cache write failed');
  }
}
