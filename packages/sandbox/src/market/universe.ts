import { type Exchange, type Instrument, InvalidRequestError } from '@openalgo/core';
import { expiryColumn, istDayNumber, previousTradingDay, sessionForExchange } from './calendar.js';
import { EQUITIES, INDICES, rootProfile } from './catalogue.js';
import { DERIVATIVE_FAMILIES, type DerivativeFamily, type OptionChainSpec } from './derivative-families.js';
import { mergeExpiries, monthlyExpiries, weeklyExpiries } from './expiries.js';
import { seedHash } from './random.js';
import { RootSeries } from './root-series.js';
import { futureSymbol, instrumentToken, optionSymbol } from './symbols.js';

export interface UniverseOptions {
  /** The instant the universe is listed for (epoch ms): expiries before its IST date are gone. */
  asOf: number;
  /** The market seed; option chains are centred on the seeded index level. Default 42. */
  seed?: number;
}

const EQUITY_TICK = 0.05;

function row(
  symbol: string,
  exchange: Exchange,
  fields: Pick<Instrument, 'name' | 'expiry' | 'strike' | 'lotSize' | 'tickSize' | 'instrumentType'>,
): Instrument {
  return {
    symbol,
    exchange,
    brsymbol: symbol,
    brexchange: exchange,
    token: instrumentToken(exchange, symbol),
    ...fields,
  };
}

/** The underlying's last close before `asOf` under `seed`: where its option chains are centred. */
function referenceLevel(name: string, exchange: Exchange, seed: number, asOfDay: number): number {
  const profile = rootProfile(name, sessionForExchange(exchange));
  return new RootSeries(profile, seedHash(seed), 1).closeOf(previousTradingDay(asOfDay));
}

function optionExpiries(family: DerivativeFamily, chain: OptionChainSpec, fromDay: number): number[] {
  const weekly = chain.weekly ? weeklyExpiries(fromDay, chain.weekly.weekday, chain.weekly.count) : [];
  return mergeExpiries(weekly, monthlyExpiries(fromDay, family.monthly, chain.monthlyCount));
}

function chainStrikes(level: number, chain: OptionChainSpec): number[] {
  const atm = Math.round(level / chain.strikeStep);
  const strikes: number[] = [];
  for (let i = -chain.strikesEachSide; i <= chain.strikesEachSide; i++) {
    // Whole multiples of the step, rounded at 6 decimals so 0.25-steps never carry float noise.
    const strike = Number(((atm + i) * chain.strikeStep).toFixed(6));
    if (strike > 0) strikes.push(strike);
  }
  return strikes;
}

function familyRows(family: DerivativeFamily, seed: number, fromDay: number): Instrument[] {
  const { name, exchange, lotSize, tickSize } = family;
  const rows: Instrument[] = [];
  for (const day of monthlyExpiries(fromDay, family.monthly, family.futuresCount)) {
    rows.push(
      row(futureSymbol(name, day), exchange, {
        name,
        expiry: expiryColumn(day),
        strike: 0,
        lotSize,
        tickSize,
        instrumentType: 'FUT',
      }),
    );
  }
  const chain = family.options;
  if (!chain) return rows;
  const strikes = chainStrikes(referenceLevel(name, exchange, seed, fromDay), chain);
  for (const day of optionExpiries(family, chain, fromDay)) {
    for (const strike of strikes) {
      for (const type of ['CE', 'PE'] as const) {
        rows.push(
          row(optionSymbol(name, day, strike, type), exchange, {
            name,
            expiry: expiryColumn(day),
            strike,
            lotSize,
            tickSize,
            instrumentType: type,
          }),
        );
      }
    }
  }
  return rows;
}

/**
 * The sandbox's instrument master for an instant: ~46 liquid equities on NSE and BSE, the NSE and
 * BSE indices, futures and option chains (±30 strikes around the seeded index level) on every index
 * clients trade options on — NFO NIFTY (weekly + monthly), BANKNIFTY, FINNIFTY, MIDCPNIFTY (monthly),
 * BFO SENSEX (weekly + monthly) and BANKEX (monthly) — NFO stock futures, MCX CRUDEOIL/CRUDEOILM
 * futures and CDS USDINR futures and options. Only expiries on or after
 * asOf's IST date are listed (see derivative-families.ts for the expiry weekdays). Pure: the same
 * asOf and seed give the same rows in the same order.
 */
export function generateUniverse(options: UniverseOptions): Instrument[] {
  const { asOf } = options;
  const seed = options.seed ?? 42;
  if (!Number.isFinite(asOf)) {
    throw new InvalidRequestError(`Invalid asOf ${asOf}: must be epoch milliseconds`, { field: 'asOf' });
  }
  if (!Number.isFinite(seed)) {
    throw new InvalidRequestError(`Invalid seed ${seed}: must be a finite number`, { field: 'seed' });
  }
  const fromDay = istDayNumber(asOf);
  const rows: Instrument[] = [];
  for (const exchange of ['NSE', 'BSE'] as const) {
    for (const equity of EQUITIES) {
      rows.push(
        row(equity.symbol, exchange, {
          name: equity.symbol,
          expiry: '',
          strike: 0,
          lotSize: 1,
          tickSize: EQUITY_TICK,
          instrumentType: 'EQ',
        }),
      );
    }
  }
  for (const index of INDICES) {
    rows.push(
      row(index.symbol, index.exchange, {
        name: index.symbol,
        expiry: '',
        strike: 0,
        lotSize: 1,
        tickSize: EQUITY_TICK,
        instrumentType: 'INDEX',
      }),
    );
  }
  for (const family of DERIVATIVE_FAMILIES) rows.push(...familyRows(family, seed, fromDay));
  return rows;
}
