import type { Exchange } from '../../src/model/enums.js';
import type { Instrument } from '../../src/model/instrument.js';

let nextToken = 1000;

/** An equity row; override any field. */
export function equity(
  symbol: string,
  exchange: Exchange = 'NSE',
  extra: Partial<Instrument> = {},
): Instrument {
  return {
    symbol,
    exchange,
    brsymbol: exchange === 'NSE' ? `${symbol}-EQ` : symbol,
    brexchange: exchange,
    token: String(nextToken++),
    name: `${symbol} LIMITED`,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
    ...extra,
  };
}

export function future(
  base: string,
  compact: string,
  dashed: string,
  exchange: Exchange = 'NFO',
): Instrument {
  return {
    symbol: `${base}${compact}FUT`,
    exchange,
    brsymbol: `${base}${compact}FUT`,
    brexchange: exchange,
    token: String(nextToken++),
    name: base,
    expiry: dashed,
    strike: 0,
    lotSize: 75,
    tickSize: 0.05,
    instrumentType: 'FUTIDX',
  };
}

export function option(
  base: string,
  compact: string,
  dashed: string,
  strike: number,
  type: 'CE' | 'PE',
  exchange: Exchange = 'NFO',
): Instrument {
  return {
    symbol: `${base}${compact}${strike}${type}`,
    exchange,
    brsymbol: `${base}${compact}${strike}${type}`,
    brexchange: exchange,
    token: String(nextToken++),
    name: base,
    expiry: dashed,
    strike,
    lotSize: 75,
    tickSize: 0.05,
    instrumentType: type,
  };
}

/** `count` distinct NSE equities named `<prefix>0`, `<prefix>1`, … */
export function equities(count: number, prefix = 'EQ'): Instrument[] {
  return Array.from({ length: count }, (_, i) => equity(`${prefix}${i}`));
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Yields `rows`, pausing before row `pauseAt` until `gate` resolves (or throwing if it rejects). */
export async function* gatedSource(rows: Instrument[], pauseAt: number, gate: Promise<void>) {
  for (let i = 0; i < rows.length; i++) {
    if (i === pauseAt) await gate;
    yield rows[i] as Instrument;
  }
}
