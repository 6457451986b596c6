/** Well-known names first, so a generated master contains the symbols people type. */
export const KNOWN_EQUITIES: ReadonlyArray<readonly [ticker: string, name: string, price: number]> = [
  ['RELIANCE', 'RELIANCE INDUSTRIES LTD', 1400],
  ['TCS', 'TATA CONSULTANCY SERV LT', 3100],
  ['HDFCBANK', 'HDFC BANK LTD', 990],
  ['INFY', 'INFOSYS LIMITED', 1500],
  ['ICICIBANK', 'ICICI BANK LTD.', 1380],
  ['SBIN', 'STATE BANK OF INDIA', 950],
  ['BHARTIARTL', 'BHARTI AIRTEL LIMITED', 2050],
  ['ITC', 'ITC LTD', 410],
  ['LT', 'LARSEN & TOUBRO LTD.', 3950],
  ['HINDUNILVR', 'HINDUSTAN UNILEVER LTD.', 2450],
  ['KOTAKBANK', 'KOTAK MAHINDRA BANK LTD', 2100],
  ['AXISBANK', 'AXIS BANK LIMITED', 1250],
  ['M&M', 'MAHINDRA & MAHINDRA LTD', 3650],
  ['BAJAJ-AUTO', 'BAJAJ AUTO LIMITED', 9000],
  ['MARUTI', 'MARUTI SUZUKI INDIA LTD.', 16000],
  ['SUNPHARMA', 'SUN PHARMACEUTICAL IND L', 1750],
  ['TATASTEEL', 'TATA STEEL LIMITED', 170],
  ['WIPRO', 'WIPRO LTD', 250],
  ['HCLTECH', 'HCL TECHNOLOGIES LTD', 1600],
  ['NTPC', 'NTPC LTD', 330],
  ['ONGC', 'OIL AND NATURAL GAS CORP.', 245],
  ['ADANIENT', 'ADANI ENTERPRISES LIMITED', 2400],
  ['TITAN', 'TITAN COMPANY LIMITED', 3800],
  ['ASIANPAINT', 'ASIAN PAINTS LIMITED', 2900],
  ['ULTRACEMCO', 'ULTRATECH CEMENT LIMITED', 11800],
  ['POWERGRID', 'POWER GRID CORP. LTD.', 270],
  ['BAJFINANCE', 'BAJAJ FINANCE LIMITED', 1000],
  ['NESTLEIND', 'NESTLE INDIA LIMITED', 1250],
  ['JSWSTEEL', 'JSW STEEL LIMITED', 1150],
  ['COALINDIA', 'COAL INDIA LTD', 385],
];

export const NSE_INDICES: ReadonlyArray<readonly [symbol: string, name: string, price: number]> = [
  ['NIFTY', 'NIFTY 50', 26000],
  ['BANKNIFTY', 'NIFTY BANK', 59000],
  ['FINNIFTY', 'NIFTY FIN SERVICE', 27500],
  ['MIDCPNIFTY', 'NIFTY MID SELECT', 13500],
  ['NIFTYNXT50', 'NIFTY NEXT 50', 69000],
  ['INDIAVIX', 'INDIA VIX', 12],
  ['NIFTYIT', 'NIFTY IT', 37000],
  ['NIFTYPHARMA', 'NIFTY PHARMA', 22500],
  ['NIFTYAUTO', 'NIFTY AUTO', 27000],
  ['NIFTYFMCG', 'NIFTY FMCG', 55000],
  ['NIFTYMETAL', 'NIFTY METAL', 10000],
  ['NIFTYREALTY', 'NIFTY REALTY', 900],
  ['NIFTYENERGY', 'NIFTY ENERGY', 35000],
  ['NIFTYPSUBANK', 'NIFTY PSU BANK', 8000],
  ['NIFTYMEDIA', 'NIFTY MEDIA', 1500],
  ['NIFTY100', 'NIFTY 100', 27000],
  ['NIFTY500', 'NIFTY 500', 24000],
  ['NIFTYMIDCAP100', 'NIFTY MIDCAP 100', 60000],
  ['NIFTYSMLCAP100', 'NIFTY SMLCAP 100', 18000],
];

export const BSE_INDICES: ReadonlyArray<readonly [symbol: string, name: string, price: number]> = [
  ['SENSEX', 'SENSEX', 85000],
  ['BANKEX', 'BANKEX', 65000],
  ['SENSEX50', 'SNSX50', 27000],
  ['BSE100', 'BSE100', 27000],
  ['BSE200', 'BSE200', 11500],
  ['BSE500', 'BSE500', 37000],
  ['BSEIT', 'BSE IT', 36000],
];

export interface DerivativeUnderlying {
  base: string;
  price: number;
  lotSize: number;
  tickSize: number;
  strikeStep: number;
}

/** Index options with weekly expiries on `weekday` (0 = Sunday); the rest are monthly only. */
export const NFO_INDEX_UNDERLYINGS: ReadonlyArray<DerivativeUnderlying & { weekly: boolean }> = [
  { base: 'NIFTY', price: 26000, lotSize: 75, tickSize: 0.05, strikeStep: 50, weekly: true },
  { base: 'BANKNIFTY', price: 59000, lotSize: 35, tickSize: 0.05, strikeStep: 100, weekly: false },
  { base: 'FINNIFTY', price: 27500, lotSize: 65, tickSize: 0.05, strikeStep: 50, weekly: false },
  { base: 'MIDCPNIFTY', price: 13500, lotSize: 140, tickSize: 0.05, strikeStep: 25, weekly: false },
];

export const BFO_INDEX_UNDERLYINGS: ReadonlyArray<DerivativeUnderlying & { weekly: boolean }> = [
  { base: 'SENSEX', price: 85000, lotSize: 20, tickSize: 0.05, strikeStep: 100, weekly: true },
  { base: 'BANKEX', price: 65000, lotSize: 30, tickSize: 0.05, strikeStep: 100, weekly: false },
];

export const CURRENCY_UNDERLYINGS: readonly DerivativeUnderlying[] = [
  { base: 'USDINR', price: 88.5, lotSize: 1000, tickSize: 0.0025, strikeStep: 0.25 },
  { base: 'EURINR', price: 103.25, lotSize: 1000, tickSize: 0.0025, strikeStep: 0.25 },
  { base: 'GBPINR', price: 118.5, lotSize: 1000, tickSize: 0.0025, strikeStep: 0.5 },
  { base: 'JPYINR', price: 58.75, lotSize: 1000, tickSize: 0.0025, strikeStep: 0.25 },
];

export const COMMODITY_UNDERLYINGS: readonly DerivativeUnderlying[] = [
  { base: 'CRUDEOIL', price: 5400, lotSize: 100, tickSize: 1, strikeStep: 50 },
  { base: 'CRUDEOILM', price: 5400, lotSize: 10, tickSize: 1, strikeStep: 50 },
  { base: 'NATURALGAS', price: 380, lotSize: 1250, tickSize: 0.1, strikeStep: 5 },
  { base: 'GOLD', price: 128000, lotSize: 100, tickSize: 1, strikeStep: 500 },
  { base: 'GOLDM', price: 128000, lotSize: 10, tickSize: 1, strikeStep: 500 },
  { base: 'SILVER', price: 160000, lotSize: 30, tickSize: 1, strikeStep: 1000 },
  { base: 'SILVERM', price: 160000, lotSize: 5, tickSize: 1, strikeStep: 1000 },
  { base: 'COPPER', price: 1000, lotSize: 2500, tickSize: 0.05, strikeStep: 5 },
  { base: 'ZINC', price: 300, lotSize: 5000, tickSize: 0.05, strikeStep: 2.5 },
  { base: 'ALUMINIUM', price: 270, lotSize: 5000, tickSize: 0.05, strikeStep: 2.5 },
];

export const STOCK_LOT_SIZES = [
  125, 150, 250, 300, 400, 500, 550, 600, 700, 750, 1000, 1200, 1500, 2000, 2500, 3000,
];

export const COMPANY_WORDS = [
  'ARUN',
  'BHARAT',
  'CHAMBAL',
  'DEEPAK',
  'EMAMI',
  'GANESH',
  'HIMADRI',
  'INDO',
  'JAGRAN',
  'KIRLOSKAR',
  'LAKSHMI',
  'MANGALAM',
  'NAVIN',
  'ORIENT',
  'PRAKASH',
  'RAJESH',
  'SHREE',
  'TRIVENI',
  'UNITED',
  'VARDHMAN',
];
export const COMPANY_SUFFIXES = [
  'INDUSTRIES',
  'FINANCE',
  'PHARMA',
  'TEXTILES',
  'POWER',
  'INFRA',
  'CHEMICALS',
  'STEEL',
  'FOODS',
  'CAPITAL',
];
