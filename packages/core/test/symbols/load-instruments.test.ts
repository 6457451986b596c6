import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/model/instrument.js';
import { InstrumentCache } from '../../src/symbols/instrument-cache.js';
import { InstrumentIndex } from '../../src/symbols/instrument-index.js';
import { type LoadInstrumentsOptions, loadInstruments } from '../../src/symbols/load-instruments.js';
import { RecordingLogger } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { istToEpoch } from '../../src/time/ist.js';
import { equities } from './helpers.js';

const TODAY = '2026-01-05';
const YESTERDAY = '2026-01-04';
const AFTER_CUTOFF = istToEpoch(2026, 1, 5, 9, 0);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openalgo-load-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function setup(overrides: Partial<LoadInstrumentsOptions> & { rows?: Instrument[]; fail?: Error } = {}) {
  const calls = { download: 0 };
  const { rows = equities(10, 'DL'), fail, ...rest } = overrides;
  const logger = new RecordingLogger();
  const options: LoadInstrumentsOptions = {
    index: new InstrumentIndex(),
    broker: 'zerodha',
    cache: new InstrumentCache(dir),
    clock: new ManualClock(AFTER_CUTOFF),
    logger,
    download: async function* () {
      calls.download++;
      if (fail) throw fail;
      yield* rows;
    },
    ...rest,
  };
  return { options, calls, logger };
}

describe('loadInstruments', () => {
  it('downloads when there is no cache, then caches what was swapped in', async () => {
    const { options, calls, logger } = setup();
    const result = await loadInstruments(options);
    expect(result).toMatchObject({
      outcome: 'download',
      tradingDay: TODAY,
      masterDay: TODAY,
      stale: false,
      rows: 10,
    });
    expect(result.cacheProblems).toEqual([]);
    expect(calls.download).toBe(1);
    expect(options.index.get('DL3', 'NSE')?.symbol).toBe('DL3');
    expect(options.index.info.label).toBe('zerodha 2026-01-05 (downloaded)');
    const cached = await options.cache?.read('zerodha', TODAY);
    expect(cached?.status === 'hit' && cached.rows.map((r) => r.symbol)).toEqual(
      equities(10, 'DL').map((r) => r.symbol),
    );
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        level: 'info',
        msg: 'instrument master downloaded',
        fields: expect.objectContaining({ broker: 'zerodha', rows: 10 }),
      }),
    );
  });

  it("uses today's cache without downloading", async () => {
    const { options, calls } = setup();
    await options.cache?.write('zerodha', TODAY, equities(5, 'C'));
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'cache', masterDay: TODAY, stale: false, rows: 5 });
    expect(calls.download).toBe(0);
    expect(options.index.get('C4', 'NSE')?.symbol).toBe('C4');
  });

  it("before the 08:00 IST cutoff, yesterday's cache is the current master", async () => {
    const { options, calls } = setup({ clock: new ManualClock(istToEpoch(2026, 1, 5, 7, 30)) });
    await options.cache?.write('zerodha', YESTERDAY, equities(5, 'Y'));
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'cache', tradingDay: YESTERDAY, stale: false });
    expect(calls.download).toBe(0);
  });

  it("after the cutoff, yesterday's cache is not used while the download works", async () => {
    const { options, calls } = setup();
    await options.cache?.write('zerodha', YESTERDAY, equities(5, 'Y'));
    const result = await loadInstruments(options);
    expect(result.outcome).toBe('download');
    expect(calls.download).toBe(1);
    expect(options.index.get('Y0', 'NSE')).toBeUndefined();
  });

  it('ignores a corrupt cache for today, downloads, and rewrites the cache', async () => {
    const { options, calls, logger } = setup();
    await options.cache?.write('zerodha', TODAY, equities(5, 'C'));
    await writeFile(join(dir, 'zerodha', `${TODAY}.jsonl`), '{"format":"openalgo-instruments"\n');
    const result = await loadInstruments(options);
    expect(result.outcome).toBe('download');
    expect(calls.download).toBe(1);
    expect(result.cacheProblems).toEqual([expect.stringContaining(`cached ${TODAY} is corrupt`)]);
    expect(logger.records.some((e) => e.level === 'warn' && e.msg?.includes('corrupt'))).toBe(true);
    expect((await options.cache?.read('zerodha', TODAY))?.status).toBe('hit');
  });

  it('when the download fails and the index is empty, loads the newest older cache and says it is stale', async () => {
    const { options } = setup({ fail: new Error('HTTP 502 from broker') });
    await options.cache?.write('zerodha', '2026-01-02', equities(3, 'OLDER'));
    await options.cache?.write('zerodha', YESTERDAY, equities(4, 'Y'));
    const result = await loadInstruments(options);
    expect(result).toMatchObject({
      outcome: 'stale-cache',
      tradingDay: TODAY,
      masterDay: YESTERDAY,
      stale: true,
      rows: 4,
    });
    expect(result.download).toMatchObject({ replaced: false, reason: 'source-failed' });
    expect(options.index.get('Y3', 'NSE')?.symbol).toBe('Y3');
    expect(options.index.info.label).toBe('zerodha 2026-01-04 (cache)');
  });

  it('skips an older cache that is corrupt and takes the next one', async () => {
    const { options } = setup({ fail: new Error('DNS failure') });
    await options.cache?.write('zerodha', '2026-01-02', equities(3, 'OLDER'));
    await writeFile(join(dir, 'zerodha', `${YESTERDAY}.jsonl`), 'garbage\n');
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'stale-cache', masterDay: '2026-01-02', rows: 3 });
    expect(result.cacheProblems).toEqual([expect.stringContaining(`cached ${YESTERDAY} is corrupt`)]);
  });

  it('when the download fails but the index already holds a master, keeps it and touches no cache', async () => {
    const { options } = setup({ fail: new Error('timeout') });
    await options.index.load(equities(6, 'CUR'));
    await options.cache?.write('zerodha', YESTERDAY, equities(4, 'Y'));
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'kept-current', stale: true, rows: 6 });
    expect(options.index.get('CUR5', 'NSE')?.symbol).toBe('CUR5');
    expect(options.index.get('Y0', 'NSE')).toBeUndefined();
  });

  it('reports unavailable when nothing can be loaded', async () => {
    const { options, logger } = setup({ fail: new Error('offline') });
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'unavailable', stale: true, rows: 0 });
    expect(result.download).toMatchObject({ reason: 'source-failed' });
    expect(logger.records).toContainEqual(
      expect.objectContaining({ level: 'error', msg: expect.stringContaining('offline') }),
    );
    expect(() => options.index.resolve('SBIN', 'NSE')).toThrow(/no instrument master is loaded/);
  });

  it('a download that throws before returning anything counts as a failed source', async () => {
    const { options } = setup({
      download: () => {
        throw new Error('login expired');
      },
    });
    const result = await loadInstruments(options);
    expect(result.outcome).toBe('unavailable');
    expect(result.download).toMatchObject({
      reason: 'source-failed',
      message: expect.stringContaining('login expired'),
    });
  });

  it('a shrunk download is not swapped in and not cached', async () => {
    const { options } = setup({ rows: equities(3, 'SMALL') });
    await options.index.load(equities(10, 'CUR'));
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'kept-current', download: { reason: 'shrunk' } });
    expect(await options.cache?.read('zerodha', TODAY)).toEqual({ status: 'miss' });
    expect(options.index.size).toBe(10);
  });

  it('an empty download is not cached either', async () => {
    const { options } = setup({ rows: [] });
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'unavailable', download: { reason: 'empty' } });
    expect(await options.cache?.days('zerodha')).toEqual([]);
  });

  it('a cache that cannot be written does not undo a good download', async () => {
    const blocked = join(dir, 'blocked');
    await writeFile(blocked, 'a file where the cache directory should be');
    const { options } = setup({ cache: new InstrumentCache(blocked) });
    const result = await loadInstruments(options);
    expect(result).toMatchObject({ outcome: 'download', rows: 10 });
    expect(result.cacheProblems).toEqual([
      expect.stringContaining(`reading cached ${TODAY} failed`),
      expect.stringContaining(`writing cache ${TODAY} failed`),
    ]);
    expect(options.index.get('DL0', 'NSE')?.symbol).toBe('DL0');
  });

  it('works without a cache', async () => {
    const { options } = setup({ cache: undefined });
    expect(await loadInstruments(options)).toMatchObject({
      outcome: 'download',
      rows: 10,
      cacheProblems: [],
    });
  });

  it('keeps only the newest cached days after a download', async () => {
    const { options } = setup({ keepDays: 2 });
    for (const day of ['2026-01-01', '2026-01-02', YESTERDAY])
      await options.cache?.write('zerodha', day, equities(2));
    await loadInstruments(options);
    expect((await readdir(join(dir, 'zerodha'))).sort()).toEqual([`${YESTERDAY}.jsonl`, `${TODAY}.jsonl`]);
  });
});
