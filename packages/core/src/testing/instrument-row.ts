import { INDEX_EXCHANGES } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';

/**
 * A master row from the fields a test cares about: broker symbol, exchange, token and name default to
 * the OpenAlgo ones, a cash lot of 1 at a 0.05 tick, `EQ` (or `INDEX` on an index feed), no expiry.
 */
export function instrumentRow(
  fields: Partial<Instrument> & Pick<Instrument, 'symbol' | 'exchange'>,
): Instrument {
  return {
    brsymbol: fields.symbol,
    brexchange: fields.exchange,
    token: fields.symbol,
    name: fields.symbol,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: INDEX_EXCHANGES.has(fields.exchange) ? 'INDEX' : 'EQ',
    ...fields,
  };
}
