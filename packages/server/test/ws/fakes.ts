import {
  type BrokerAdapter,
  type BrokerManifest,
  type Instrument,
  InstrumentIndex,
  type InstrumentRef,
  type Logger,
  type MarketStream,
  NotSupportedError,
  type StreamMode,
  type StreamStatus,
  SymbolNotFoundError,
  type Tick,
  TradingService,
} from '@openalgo/core';
import { SANDBOX_MANIFEST } from '@openalgo/sandbox';
import type { AccountContext, AccountResolution, AccountResolver } from '../../src/accounts/types.js';

export type StreamCall =
  | { op: 'subscribe'; refs: string[]; mode: StreamMode }
  | { op: 'unsubscribe'; refs: string[] }
  | { op: 'close' };

function keys(refs: readonly InstrumentRef[]): string[] {
  return refs.map((r) => `${r.exchange}:${r.symbol}`);
}

/** A MarketStream the test drives: it records every call and emits whatever ticks the test pushes. */
export class FakeMarketStream implements MarketStream {
  readonly calls: StreamCall[] = [];
  readonly subscribed = new Map<string, StreamMode>();
  closed = false;
  private readonly tickListeners = new Set<(tick: Tick) => void>();
  private readonly statusListeners = new Set<(status: StreamStatus) => void>();
  /** Set to make the next subscribe call fail with this error. */
  failNextSubscribe: Error | undefined;
  /** Instruments (`EXCHANGE:SYMBOL`) the broker refuses: a batch holding one fails as a whole. */
  readonly rejects = new Set<string>();
  /** Set to make the next unsubscribe call fail with this error. */
  failNextUnsubscribe: Error | undefined;
  /** Set to hold subscribe calls until the test releases them. */
  gate: Promise<void> | undefined;

  async subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void> {
    this.calls.push({ op: 'subscribe', refs: keys(instruments), mode });
    if (this.gate) await this.gate;
    const refused = keys(instruments).find((key) => this.rejects.has(key));
    if (refused) throw new SymbolNotFoundError(`Broker does not know ${refused}`);
    const failure = this.failNextSubscribe;
    if (failure) {
      this.failNextSubscribe = undefined;
      throw failure;
    }
    for (const key of keys(instruments)) this.subscribed.set(key, mode);
  }

  async unsubscribe(instruments: readonly InstrumentRef[]): Promise<void> {
    this.calls.push({ op: 'unsubscribe', refs: keys(instruments) });
    const failure = this.failNextUnsubscribe;
    if (failure) {
      this.failNextUnsubscribe = undefined;
      throw failure;
    }
    for (const key of keys(instruments)) this.subscribed.delete(key);
  }

  onTick(listener: (tick: Tick) => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.calls.push({ op: 'close' });
    this.closed = true;
  }

  emit(tick: Tick): void {
    for (const listener of [...this.tickListeners]) listener(tick);
  }

  emitStatus(status: StreamStatus): void {
    for (const listener of [...this.statusListeners]) listener(status);
  }

  get listenerCount(): number {
    return this.tickListeners.size;
  }
}

function notUsed(): never {
  throw new NotSupportedError('not used by the feed tests');
}

/**
 * A data adapter whose only working part is `marketStream()`; every stream it opens is kept. The
 * other methods refuse, unless a test gives them a body.
 */
export class FakeFeedAdapter implements BrokerAdapter {
  readonly manifest: BrokerManifest;
  readonly streams: FakeMarketStream[] = [];
  /** Replaceable, so a test can make opening a stream fail; refused when the manifest says no stream. */
  marketStream: () => MarketStream;

  constructor(options: { streaming?: boolean; broker?: string } = {}) {
    const streaming = options.streaming ?? true;
    this.manifest = {
      ...SANDBOX_MANIFEST,
      id: options.broker ?? 'fakebroker',
      capabilities: { ...SANDBOX_MANIFEST.capabilities, marketStream: streaming },
    };
    this.marketStream = () => {
      if (!streaming) notUsed();
      const stream = new FakeMarketStream();
      this.streams.push(stream);
      return stream;
    };
  }

  /** The stream currently in use (the last one opened). */
  get stream(): FakeMarketStream {
    const stream = this.streams.at(-1);
    if (!stream) throw new Error('no market stream was opened');
    return stream;
  }

  placeOrder: BrokerAdapter['placeOrder'] = notUsed;
  modifyOrder: BrokerAdapter['modifyOrder'] = notUsed;
  cancelOrder: BrokerAdapter['cancelOrder'] = notUsed;
  getOrders: BrokerAdapter['getOrders'] = notUsed;
  getOrder: BrokerAdapter['getOrder'] = notUsed;
  getTrades: BrokerAdapter['getTrades'] = notUsed;
  getPositions: BrokerAdapter['getPositions'] = notUsed;
  getHoldings: BrokerAdapter['getHoldings'] = notUsed;
  getFunds: BrokerAdapter['getFunds'] = notUsed;
  getQuotes: BrokerAdapter['getQuotes'] = notUsed;
  getDepth: BrokerAdapter['getDepth'] = notUsed;
  getHistory: BrokerAdapter['getHistory'] = notUsed;
  downloadInstruments: BrokerAdapter['downloadInstruments'] = notUsed;
  orderStream: BrokerAdapter['orderStream'] = notUsed;
  getMargin: BrokerAdapter['getMargin'] = notUsed;
  close = async () => {};
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

export interface LogLine {
  level: string;
  bindings: object[];
  obj: object;
  msg: string | undefined;
}

/** Records every log line with its child bindings, so tests can search them for secrets. */
export function captureLogger(lines: LogLine[] = [], bindings: object[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, bindings, obj, msg });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b: object) => captureLogger(lines, [...bindings, b]),
  };
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
