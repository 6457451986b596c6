import {
  type BrokerAdapter,
  type BrokerManifest,
  BrokerManifestSchema,
  type Candle,
  CONTRACT_VERSION,
  type Depth,
  type HistoryRequest,
  type Instrument,
  type InstrumentRef,
  type MarketStream,
  NotSupportedError,
  type Quote,
  type StreamMode,
  type StreamStatus,
  SymbolNotFoundError,
  type Tick,
} from '@openalgo/core';

const key = (ref: InstrumentRef) => `${ref.exchange}:${ref.symbol}`;

export class FakeMarketStream implements MarketStream {
  readonly subscribed: [InstrumentRef[], StreamMode][] = [];
  readonly unsubscribed: InstrumentRef[][] = [];
  closed = false;
  private tickListeners = new Set<(tick: Tick) => void>();
  private statusListeners = new Set<(status: StreamStatus) => void>();

  async subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void> {
    this.subscribed.push([[...instruments], mode]);
  }
  async unsubscribe(instruments: readonly InstrumentRef[]): Promise<void> {
    this.unsubscribed.push([...instruments]);
  }
  onTick(listener: (tick: Tick) => void) {
    this.tickListeners.add(listener);
    return () => void this.tickListeners.delete(listener);
  }
  onStatus(listener: (status: StreamStatus) => void) {
    this.statusListeners.add(listener);
    return () => void this.statusListeners.delete(listener);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  emitTick(tick: Tick): void {
    for (const listener of this.tickListeners) listener(tick);
  }
  emitStatus(status: StreamStatus): void {
    for (const listener of this.statusListeners) listener(status);
  }
  get listenerCount(): number {
    return this.tickListeners.size + this.statusListeners.size;
  }
}

/** A broker adapter with a price table instead of a network, recording what it was asked. */
export class FakeAdapter implements BrokerAdapter {
  readonly manifest: BrokerManifest;
  readonly prices = new Map<string, number>();
  readonly quoteCalls: InstrumentRef[][] = [];
  readonly depthCalls: InstrumentRef[] = [];
  readonly historyCalls: HistoryRequest[] = [];
  readonly streams: FakeMarketStream[] = [];
  failNextQuotes = 0;
  marketStream?: () => MarketStream;

  constructor(options: { depth: boolean; stream: boolean }) {
    this.manifest = BrokerManifestSchema.parse({
      id: 'fakebroker',
      name: 'Fake',
      contract: CONTRACT_VERSION,
      exchanges: ['NSE', 'NFO'],
      auth: 'none',
      capabilities: {
        getQuotes: true,
        getDepth: options.depth,
        getHistory: true,
        marketStream: options.stream,
      },
      priceTypes: ['MARKET'],
      products: ['MIS'],
    });
    if (options.stream) {
      this.marketStream = () => {
        const stream = new FakeMarketStream();
        this.streams.push(stream);
        return stream;
      };
    }
  }

  setPrice(ref: InstrumentRef, ltp: number): void {
    this.prices.set(key(ref), ltp);
  }

  private ltpOf(ref: InstrumentRef): number {
    const ltp = this.prices.get(key(ref));
    if (ltp === undefined)
      throw new SymbolNotFoundError(`${ref.symbol} not on ${ref.exchange}`, { broker: 'fakebroker' });
    return ltp;
  }

  async getQuotes(instruments: readonly InstrumentRef[]): Promise<Quote[]> {
    this.quoteCalls.push([...instruments]);
    if (this.failNextQuotes > 0) {
      this.failNextQuotes--;
      throw new Error('broker hiccup');
    }
    return instruments.map((ref) => {
      const ltp = this.ltpOf(ref);
      return {
        symbol: ref.symbol,
        exchange: ref.exchange,
        ltp,
        open: ltp - 1,
        high: ltp + 2,
        low: ltp - 2,
        prevClose: ltp - 3,
        volume: 1000,
        oi: 0,
        bid: ltp - 0.05,
        ask: ltp + 0.05,
        bidQuantity: 40,
        askQuantity: 60,
        raw: {},
      };
    });
  }

  async getDepth(instrument: InstrumentRef): Promise<Depth> {
    this.depthCalls.push(instrument);
    const ltp = this.ltpOf(instrument);
    const levels = (sign: number) =>
      [1, 2, 3, 4, 5, 6].map((i) => ({ price: ltp + sign * 0.05 * i, quantity: 10 * i, orders: i }));
    return {
      symbol: instrument.symbol,
      exchange: instrument.exchange,
      bids: levels(-1),
      asks: levels(1),
      ltp,
      ltq: 7,
      open: ltp - 1,
      high: ltp + 2,
      low: ltp - 2,
      prevClose: ltp - 3,
      volume: 5000,
      oi: 0,
      totalBuyQuantity: 210,
      totalSellQuantity: 210,
      raw: {},
    };
  }

  async getHistory(request: HistoryRequest): Promise<Candle[]> {
    this.historyCalls.push(request);
    return [{ timestamp: 1_767_585_600, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, oi: 0 }];
  }

  async *downloadInstruments(): AsyncIterable<Instrument> {
    yield {
      symbol: 'SBIN',
      exchange: 'NSE',
      brsymbol: 'SBIN-EQ',
      brexchange: 'NSE',
      token: '3045',
      name: 'SBIN',
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: 0.05,
      instrumentType: 'EQ',
    };
  }

  private unsupported(): never {
    throw new NotSupportedError('not in this fake');
  }
  placeOrder = async () => this.unsupported();
  modifyOrder = async () => this.unsupported();
  cancelOrder = async () => this.unsupported();
  getOrders = async () => this.unsupported();
  getOrder = async () => this.unsupported();
  getTrades = async () => this.unsupported();
  getPositions = async () => this.unsupported();
  getHoldings = async () => this.unsupported();
  getFunds = async () => this.unsupported();
}
