import type { HttpClient, Logger } from '@openalgo/core';

/**
 * Master rows in Fyers' headerless 21-column layout (brokers.md §3.5), built from the reference's
 * examples: SBIN (14-digit fyToken 10100000003045), the Nifty 50 index (15 digits), the NIFTY
 * 29-Sep-26 29200 CE (101126092935086), a 16-digit weekly option, a future, MCX and CDS contracts.
 * Expiry columns are epoch seconds of 15:30 IST on the expiry day.
 */
export const SESSION = '0915-1530|1815-1915:';

export function line(cols: {
  fyToken: string;
  details: string;
  type: number;
  lot: number;
  tick: string;
  expiry?: number;
  ticker: string;
  exchange: number;
  segment: number;
  token: string;
  underlying: string;
  strike?: string;
  optionType?: string;
}): string {
  return [
    cols.fyToken,
    cols.details,
    cols.type,
    cols.lot,
    cols.tick,
    '',
    SESSION,
    '2026-12-03',
    cols.expiry ?? '',
    cols.ticker,
    cols.exchange,
    cols.segment,
    cols.token,
    cols.underlying,
    cols.token,
    cols.strike ?? '-1.0',
    cols.optionType ?? 'XX',
    cols.fyToken,
    'None',
    '1',
    '3.7',
  ].join(',');
}

export const NSE_CM = [
  line({
    fyToken: '10100000003045',
    details: 'STATE BANK OF INDIA',
    type: 0,
    lot: 1,
    tick: '0.05',
    ticker: 'NSE:SBIN-EQ',
    exchange: 10,
    segment: 10,
    token: '3045',
    underlying: 'SBIN',
  }),
  line({
    fyToken: '101000000026000',
    details: 'Nifty 50',
    type: 10,
    lot: 1,
    tick: '0.05',
    ticker: 'NSE:NIFTY50-INDEX',
    exchange: 10,
    segment: 10,
    token: '26000',
    underlying: 'NIFTY50',
  }),
  line({
    fyToken: '101000000026009',
    details: 'Nifty Bank',
    type: 10,
    lot: 1,
    tick: '0.05',
    ticker: 'NSE:NIFTYBANK-INDEX',
    exchange: 10,
    segment: 10,
    token: '26009',
    underlying: 'NIFTYBANK',
  }),
].join('\n');

export const NSE_FO = [
  line({
    fyToken: '101126092935086',
    details: 'NIFTY 29 Sep 26 29200 CE',
    type: 14,
    lot: 75,
    tick: '0.05',
    expiry: 1790676000,
    ticker: 'NSE:NIFTY26SEP29200CE',
    exchange: 10,
    segment: 11,
    token: '35086',
    underlying: 'NIFTY',
    strike: '29200.0',
    optionType: 'CE',
  }),
  line({
    fyToken: '1011260721138926',
    details: 'NIFTY 21 Jul 26 29450 PE',
    type: 14,
    lot: 75,
    tick: '0.05',
    expiry: 1784628000,
    ticker: 'NSE:NIFTY2672129450PE',
    exchange: 10,
    segment: 11,
    token: '138926',
    underlying: 'NIFTY',
    strike: '29450.0',
    optionType: 'PE',
  }),
  line({
    fyToken: '101124122635001',
    details: 'NIFTY 26 Dec 24 FUT',
    type: 11,
    lot: 25,
    tick: '0.05',
    expiry: 1735207200,
    ticker: 'NSE:NIFTY24DECFUT',
    exchange: 10,
    segment: 11,
    token: '35001',
    underlying: 'NIFTY',
  }),
].join('\n');

export const MCX = line({
  fyToken: '1120261218447552',
  details: 'CRUDEOIL 18 Dec 26 FUT',
  type: 30,
  lot: 100,
  tick: '1.0',
  expiry: 1797588000,
  ticker: 'MCX:CRUDEOIL26DECFUT',
  exchange: 11,
  segment: 20,
  token: '447552',
  underlying: 'CRUDEOIL',
});

export const CDS = line({
  fyToken: '101226122912345',
  details: 'USDINR 29 Dec 26 84.25 CE',
  type: 19,
  lot: 1,
  tick: '0.0025',
  expiry: 1798538400,
  ticker: 'NSE:USDINR26DEC84.25CE',
  exchange: 10,
  segment: 12,
  token: '12345',
  underlying: 'USDINR',
  strike: '84.25',
  optionType: 'CE',
});

export const BSE_CM = [
  line({
    fyToken: '12100000500325',
    details: 'RELIANCE INDUSTRIES LTD.',
    type: 0,
    lot: 1,
    tick: '0.05',
    ticker: 'BSE:RELIANCE-A',
    exchange: 12,
    segment: 10,
    token: '500325',
    underlying: 'RELIANCE',
  }),
  line({
    fyToken: '12100000001',
    details: 'SENSEX',
    type: 10,
    lot: 1,
    tick: '0.01',
    ticker: 'BSE:SENSEX-INDEX',
    exchange: 12,
    segment: 10,
    token: '1',
    underlying: 'SENSEX',
  }),
].join('\n');

export interface Captured {
  level: string;
  obj: unknown;
  msg: string | undefined;
}

export function capturingLogger(into: Captured[]): Logger {
  const log = (level: string) => (obj: unknown, msg?: string) => {
    into.push({ level, obj, msg });
  };
  const logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  };
  return logger as unknown as Logger;
}

/** An HTTP client serving bodies per URL, in small chunks as a socket would. */
export function fakeHttp(
  bodies: Record<string, { body: string; contentType?: string }>,
): HttpClient & { urls: string[] } {
  const urls: string[] = [];
  const request = async (req: { path: string }) => {
    urls.push(req.path);
    const entry = bodies[req.path];
    if (!entry) throw new Error(`no body for ${req.path}`);
    const bytes = Buffer.from(entry.body);
    async function* chunks() {
      for (let at = 0; at < bytes.length; at += 37) yield new Uint8Array(bytes.subarray(at, at + 37));
    }
    return { status: 200, headers: { 'content-type': entry.contentType ?? 'text/csv' }, data: chunks() };
  };
  return { request, urls } as unknown as HttpClient & { urls: string[] };
}
