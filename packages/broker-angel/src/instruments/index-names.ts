import type { Exchange } from '@openalgo/core';

/**
 * Angel's index rows (`instrumenttype` AMXIDX) carry a display name in `symbol` (`Nifty 50`) and a
 * short name in `name` (`NIFTY`) (brokers.md §2.5). OpenAlgo's Angel transform builds the index
 * symbol from `name`: upper case, spaces and hyphens removed (BSE also drops `S&P `), then these
 * renames so every broker agrees on `NIFTY`, `BANKNIFTY`… (§2.8).
 */
export const INDEX_RENAMES: Readonly<Record<string, string>> = {
  NIFTY50: 'NIFTY',
  NIFTYBANK: 'BANKNIFTY',
  NIFTYFINSERVICE: 'FINNIFTY',
  NIFTYNEXT50: 'NIFTYNXT50',
  NIFTYMIDSELECT: 'MIDCPNIFTY',
  NIFTYMIDCAPSELECT: 'MIDCPNIFTY',
  SNSX50: 'SENSEX50',
};

/** Angel's index segment (`exch_seg` of an AMXIDX row) → OpenAlgo's index exchange. */
export const INDEX_EXCHANGES: Readonly<Record<string, Exchange>> = {
  NSE: 'NSE_INDEX',
  BSE: 'BSE_INDEX',
  MCX: 'MCX_INDEX',
};

const SPACES_AND_HYPHENS = /[\s-]+/g;

/** The OpenAlgo symbol of an index row, from its short name. */
export function openAlgoIndexSymbol(name: string, exchange: Exchange): string {
  let upper = name.toUpperCase();
  if (exchange === 'BSE_INDEX') upper = upper.replace('S&P ', '');
  const compact = upper.replace(SPACES_AND_HYPHENS, '');
  return Object.hasOwn(INDEX_RENAMES, compact) ? (INDEX_RENAMES[compact] as string) : compact;
}
