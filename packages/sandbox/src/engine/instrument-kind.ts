import { CASH_EXCHANGES, type Instrument } from '@openalgo/core';
import type { InstrumentKind } from './records.js';

const OPTION_TYPES = /^(CE|PE|OPT[A-Z]*)$/;
const FUTURE_TYPES = /FUT/;

/**
 * Equity on a cash exchange; on a derivatives exchange an option when its type or symbol says
 * CE/PE, otherwise a future (OpenAlgo's `is_option`/`is_future` helpers decide the same way).
 */
export function instrumentKind(
  instrument: Pick<Instrument, 'exchange' | 'symbol' | 'instrumentType'>,
): InstrumentKind {
  if (CASH_EXCHANGES.has(instrument.exchange)) return 'equity';
  const type = instrument.instrumentType.toUpperCase();
  if (OPTION_TYPES.test(type)) return 'option';
  if (FUTURE_TYPES.test(type)) return 'future';
  return /(CE|PE)$/.test(instrument.symbol) ? 'option' : 'future';
}
