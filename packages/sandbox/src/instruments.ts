import { type Exchange, type Instrument, type InstrumentLookup, SymbolNotFoundError } from '@openalgo/core';

/**
 * A plain Map-backed instrument lookup over a fixed set of rows (the sandbox universe): what the
 * sandbox harness hands its adapter. The server uses core's InstrumentIndex instead.
 */
export class MapInstrumentLookup implements InstrumentLookup {
  private readonly bySymbol = new Map<string, Instrument>();
  private readonly byToken = new Map<string, Instrument>();

  constructor(rows: Iterable<Instrument>) {
    for (const row of rows) {
      this.bySymbol.set(`${row.exchange}:${row.symbol}`, row);
      this.byToken.set(`${row.brexchange}:${row.token}`, row);
    }
  }

  static async from(rows: AsyncIterable<Instrument> | Iterable<Instrument>): Promise<MapInstrumentLookup> {
    const collected: Instrument[] = [];
    for await (const row of rows) collected.push(row);
    return new MapInstrumentLookup(collected);
  }

  get size(): number {
    return this.bySymbol.size;
  }

  get(symbol: string, exchange: Exchange): Instrument | undefined {
    return this.bySymbol.get(`${exchange}:${symbol}`);
  }

  getByToken(brexchange: string, token: string): Instrument | undefined {
    return this.byToken.get(`${brexchange}:${token}`);
  }

  resolve(symbol: string, exchange: Exchange): Instrument {
    const row = this.get(symbol, exchange);
    if (row) return row;
    throw new SymbolNotFoundError(`Symbol ${symbol} not found on ${exchange}`, {
      broker: 'sandbox',
      field: 'symbol',
      details: { symbol, exchange },
    });
  }

  rows(): IterableIterator<Instrument> {
    return this.bySymbol.values();
  }
}
