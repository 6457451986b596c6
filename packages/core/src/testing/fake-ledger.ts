import type { Action, Exchange, Product } from '../model/enums.js';
import type { Trade } from '../model/order.js';
import type { Position } from '../model/portfolio.js';

export interface PositionSeed {
  symbol: string;
  exchange: Exchange;
  product: Product;
  /** Signed net quantity: positive long, negative short. */
  quantity: number;
  averagePrice?: number;
}

interface PositionState {
  symbol: string;
  exchange: Exchange;
  product: Product;
  buyQuantity: number;
  buyValue: number;
  sellQuantity: number;
  sellValue: number;
}

interface Fill {
  orderId: string;
  symbol: string;
  exchange: Exchange;
  product: Product;
  action: Action;
  quantity: number;
  price: number;
  timestamp: string;
}

const keyOf = (p: { symbol: string; exchange: Exchange; product: Product }) =>
  `${p.exchange}:${p.symbol}:${p.product}`;

/**
 * Trades and day positions of the fake account, the way a broker's books derive them from fills.
 * Rows a test sets verbatim (`setTrades`, `setPositions`) are reported after the derived ones.
 */
export class FakeLedger {
  private readonly tradeList: Trade[] = [];
  private readonly positionMap = new Map<string, PositionState>();
  private tradeSeq = 0;
  private setTradeRows: Trade[] = [];
  private setPositionRows: Position[] = [];

  recordFill(fill: Fill): Trade {
    const trade: Trade = {
      tradeId: `T${++this.tradeSeq}`,
      orderId: fill.orderId,
      symbol: fill.symbol,
      exchange: fill.exchange,
      action: fill.action,
      product: fill.product,
      quantity: fill.quantity,
      price: fill.price,
      tradeValue: fill.quantity * fill.price,
      timestamp: fill.timestamp,
      raw: { fake: true },
    };
    this.tradeList.push(trade);
    const state = this.stateFor(fill);
    if (fill.action === 'BUY') {
      state.buyQuantity += fill.quantity;
      state.buyValue += fill.quantity * fill.price;
    } else {
      state.sellQuantity += fill.quantity;
      state.sellValue += fill.quantity * fill.price;
    }
    return trade;
  }

  /** Puts a position on the book directly (e.g. carried from yesterday), replacing any existing row. */
  seed(seed: PositionSeed): void {
    const price = seed.averagePrice ?? 100;
    const state = this.stateFor(seed);
    state.buyQuantity = Math.max(seed.quantity, 0);
    state.buyValue = state.buyQuantity * price;
    state.sellQuantity = Math.max(-seed.quantity, 0);
    state.sellValue = state.sellQuantity * price;
  }

  /** Replaces the trade book with exactly these rows. */
  setTrades(rows: readonly Trade[]): void {
    this.tradeList.length = 0;
    this.setTradeRows = structuredClone([...rows]);
  }

  /** Replaces the position book with exactly these rows. */
  setPositions(rows: readonly Position[]): void {
    this.positionMap.clear();
    this.setPositionRows = structuredClone([...rows]);
  }

  trades(): Trade[] {
    return structuredClone([...this.tradeList, ...this.setTradeRows]);
  }

  /** Every row traded today, flat ones included (with quantity 0), as brokers report them. */
  positions(ltpOf: (symbol: string, exchange: Exchange) => number): Position[] {
    const derived = [...this.positionMap.values()].map((s): Position => {
      const quantity = s.buyQuantity - s.sellQuantity;
      const buyAverage = s.buyQuantity > 0 ? s.buyValue / s.buyQuantity : 0;
      const sellAverage = s.sellQuantity > 0 ? s.sellValue / s.sellQuantity : 0;
      const ltp = ltpOf(s.symbol, s.exchange);
      return {
        symbol: s.symbol,
        exchange: s.exchange,
        product: s.product,
        quantity,
        averagePrice: quantity > 0 ? buyAverage : quantity < 0 ? sellAverage : 0,
        ltp,
        pnl: s.sellValue - s.buyValue + quantity * ltp,
        buyQuantity: s.buyQuantity,
        sellQuantity: s.sellQuantity,
        buyAverage,
        sellAverage,
        raw: { fake: true },
      };
    });
    return [...derived, ...structuredClone(this.setPositionRows)];
  }

  private stateFor(p: { symbol: string; exchange: Exchange; product: Product }): PositionState {
    const key = keyOf(p);
    let state = this.positionMap.get(key);
    if (!state) {
      state = {
        symbol: p.symbol,
        exchange: p.exchange,
        product: p.product,
        buyQuantity: 0,
        buyValue: 0,
        sellQuantity: 0,
        sellValue: 0,
      };
      this.positionMap.set(key, state);
    }
    return state;
  }
}
