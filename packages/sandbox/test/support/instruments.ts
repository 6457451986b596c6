import type { Instrument } from '@openalgo/core';

function row(partial: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange'>): Instrument {
  return {
    brsymbol: partial.symbol,
    brexchange: partial.exchange,
    token: `${partial.exchange}-${partial.symbol}`,
    name: partial.symbol,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
    ...partial,
  };
}

export const SBIN = row({ symbol: 'SBIN', exchange: 'NSE' });
export const INFY = row({ symbol: 'INFY', exchange: 'NSE' });
export const RELIANCE_BSE = row({ symbol: 'RELIANCE', exchange: 'BSE' });
export const NIFTY_FUT = row({
  symbol: 'NIFTY27JAN26FUT',
  exchange: 'NFO',
  name: 'NIFTY',
  expiry: '27-JAN-26',
  lotSize: 75,
  instrumentType: 'FUT',
});
export const NIFTY_CE = row({
  symbol: 'NIFTY27JAN2624000CE',
  exchange: 'NFO',
  name: 'NIFTY',
  expiry: '27-JAN-26',
  strike: 24000,
  lotSize: 75,
  instrumentType: 'CE',
});
export const GOLD_FUT = row({
  symbol: 'GOLDM05FEB26FUT',
  exchange: 'MCX',
  name: 'GOLDM',
  expiry: '05-FEB-26',
  lotSize: 10,
  instrumentType: 'FUT',
});
export const NIFTY_INDEX = row({ symbol: 'NIFTY', exchange: 'NSE_INDEX', instrumentType: 'INDEX' });

export const TEST_UNIVERSE: Instrument[] = [
  SBIN,
  INFY,
  RELIANCE_BSE,
  NIFTY_FUT,
  NIFTY_CE,
  GOLD_FUT,
  NIFTY_INDEX,
];
