import type { Instrument } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { FyersRowMapper } from '../../src/instruments/fyers-row.js';
import { line } from './master-rows.js';

/** 15:30 IST on 29-Sep-26 and 27-Oct-26 (epoch seconds). */
const SEP_29 = 1790679600;
const OCT_27 = 1793098800;

function option(token: string, underlying: string, expiry: number, strike: string, lot = 75, tick = '0.05') {
  return line({
    fyToken: `1011260929${token}`,
    details: `${underlying} option`,
    type: 14,
    lot,
    tick,
    expiry,
    ticker: `NSE:${underlying}${token}CE`,
    exchange: 10,
    segment: 11,
    token,
    underlying,
    strike,
    optionType: 'CE',
  }).split(',');
}

const pick = (row: Instrument | string) =>
  typeof row === 'string'
    ? row
    : [row.symbol, row.name, row.expiry, row.strike, row.lotSize, row.tickSize, row.instrumentType];

describe('FyersRowMapper: what it remembers from the previous row never leaks into the next', () => {
  it('maps each row by its own lot size, tick size, underlying, expiry and strike', () => {
    const mapper = new FyersRowMapper();
    const rows = [
      option('35001', 'NIFTY', SEP_29, '29200.0'),
      option('35002', 'NIFTY', SEP_29, '29250.0', 65, '0.10'),
      option('35003', 'BANKNIFTY', SEP_29, '29250.0', 65, '0.10'),
      option('35004', 'BANKNIFTY', OCT_27, '29250.0', 30),
      option('35005', 'BANKNIFTY', OCT_27, '0'),
      option('35006', 'NIFTY', OCT_27, '29200.0', -1),
      option('35007', 'NIFTY', OCT_27, '29200.0'),
    ].map((fields) => pick(mapper.map(fields)));
    expect(rows).toEqual([
      ['NIFTY29SEP2629200CE', 'NIFTY', '29-SEP-26', 29200, 75, 0.05, 'CE'],
      ['NIFTY29SEP2629250CE', 'NIFTY', '29-SEP-26', 29250, 65, 0.1, 'CE'],
      ['BANKNIFTY29SEP2629250CE', 'BANKNIFTY', '29-SEP-26', 29250, 65, 0.1, 'CE'],
      ['BANKNIFTY27OCT2629250CE', 'BANKNIFTY', '27-OCT-26', 29250, 30, 0.05, 'CE'],
      'option without strike: NSE:BANKNIFTY35005CE',
      'bad lot size -1',
      ['NIFTY27OCT2629200CE', 'NIFTY', '27-OCT-26', 29200, 75, 0.05, 'CE'],
    ]);
  });
});
