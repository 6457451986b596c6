import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf, type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

// Read-only calls: one session for the file.
let s: SdkSession;
beforeAll(async () => {
  s = await startSdkSession();
  s.sim.backdoor.setPrice('NSE:SBIN', 800);
});
afterAll(() => s.close());

const sbinToken = () => s.sim.master.get('NSE', 'SBIN')?.instrumentToken as number;
const futToken = () => s.sim.master.get('NFO', 'NIFTY26JANFUT')?.instrumentToken as number;

describe('getQuote, getOHLC, getLTP', () => {
  it('quotes by EXCHANGE:SYMBOL and by token, keyed as asked, leaving out what Kite does not know', async () => {
    const quotes = await s.kc.getQuote(['NSE:SBIN', String(sbinToken()), 'NSE:NOSUCH']);
    expect(Object.keys(quotes).sort()).toEqual(['NSE:SBIN', String(sbinToken())].sort());
    const q = quotes['NSE:SBIN'];
    expect(q).toMatchObject({ instrument_token: sbinToken(), last_price: 800 });
    expect(q?.depth.sell[0]?.price).toBe(800.05);
    expect(q?.depth.buy[0]?.price).toBe(799.95);
    expect(q?.depth.buy).toHaveLength(5);
    expect(q?.lower_circuit_limit).toBeLessThan(800);
    expect(q?.upper_circuit_limit).toBeGreaterThan(800);
    // The SDK turns `timestamp` and `last_trade_time` into Dates: the simulator's format parses.
    expect(q?.timestamp).toBeInstanceOf(Date);
    expect(q?.last_trade_time).toBeInstanceOf(Date);
  });

  it('answers ohlc and ltp with the same prices', async () => {
    const full = (await s.kc.getQuote('NSE:SBIN'))['NSE:SBIN'];
    const ohlc = await s.kc.getOHLC(['NSE:SBIN']);
    expect(ohlc['NSE:SBIN']).toEqual({ instrument_token: sbinToken(), last_price: 800, ohlc: full?.ohlc });
    expect(await s.kc.getLTP(['NSE:SBIN', 'NSE:NIFTY 50'])).toEqual({
      'NSE:SBIN': { instrument_token: sbinToken(), last_price: 800 },
      'NSE:NIFTY 50': {
        instrument_token: s.sim.master.get('NSE', 'NIFTY 50')?.instrumentToken,
        last_price: expect.any(Number),
      },
    });
  });
});

describe('getHistoricalData', () => {
  it('answers minute candles as Dates and numbers, inside the range asked', async () => {
    const candles = await s.kc.getHistoricalData(
      sbinToken(),
      'minute',
      '2026-01-02 09:15:00',
      '2026-01-02 09:20:00',
    );
    expect(candles.map((c) => c.date.toISOString())).toEqual([
      '2026-01-02T03:45:00.000Z',
      '2026-01-02T03:46:00.000Z',
      '2026-01-02T03:47:00.000Z',
      '2026-01-02T03:48:00.000Z',
      '2026-01-02T03:49:00.000Z',
      '2026-01-02T03:50:00.000Z',
    ]);
    for (const c of candles) {
      expect(c.low).toBeLessThanOrEqual(Math.min(c.open, c.close));
      expect(c.high).toBeGreaterThanOrEqual(Math.max(c.open, c.close));
      expect(c.volume).toBeGreaterThan(0);
      expect(c).not.toHaveProperty('oi');
    }
    const request = s.sim.backdoor.requests().at(-1);
    expect(request?.path).toBe(`/instruments/historical/${sbinToken()}/minute`);
    expect(request?.query).toMatchObject({
      from: '2026-01-02 09:15:00',
      to: '2026-01-02 09:20:00',
      oi: '0',
      continuous: '0',
    });
  });

  it('adds open interest with oi=1 (a future), and stamps day candles at IST midnight', async () => {
    const candles = await s.kc.getHistoricalData(
      futToken(),
      'day',
      '2026-01-01 00:00:00',
      '2026-01-02 23:59:59',
      false,
      true,
    );
    expect(candles.map((c) => c.date.toISOString())).toEqual([
      '2025-12-31T18:30:00.000Z',
      '2026-01-01T18:30:00.000Z',
    ]);
    for (const c of candles) expect(c.oi).toBeGreaterThan(0);
  });

  it('refuses a range longer than Kite serves for the interval', async () => {
    expect(
      await rejectionOf(
        s.kc.getHistoricalData(sbinToken(), 'minute', '2025-10-01 09:15:00', '2026-01-02 15:30:00'),
      ),
    ).toEqual({
      status: 'error',
      error_type: 'InputException',
      message: 'interval exceeds max limit: 60 days',
      data: null,
    });
  });
});

describe('getInstruments', () => {
  it('parses the whole master and one exchange’s part with the SDK’s CSV reader', async () => {
    const all = (await s.kc.getInstruments()).filter((row) => row.instrument_token);
    expect(all).toHaveLength(s.sim.master.rows.length);
    const nfo = (await s.kc.getInstruments('NFO')).filter((row) => row.instrument_token);
    expect(nfo.length).toBeGreaterThan(0);
    expect(nfo.every((row) => row.exchange === 'NFO')).toBe(true);
    expect(nfo.length).toBe(all.filter((row) => row.exchange === 'NFO').length);
    const fut = all.find((row) => row.tradingsymbol === 'NIFTY26JANFUT');
    expect(fut).toMatchObject({
      instrument_token: String(futToken()),
      exchange: 'NFO',
      segment: 'NFO-FUT',
      instrument_type: 'FUT',
      lot_size: s.sim.master.get('NFO', 'NIFTY26JANFUT')?.lotSize,
      tick_size: 0.05,
    });
    expect(fut?.expiry).toBeInstanceOf(Date);
  });

  it('refuses an exchange Kite does not have with InputException', async () => {
    expect(await rejectionOf(s.kc.getInstruments('NYSE' as 'NSE'))).toEqual({
      status: 'error',
      error_type: 'InputException',
      message: 'Invalid exchange.',
      data: null,
    });
  });
});
