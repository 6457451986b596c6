import type { Exchange, ExpiryDate } from '@openalgo/core';

export type MasterSegment =
  | 'index'
  | 'equity'
  | 'index-derivative'
  | 'stock-derivative'
  | 'currency'
  | 'commodity';

/**
 * One instrument of a generated universe, broker-neutral. Broker simulators format these into their
 * own master layout (Kite CSV, Angel JSON, Fyers CSV per segment).
 */
export interface MasterInstrument {
  /** Unique across the universe. */
  token: number;
  kind: 'equity' | 'index' | 'future' | 'option';
  segment: MasterSegment;
  exchange: Exchange;
  /** The canonical OpenAlgo symbol. */
  symbol: string;
  /** Ticker or derivative underlying (`SBIN`, `NIFTY`, `USDINR`). */
  underlying: string;
  /** Company or index long name. */
  name: string;
  /** `DD-MMM-YY`, or '' without an expiry. */
  expiry: string;
  expiryDate?: ExpiryDate;
  strike: number;
  optionType?: 'CE' | 'PE';
  lotSize: number;
  tickSize: number;
  /** Generic type: EQ, INDEX, FUTIDX, FUTSTK, OPTIDX, OPTSTK, FUTCUR, OPTCUR, FUTCOM, OPTFUT. */
  instrumentType: string;
  isin?: string;
  /** A plausible last price to seed quotes with. */
  price: number;
}

export interface MasterUniverseOptions {
  /** The trading day the master is for (epoch ms or Date): expiries start from its IST date. */
  asOf: number | Date;
  seed: number | string;
  /** Rows to produce, exactly (default 120,000: a full Indian master). */
  size?: number;
}
