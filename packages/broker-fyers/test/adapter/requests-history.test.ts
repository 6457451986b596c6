import { afterEach, describe, expect, it } from 'vitest';
import { maxSpanDays } from '../../src/operations/history.js';
import { DATA, drive, failure, makeAdapter, ok, type TestAdapter } from './helpers.js';

const opened: TestAdapter[] = [];
function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

describe('getHistory', () => {
  it('chunk sizes per resolution (core splits the range; its own tests cover the spans)', () => {
    expect(maxSpanDays('5S')).toBe(25);
    expect(maxSpanDays('1')).toBe(60);
    expect(maxSpanDays('240')).toBe(60);
    expect(maxSpanDays('1D')).toBe(300);
  });

  it('GET /data/history per chunk with the query of brokers.md §3.10; candles joined, a boundary repeat kept once', async () => {
    const t = open({
      [`GET ${DATA}/history`]: [
        ok({
          candles: [
            [1704080700, 1, 2, 0.5, 1.5, 100],
            [1709265300, 2, 3, 1, 2.5, 200],
          ],
        }),
        ok({
          candles: [
            [1709265300, 2, 3, 1, 2.5, 200],
            [1709280000, 3, 4, 2, 3.5, 300, 12],
          ],
        }),
      ],
    });
    const candles = await t.adapter.getHistory({
      symbol: 'SBIN',
      exchange: 'NSE',
      interval: '1m',
      start: '2024-01-01',
      end: '2024-03-15',
    });
    expect(candles).toEqual([
      { timestamp: 1704080700, open: 1, high: 2, low: 0.5, close: 1.5, volume: 100, oi: 0 },
      { timestamp: 1709265300, open: 2, high: 3, low: 1, close: 2.5, volume: 200, oi: 0 },
      { timestamp: 1709280000, open: 3, high: 4, low: 2, close: 3.5, volume: 300, oi: 12 },
    ]);
    expect(t.seen.map((r) => r.path)).toEqual([
      '/data/history?symbol=NSE%3ASBIN-EQ&resolution=1&date_format=1&range_from=2024-01-01&range_to=2024-02-29&cont_flag=1&oi_flag=1',
      '/data/history?symbol=NSE%3ASBIN-EQ&resolution=1&date_format=1&range_from=2024-03-01&range_to=2024-03-15&cont_flag=1&oi_flag=1',
    ]);
  });

  it('a chunk that fails once is retried as a read: no gap', async () => {
    const t = open({
      [`GET ${DATA}/history`]: [
        ok({ candles: [[1704080700, 1, 1, 1, 1, 1]] }),
        { status: 503, body: 'busy' },
        ok({ candles: [[1709280000, 2, 2, 2, 2, 2]] }),
      ],
    });
    const candles = await drive(
      t.adapter.getHistory({
        symbol: 'SBIN',
        exchange: 'NSE',
        interval: '1m',
        start: '2024-01-01',
        end: '2024-03-15',
      }),
      t.clock,
    );
    expect(candles.map((c) => c.timestamp)).toEqual([1704080700, 1709280000]);
    expect(t.seen).toHaveLength(3);
    expect(t.seen[1]?.path).toBe(t.seen[2]?.path);
  });

  it('a chunk that keeps failing fails the whole call, and later chunks are not asked for', async () => {
    const t = open({
      [`GET ${DATA}/history`]: [
        ok({ candles: [[1704080700, 1, 1, 1, 1, 1]] }),
        { status: 503, body: 'down' },
      ],
    });
    const err = await failure(
      drive(
        t.adapter.getHistory({
          symbol: 'SBIN',
          exchange: 'NSE',
          interval: 'D',
          start: '2023-01-01',
          end: '2024-12-31',
        }),
        t.clock,
      ),
    );
    expect(err.code).toBe('BROKER_UNAVAILABLE');
    // 1 good chunk + 3 tries of the second; the third chunk is never requested.
    expect(t.seen).toHaveLength(4);
    expect(new Set(t.seen.slice(1).map((r) => r.path)).size).toBe(1);
  });

  it('an empty range answered s:no_data is no candles; an interval Fyers lacks is INVALID_REQUEST', async () => {
    const t = open({ [`GET ${DATA}/history`]: { status: 200, body: { s: 'no_data', candles: [] } } });
    expect(
      await t.adapter.getHistory({
        symbol: 'SBIN',
        exchange: 'NSE',
        interval: 'D',
        start: '2024-01-06',
        end: '2024-01-07',
      }),
    ).toEqual([]);
    const err = await failure(
      t.adapter.getHistory({
        symbol: 'SBIN',
        exchange: 'NSE',
        interval: 'W',
        start: '2024-01-01',
        end: '2024-02-01',
      }),
    );
    expect(err.code).toBe('INVALID_REQUEST');
    expect(err.field).toBe('interval');
  });
});
