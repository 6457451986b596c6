/**
 * OpenAlgo's names for Fyers index tickers (brokers.md §3.8, and OpenAlgo's later normalisation of
 * Fyers indices): the ticker root (`NSE:NIFTY50-INDEX` → `NIFTY50`) upper-cased with spaces and
 * dashes dropped, then these overrides, so the common indices carry the names every other broker's
 * master gives them (NIFTY, BANKNIFTY, SENSEX…).
 */
const NSE_OVERRIDES: Readonly<Record<string, string>> = {
  NIFTY50: 'NIFTY',
  NIFTYBANK: 'BANKNIFTY',
  NIFTYFINSERVICE: 'FINNIFTY',
  NIFTYNEXT50: 'NIFTYNXT50',
  NIFTYMIDSELECT: 'MIDCPNIFTY',
  NIFTYMID50: 'NIFTYMIDCAP50',
};

const BSE_OVERRIDES: Readonly<Record<string, string>> = {
  SNXT50: 'BSESENSEXNEXT50',
  SNSX50: 'SENSEX50',
  '100': 'BSE100',
  '200': 'BSE200',
  '500': 'BSE500',
};

/** The root of an index ticker: `NSE:NIFTY50-INDEX` → `NIFTY50`; undefined for a non-index ticker. */
export function indexRoot(ticker: string): string | undefined {
  if (!ticker.endsWith('-INDEX')) return undefined;
  const colon = ticker.indexOf(':');
  return ticker.slice(colon + 1, ticker.length - '-INDEX'.length);
}

export function openAlgoIndexSymbol(root: string, bse: boolean): string {
  const compact = root.toUpperCase().replace(/[\s-]+/g, '');
  const overrides = bse ? BSE_OVERRIDES : NSE_OVERRIDES;
  return overrides[compact] ?? compact;
}
