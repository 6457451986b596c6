import type { Instrument } from '@openalgo/core';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_HEADER, DATA, failure, makeAdapter, ok, ROWS, type TestAdapter } from './helpers.js';

const opened: TestAdapter[] = [];
function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

function quoteEntry(n: string, lp: number) {
  return {
    n,
    s: 'ok',
    v: {
      ch: 1.5,
      chp: 0.25,
      lp,
      spread: 0.05,
      ask: lp + 0.05,
      bid: lp,
      open_price: lp - 2,
      high_price: lp + 3,
      low_price: lp - 4,
      prev_close_price: lp - 1.5,
      atp: lp - 0.5,
      volume: 1_234_567,
      short_name: n.split(':')[1],
      exchange: n.split(':')[0],
      description: n,
      original_name: n,
      symbol: n,
      fyToken: '10100000003045',
      tt: 1_700_000_000,
    },
  };
}

describe('getQuotes', () => {
  it('GET /data/quotes?symbols=A,B percent-encoded, answers in the order asked (duplicates too)', async () => {
    const t = open({
      [`GET ${DATA}/quotes`]: ok({ d: [quoteEntry('NSE:TCS-EQ', 4000), quoteEntry('NSE:SBIN-EQ', 600)] }),
    });
    const quotes = await t.adapter.getQuotes([
      { symbol: 'SBIN', exchange: 'NSE' },
      { symbol: 'TCS', exchange: 'NSE' },
      { symbol: 'SBIN', exchange: 'NSE' },
    ]);
    expect(quotes.map((q) => [q.symbol, q.ltp])).toEqual([
      ['SBIN', 600],
      ['TCS', 4000],
      ['SBIN', 600],
    ]);
    expect(quotes[0]).toMatchObject({
      open: 598,
      high: 603,
      low: 596,
      prevClose: 598.5,
      volume: 1_234_567,
      bid: 600,
      ask: 600.05,
      oi: 0,
    });
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]?.method).toBe('GET');
    expect(t.seen[0]?.path).toBe('/data/quotes?symbols=NSE%3ASBIN-EQ%2CNSE%3ATCS-EQ');
    expect(t.seen[0]?.headers).toEqual({ authorization: AUTH_HEADER });
  });

  it('batches at 50 distinct tickers per call, duplicates asked once', async () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      ...(ROWS[0] as Instrument),
      symbol: `EQ${i}`,
      brsymbol: `NSE:EQ${i}-EQ`,
      token: String(10100000010000 + i),
    }));
    const answer = (req: { path: string }) => {
      const symbols = (new URL(`http://x${req.path}`).searchParams.get('symbols') ?? '').split(',');
      return ok({ d: symbols.map((n) => quoteEntry(n, 100)) });
    };
    const t = open({ [`GET ${DATA}/quotes`]: answer }, { rows: [...ROWS, ...many] });
    const refs = many.map((r) => ({ symbol: r.symbol, exchange: 'NSE' as const }));
    const quotes = await t.adapter.getQuotes([...refs, ...refs.slice(0, 10)]);
    expect(quotes).toHaveLength(130);
    expect(quotes[120]?.symbol).toBe('EQ0');
    const sizes = t.seen.map(
      (r) => (new URL(`http://x${r.path}`).searchParams.get('symbols') ?? '').split(',').length,
    );
    expect(sizes).toEqual([50, 50, 20]);
  });

  it('an ampersand in a ticker travels encoded', async () => {
    const t = open({ [`GET ${DATA}/quotes`]: ok({ d: [quoteEntry('NSE:M&M-EQ', 3000)] }) });
    await t.adapter.getQuotes([{ symbol: 'M&M', exchange: 'NSE' }]);
    expect(t.seen[0]?.path).toBe('/data/quotes?symbols=NSE%3AM%26M-EQ');
  });

  it('a ticker Fyers answers with s:error is SYMBOL_NOT_FOUND naming it', async () => {
    const t = open({
      [`GET ${DATA}/quotes`]: ok({
        d: [quoteEntry('NSE:SBIN-EQ', 600), { n: 'NSE:TCS-EQ', s: 'error', v: { errmsg: 'invalid symbol' } }],
      }),
    });
    const err = await failure(
      t.adapter.getQuotes([
        { symbol: 'SBIN', exchange: 'NSE' },
        { symbol: 'TCS', exchange: 'NSE' },
      ]),
    );
    expect(err.code).toBe('SYMBOL_NOT_FOUND');
    expect(err.message).toContain('NSE:TCS (NSE:TCS-EQ)');
  });
});

describe('getDepth', () => {
  it('GET /data/depth?symbol=<ticker>&ohlcv_flag=1; the sell side is `ask`', async () => {
    const level = (price: number, volume: number, ord: number) => ({ price, volume, ord });
    const t = open({
      [`GET ${DATA}/depth`]: ok({
        d: {
          'NSE:SBIN-EQ': {
            totalbuyqty: 1000,
            totalsellqty: 2000,
            bids: [level(600, 10, 2), level(599.95, 20, 3)],
            ask: [level(600.05, 15, 1)],
            o: 598,
            h: 603,
            l: 596,
            c: 598.5,
            ch: 1.5,
            chp: 0.25,
            tick_Size: 0.05,
            ltq: 5,
            ltt: 1_700_000_000,
            ltp: 600,
            v: 123_456,
            atp: 599.5,
            lower_ckt: 540,
            upper_ckt: 660,
            expiry: '',
            oi: 0,
            oiflag: false,
            pdoi: 0,
            oipercent: 0,
          },
        },
      }),
    });
    const depth = await t.adapter.getDepth({ symbol: 'SBIN', exchange: 'NSE' });
    expect(depth).toMatchObject({
      symbol: 'SBIN',
      exchange: 'NSE',
      bids: [
        { price: 600, quantity: 10, orders: 2 },
        { price: 599.95, quantity: 20, orders: 3 },
      ],
      asks: [{ price: 600.05, quantity: 15, orders: 1 }],
      ltp: 600,
      ltq: 5,
      open: 598,
      high: 603,
      low: 596,
      prevClose: 598.5,
      volume: 123_456,
      totalBuyQuantity: 1000,
      totalSellQuantity: 2000,
    });
    expect(t.seen[0]?.path).toBe('/data/depth?symbol=NSE%3ASBIN-EQ&ohlcv_flag=1');
  });

  it('no entry for the ticker → SYMBOL_NOT_FOUND', async () => {
    const t = open({ [`GET ${DATA}/depth`]: ok({ d: {} }) });
    expect((await failure(t.adapter.getDepth({ symbol: 'SBIN', exchange: 'NSE' }))).code).toBe(
      'SYMBOL_NOT_FOUND',
    );
  });
});
