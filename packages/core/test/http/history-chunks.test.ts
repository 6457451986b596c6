import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError, isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import { type DateSpan, fetchChunkedHistory, splitDateRange } from '../../src/http/history-chunks.js';
import type { Candle } from '../../src/model/market.js';

function candle(timestamp: number, close = 1): Candle {
  return { timestamp, open: close, high: close, low: close, close, volume: 1, oi: 0 };
}

describe('splitDateRange', () => {
  it('splits inclusive dates into consecutive, non-overlapping spans of at most spanDays', () => {
    expect(splitDateRange('2024-01-01', '2024-01-01', 60)).toEqual([
      { first: '2024-01-01', last: '2024-01-01' },
    ]);
    expect(splitDateRange('2024-01-01', '2024-05-29', 60)).toEqual([
      { first: '2024-01-01', last: '2024-02-29' },
      { first: '2024-03-01', last: '2024-04-29' },
      { first: '2024-04-30', last: '2024-05-29' },
    ]);
    // 100 days exactly is one span; 101 is two.
    expect(splitDateRange('2024-01-01', '2024-04-09', 100)).toHaveLength(1);
    expect(splitDateRange('2024-01-01', '2024-04-10', 100)).toEqual([
      { first: '2024-01-01', last: '2024-04-09' },
      { first: '2024-04-10', last: '2024-04-10' },
    ]);
  });

  it('crosses month and year ends without losing or repeating a day', () => {
    const spans = splitDateRange('2023-12-30', '2025-01-02', 7);
    const days = new Set<string>();
    for (const { first, last } of spans) {
      for (let d = Date.parse(first); d <= Date.parse(last); d += 86_400_000) {
        const day = new Date(d).toISOString().slice(0, 10);
        expect(days.has(day)).toBe(false);
        days.add(day);
      }
    }
    expect(days.size).toBe(370);
    expect(spans[0]?.first).toBe('2023-12-30');
    expect(spans.at(-1)?.last).toBe('2025-01-02');
  });

  it('gives no spans for a start after the end', () => {
    expect(splitDateRange('2024-02-02', '2024-02-01', 10)).toEqual([]);
  });

  it('names the field of a date that is not YYYY-MM-DD or does not exist', () => {
    for (const [start, end, field] of [
      ['2024-1-01', '2024-01-02', 'start'],
      ['2024-01-01', '2024-02-30', 'end'],
      ['', '2024-01-02', 'start'],
    ] as const) {
      let caught: unknown;
      try {
        splitDateRange(start, end, 10);
      } catch (error) {
        caught = error;
      }
      expect(isOpenAlgoError(caught, 'INVALID_REQUEST')).toBe(true);
      expect((caught as { field?: string }).field).toBe(field);
    }
  });

  it('refuses a span that is not a whole number of days ≥ 1', () => {
    expect(() => splitDateRange('2024-01-01', '2024-01-02', 0)).toThrow(RangeError);
    expect(() => splitDateRange('2024-01-01', '2024-01-02', 1.5)).toThrow(RangeError);
  });
});

describe('fetchChunkedHistory', () => {
  it('fetches span by span in time order and joins them, a boundary repeat kept once', async () => {
    const asked: DateSpan[] = [];
    const answers = [[candle(100), candle(200)], [candle(200), candle(300, 3)], []];
    const candles = await fetchChunkedHistory({
      start: '2024-01-01',
      end: '2024-01-25',
      spanDays: 10,
      fetch: async (span) => {
        asked.push(span);
        return answers[asked.length - 1] ?? [];
      },
    });
    expect(asked).toEqual([
      { first: '2024-01-01', last: '2024-01-10' },
      { first: '2024-01-11', last: '2024-01-20' },
      { first: '2024-01-21', last: '2024-01-25' },
    ]);
    expect(candles).toEqual([candle(100), candle(200), candle(300, 3)]);
  });

  it('drops a candle not later than the last kept (a broker that overlaps its answers)', async () => {
    const answers = [
      [candle(100), candle(300)],
      [candle(250), candle(300), candle(400)],
    ];
    let call = 0;
    const candles = await fetchChunkedHistory({
      start: '2024-01-01',
      end: '2024-01-02',
      spanDays: 1,
      fetch: async () => answers[call++] ?? [],
    });
    expect(candles.map((c) => c.timestamp)).toEqual([100, 300, 400]);
  });

  it('a span that fails fails the call, and later spans are not asked for', async () => {
    const asked: string[] = [];
    const call = fetchChunkedHistory({
      start: '2024-01-01',
      end: '2024-01-03',
      spanDays: 1,
      fetch: async (span) => {
        asked.push(span.first);
        if (span.first === '2024-01-02') throw new BrokerUnavailableError('down');
        return [candle(asked.length)];
      },
    });
    await expect(call).rejects.toSatisfy((error) => isOpenAlgoError(error, 'BROKER_UNAVAILABLE'));
    expect(asked).toEqual(['2024-01-01', '2024-01-02']);
  });
});
