import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors/openalgo-error.js';
import type { Instrument } from '../../src/model/instrument.js';
import { InstrumentCache } from '../../src/symbols/instrument-cache.js';
import { equity, future, option } from './helpers.js';

const ROWS: Instrument[] = [
  equity('M&M', 'NSE', { name: 'MAHINDRA & MAHINDRA "M&M"' }),
  equity('BAJAJ-AUTO', 'BSE'),
  future('726GS2033', '25APR24', '25-APR-24', 'CDS'),
  option('VEDL', '25APR24', '25-APR-24', 292.5, 'CE'),
  { ...option('USDINR', '19APR24', '19-APR-24', 82.25, 'PE', 'CDS'), tickSize: 0.0025, lotSize: 1000 },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openalgo-instruments-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('InstrumentCache', () => {
  it('round-trips every field of every row', async () => {
    const cache = new InstrumentCache(dir);
    expect(await cache.write('zerodha', '2026-01-05', ROWS)).toEqual({ rows: ROWS.length });
    const read = await cache.read('zerodha', '2026-01-05');
    expect(read).toEqual({ status: 'hit', rows: ROWS });
    expect(cache.dir).toBe(dir);
  });

  it('reports a miss for a day or broker it does not have', async () => {
    const cache = new InstrumentCache(dir);
    await cache.write('zerodha', '2026-01-05', ROWS);
    expect(await cache.read('zerodha', '2026-01-06')).toEqual({ status: 'miss' });
    expect(await cache.read('angel', '2026-01-05')).toEqual({ status: 'miss' });
  });

  it('reports a cut-short, edited or foreign file as corrupt instead of loading part of it', async () => {
    const cache = new InstrumentCache(dir);
    await cache.write('zerodha', '2026-01-05', ROWS);
    const file = join(dir, 'zerodha', '2026-01-05.jsonl');
    const text = await readFile(file, 'utf8');
    const lines = text.trimEnd().split('\n');

    await writeFile(file, `${lines.slice(0, -1).join('\n')}\n`);
    expect(await cache.read('zerodha', '2026-01-05')).toEqual({
      status: 'corrupt',
      reason: `header promises ${ROWS.length} rows, file has ${ROWS.length - 1}`,
    });

    await writeFile(file, `${lines.join('\n').slice(0, -10)}\n`);
    expect(await cache.read('zerodha', '2026-01-05')).toMatchObject({ status: 'corrupt' });

    await writeFile(file, `${[lines[0], '["SBIN","NSE"]', ...lines.slice(2)].join('\n')}\n`);
    expect(await cache.read('zerodha', '2026-01-05')).toEqual({
      status: 'corrupt',
      reason: 'line 2 is not a row of 11 columns',
    });

    await writeFile(file, text.replace(/,82\.25,1000,/, ',82.25,"1000",'));
    expect(await cache.read('zerodha', '2026-01-05')).toMatchObject({
      status: 'corrupt',
      reason: expect.stringContaining('lotSize has the wrong type'),
    });

    await writeFile(file, text.replace('"broker":"zerodha"', '"broker":"angel"'));
    expect(await cache.read('zerodha', '2026-01-05')).toEqual({
      status: 'corrupt',
      reason: 'file is for angel 2026-01-05',
    });

    await writeFile(file, 'not json at all\n');
    expect(await cache.read('zerodha', '2026-01-05')).toMatchObject({ status: 'corrupt' });
  });

  it('never leaves a torn file: a write that fails keeps the previous file and no temp file', async () => {
    const cache = new InstrumentCache(dir);
    await cache.write('zerodha', '2026-01-05', ROWS);
    const before = await readFile(join(dir, 'zerodha', '2026-01-05.jsonl'), 'utf8');
    function* failing() {
      yield equity('PARTIAL');
      throw new Error('source died');
    }
    await expect(cache.write('zerodha', '2026-01-05', failing())).rejects.toThrow('source died');
    expect(await readFile(join(dir, 'zerodha', '2026-01-05.jsonl'), 'utf8')).toBe(before);
    expect(await readdir(join(dir, 'zerodha'))).toEqual(['2026-01-05.jsonl']);
  });

  it('replaces a day atomically and leaves no temp files behind', async () => {
    const cache = new InstrumentCache(dir);
    await cache.write('zerodha', '2026-01-05', ROWS);
    await cache.write('zerodha', '2026-01-05', ROWS.slice(0, 2));
    expect(await cache.read('zerodha', '2026-01-05')).toEqual({ status: 'hit', rows: ROWS.slice(0, 2) });
    expect(await readdir(join(dir, 'zerodha'))).toEqual(['2026-01-05.jsonl']);
  });

  it('lists days newest first and prunes all but the newest few', async () => {
    const cache = new InstrumentCache(dir);
    expect(await cache.days('zerodha')).toEqual([]);
    for (const day of ['2026-01-02', '2026-01-05', '2025-12-31', '2026-01-03']) {
      await cache.write('zerodha', day, ROWS.slice(0, 1));
    }
    await writeFile(join(dir, 'zerodha', 'notes.txt'), 'ignored');
    expect(await cache.days('zerodha')).toEqual(['2026-01-05', '2026-01-03', '2026-01-02', '2025-12-31']);
    expect(await cache.prune('zerodha', 2)).toEqual(['2026-01-02', '2025-12-31']);
    expect(await cache.days('zerodha')).toEqual(['2026-01-05', '2026-01-03']);
    expect((await readdir(join(dir, 'zerodha'))).sort()).toEqual([
      '2026-01-03.jsonl',
      '2026-01-05.jsonl',
      'notes.txt',
    ]);
  });

  it('refuses broker ids and days that could escape the cache directory', async () => {
    const cache = new InstrumentCache(dir);
    await expect(cache.read('../etc', '2026-01-05')).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(cache.write('zerodha', '../../x', ROWS)).rejects.toThrow(/Invalid trading day/);
    await expect(cache.days('Zerodha/..')).rejects.toThrow(/Invalid broker id/);
  });
});
