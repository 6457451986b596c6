import type { Instrument, InstrumentRef } from '@openalgo/core';

/** The fake broker's whole master: a few hand-written rows plus a strip of option strikes. */
function buildRows(): Instrument[] {
  const rows: Instrument[] = [
    row({ symbol: 'SBIN', exchange: 'NSE', token: '3045', name: 'STATE BANK OF INDIA', tickSize: 0.05 }),
    row({ symbol: 'RELIANCE', exchange: 'NSE', token: '2885', name: 'RELIANCE INDUSTRIES', tickSize: 0.1 }),
    row({ symbol: 'M&M', exchange: 'BSE', token: '500520', name: 'MAHINDRA & MAHINDRA', tickSize: 0.05 }),
    row({ symbol: 'NIFTY', exchange: 'NSE_INDEX', token: '26000', name: 'NIFTY 50', lotSize: 0 }),
    row({
      symbol: 'NIFTY27JAN26FUT',
      exchange: 'NFO',
      token: '51001',
      name: 'NIFTY',
      expiry: '27-JAN-26',
      lotSize: 75,
      instrumentType: 'FUTIDX',
    }),
  ];
  let token = 60000;
  for (let strike = 25000; strike <= 27000; strike += 100) {
    for (const type of ['CE', 'PE'] as const) {
      rows.push(
        row({
          symbol: `NIFTY27JAN26${strike}${type}`,
          exchange: 'NFO',
          token: String(token++),
          name: 'NIFTY',
          expiry: '27-JAN-26',
          strike,
          lotSize: 75,
          instrumentType: type,
        }),
      );
    }
  }
  return rows;
}

function row(fields: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange' | 'token'>): Instrument {
  return {
    brsymbol: fields.exchange === 'NSE' ? `${fields.symbol}-EQ` : fields.symbol,
    brexchange: fields.exchange === 'NSE_INDEX' ? 'NSE' : fields.exchange,
    name: '',
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
    ...fields,
  };
}

export const FAKE_ROWS: readonly Instrument[] = Object.freeze(buildRows());

export const FAKE_FIXTURES = {
  equity: { symbol: 'SBIN', exchange: 'NSE' },
  future: { symbol: 'NIFTY27JAN26FUT', exchange: 'NFO' },
  option: { symbol: 'NIFTY27JAN2626000CE', exchange: 'NFO' },
  index: { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
} satisfies Record<string, InstrumentRef>;

/** Starting last prices; everything else trades at 100. */
export const FAKE_PRICES: Readonly<Record<string, number>> = {
  'SBIN NSE': 800,
  'RELIANCE NSE': 1400,
  'M&M BSE': 3000,
  'NIFTY NSE_INDEX': 26000,
  'NIFTY27JAN26FUT NFO': 26100,
  'NIFTY27JAN2626000CE NFO': 250,
};
