import type { Exchange } from '@openalgo/core';

/**
 * Kite names index feeds as the exchanges print them (`NIFTY 50`, `NIFTY BANK`, `SNSX50`); OpenAlgo
 * uses compact names. As in OpenAlgo's Zerodha master transform: upper-case, drop spaces and dashes,
 * then apply the overrides below. Unmapped BSE indices get a `BSE` prefix (OpenAlgo's rule), so
 * `AUTO` cannot collide with anything else.
 */
export const NSE_INDEX_OVERRIDES: Readonly<Record<string, string>> = {
  NIFTY50: 'NIFTY',
  NIFTYBANK: 'BANKNIFTY',
  NIFTYFINSERVICE: 'FINNIFTY',
  NIFTYNEXT50: 'NIFTYNXT50',
  NIFTYMIDSELECT: 'MIDCPNIFTY',
  NIFTYMIDCAPSELECT: 'MIDCPNIFTY',
};

export const BSE_INDEX_OVERRIDES: Readonly<Record<string, string>> = {
  SENSEX: 'SENSEX',
  BANKEX: 'BANKEX',
  SNSX50: 'SENSEX50',
  SENSEX50: 'SENSEX50',
  SNXT50: 'BSESENSEXNEXT50',
  BSE100: 'BSE100',
  BSE200: 'BSE200',
  BSE500: 'BSE500',
  MID150: 'BSE150MIDCAPINDEX',
  LMI250: 'BSE250LARGEMIDCAPINDEX',
  MSL400: 'BSE400MIDSMALLCAPINDEX',
  AUTO: 'BSEAUTO',
  BSECG: 'BSECAPITALGOODS',
  BSECD: 'BSECONSUMERDURABLES',
  BSEHC: 'BSEHEALTHCARE',
  BSEIT: 'BSEINFORMATIONTECHNOLOGY',
  CARBON: 'BSECARBONEX',
  CARBONEX: 'BSECARBONEX',
  CPSE: 'BSECPSE',
  DOL100: 'BSEDOLLEX100',
  DOL200: 'BSEDOLLEX200',
  DOL30: 'BSEDOLLEX30',
  ENERGY: 'BSEENERGY',
  BSEFMC: 'BSEFASTMOVINGCONSUMERGOODS',
  FMC: 'BSEFASTMOVINGCONSUMERGOODS',
  FINSER: 'BSEFINANCIALSERVICES',
  FIN: 'BSEFINANCIALSERVICES',
  GREENX: 'BSEGREENEX',
  GREENEX: 'BSEGREENEX',
  INFRA: 'BSEINDIAINFRASTRUCTUREINDEX',
  INDSTR: 'BSEINDUSTRIALS',
  BSEIPO: 'BSEIPO',
  IPO: 'BSEIPO',
  LRGCAP: 'BSELARGECAP',
  METAL: 'BSEMETAL',
  MIDCAP: 'BSEMIDCAP',
  MIDSEL: 'BSEMIDCAPSELECTINDEX',
  OILGAS: 'BSEOIL&GAS',
  POWER: 'BSEPOWER',
  BSEPSU: 'BSEPSU',
  PSU: 'BSEPSU',
  REALTY: 'BSEREALTY',
  SMLCAP: 'BSESMALLCAP',
  SMLSEL: 'BSESMALLCAPSELECTINDEX',
  SMEIPO: 'BSESMEIPO',
  TECK: 'BSETECK',
  TELCOM: 'BSETELECOM',
};

function own(table: Readonly<Record<string, string>>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function compact(name: string): string {
  return name.toUpperCase().replace(/[\s-]+/g, '');
}

/** The OpenAlgo symbol of an index feed on one of the `*_INDEX` exchanges. */
export function openAlgoIndexName(kiteName: string, exchange: Exchange): string {
  const name = compact(kiteName);
  if (exchange === 'NSE_INDEX') return own(NSE_INDEX_OVERRIDES, name) ?? name;
  if (exchange === 'BSE_INDEX') {
    return own(BSE_INDEX_OVERRIDES, name) ?? (name.startsWith('BSE') ? name : `BSE${name}`);
  }
  return name;
}
