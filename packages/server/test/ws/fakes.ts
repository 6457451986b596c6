import {
  type BrokerAdapter,
  type Instrument,
  InstrumentIndex,
  type Logger,
  type Tick,
  TradingService,
} from '@openalgo/core';
import { FakeAdapter } from '@openalgo/core/testing';
import { SANDBOX_MANIFEST } from '@openalgo/sandbox';
import type { AccountContext, AccountResolution, AccountResolver } from '../../src/accounts/types.js';

/**
 * The feed tests' broker: core's fake adapter under `broker` (default `fakebroker`), with or without a
 * market stream. Every stream it opens is kept in `marketStreams`; `stream` is the last one.
 */
export function feedBroker(options: { streaming?: boolean; broker?: string } = {}): FakeAdapter {
  return new FakeAdapter({
    manifest: {
      id: options.broker ?? 'fakebroker',
      exchanges: SANDBOX_MANIFEST.exchanges,
      capabilities: { marketStream: options.streaming ?? true },
    },
  });
}

function row(symbol: string, exchange: Instrument['exchange']): Instrument {
  return {
    symbol,
    exchange,
    brsymbol: `${symbol}-BR`,
    brexchange: exchange,
    token: `${exchange}-${symbol}`,
    name: symbol,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: exchange.endsWith('_INDEX') ? 'INDEX' : 'EQ',
  };
}

export const KNOWN_INSTRUMENTS = [
  row('SBIN', 'NSE'),
  row('RELIANCE', 'NSE'),
  row('INFY', 'NSE'),
  row('TCS', 'BSE'),
  row('NIFTY', 'NSE_INDEX'),
];

export function makeAccount(
  adapter: BrokerAdapter,
  logger: Logger,
  overrides: Partial<Pick<AccountContext, 'accountId' | 'broker' | 'userId'>> = {},
): AccountContext {
  return {
    accountId: overrides.accountId ?? 'acct-1',
    broker: overrides.broker ?? adapter.manifest.id,
    userId: overrides.userId ?? 'USER1',
    dataAdapter: adapter,
    executionAdapter: adapter,
    trading: new TradingService({ adapter, logger }),
    instruments: InstrumentIndex.fromRows(KNOWN_INSTRUMENTS),
    analyzeMode: false,
    logger,
  };
}

/** Maps API keys to accounts; anything else is an invalid key. Counts lookups. */
export class FakeResolver implements AccountResolver {
  readonly accounts = new Map<string, AccountContext>();
  readonly failures = new Map<string, Extract<AccountResolution, { ok: false }>>();
  lookups = 0;

  add(apiKey: string, account: AccountContext): this {
    this.accounts.set(apiKey, account);
    return this;
  }

  async resolveApiKey(apiKey: string): Promise<AccountResolution> {
    this.lookups++;
    const failure = this.failures.get(apiKey);
    if (failure) return failure;
    const account = this.accounts.get(apiKey);
    return account
      ? { ok: true, account }
      : { ok: false, reason: 'invalid_key', message: 'Invalid openalgo apikey' };
  }
}

let clockBase = Date.UTC(2026, 0, 5, 4, 0, 0);

/** A full quote/depth tick with distinct numbers so a wrong field mapping shows. */
export function depthTick(symbol: string, exchange: Instrument['exchange'], ltp: number, levels = 5): Tick {
  clockBase += 1000;
  return {
    symbol,
    exchange,
    mode: 'depth',
    ltp,
    timestamp: clockBase,
    lastQuantity: 7,
    averagePrice: ltp - 0.5,
    volume: 12345,
    oi: 0,
    open: ltp - 3,
    high: ltp + 4,
    low: ltp - 5,
    close: ltp - 2,
    totalBuyQuantity: 900,
    totalSellQuantity: 1100,
    bids: Array.from({ length: levels }, (_, i) => ({
      price: ltp - 0.05 * (i + 1),
      quantity: 10 * (i + 1),
      orders: i + 1,
    })),
    asks: Array.from({ length: levels }, (_, i) => ({
      price: ltp + 0.05 * (i + 1),
      quantity: 20 * (i + 1),
      orders: i + 2,
    })),
  };
}

export function ltpTick(symbol: string, exchange: Instrument['exchange'], ltp: number): Tick {
  clockBase += 1000;
  return { symbol, exchange, mode: 'ltp', ltp, timestamp: clockBase };
}

export function quoteTick(symbol: string, exchange: Instrument['exchange'], ltp: number): Tick {
  const { bids: _bids, asks: _asks, ...rest } = depthTick(symbol, exchange, ltp);
  return { ...rest, mode: 'quote' };
}
