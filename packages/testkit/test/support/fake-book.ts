/**
 * The fake broker's order book and accounts. Deliberately simple (fills are whole, at one price) but
 * honest: the contract checks run against it, so it has to be right where the checks look.
 */
export type BrokerStatus = 'OPEN' | 'TRIGGER PENDING' | 'COMPLETE' | 'CANCELLED' | 'REJECTED';

export interface BrokerOrder {
  orderId: string;
  tag: string;
  symbol: string;
  exchange: string;
  action: 'BUY' | 'SELL';
  quantity: number;
  priceType: 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
  product: 'CNC' | 'NRML' | 'MIS';
  price: number;
  triggerPrice: number;
  status: BrokerStatus;
  /** Why the broker rejected it. */
  message?: string;
  filled: number;
  averagePrice: number;
  placedAt: number;
}

export interface BrokerTrade {
  tradeId: string;
  orderId: string;
  symbol: string;
  exchange: string;
  action: 'BUY' | 'SELL';
  product: BrokerOrder['product'];
  quantity: number;
  price: number;
  at: number;
}

export interface BrokerPosition {
  symbol: string;
  exchange: string;
  product: BrokerOrder['product'];
  net: number;
  averagePrice: number;
  realised: number;
  buyQuantity: number;
  sellQuantity: number;
}

const LEVERAGE: Record<BrokerOrder['product'], number> = { MIS: 5, CNC: 1, NRML: 10 };
export const STARTING_CAPITAL = 10_000_000;

export class FakeBook {
  readonly orders = new Map<string, BrokerOrder>();
  readonly trades: BrokerTrade[] = [];
  readonly positions = new Map<string, BrokerPosition>();
  private seq = 0;

  nextOrderId(): string {
    return `FO${String(++this.seq).padStart(6, '0')}`;
  }

  /** Books one whole fill: the trade, the order's fill and the position. */
  fill(order: BrokerOrder, price: number, at: number): void {
    order.filled = order.quantity;
    order.averagePrice = price;
    order.status = 'COMPLETE';
    this.trades.push({
      tradeId: `FT${order.orderId.slice(2)}`,
      orderId: order.orderId,
      symbol: order.symbol,
      exchange: order.exchange,
      action: order.action,
      product: order.product,
      quantity: order.quantity,
      price,
      at,
    });
    this.applyToPosition(order, price);
  }

  private applyToPosition(order: BrokerOrder, price: number): void {
    const key = `${order.symbol} ${order.exchange} ${order.product}`;
    const pos = this.positions.get(key) ?? {
      symbol: order.symbol,
      exchange: order.exchange,
      product: order.product,
      net: 0,
      averagePrice: 0,
      realised: 0,
      buyQuantity: 0,
      sellQuantity: 0,
    };
    const signed = order.action === 'BUY' ? order.quantity : -order.quantity;
    if (order.action === 'BUY') pos.buyQuantity += order.quantity;
    else pos.sellQuantity += order.quantity;
    if (pos.net === 0 || Math.sign(pos.net) === Math.sign(signed)) {
      pos.averagePrice =
        (Math.abs(pos.net) * pos.averagePrice + order.quantity * price) /
        (Math.abs(pos.net) + order.quantity);
      pos.net += signed;
    } else {
      const closed = Math.min(Math.abs(signed), Math.abs(pos.net));
      pos.realised += closed * (price - pos.averagePrice) * Math.sign(pos.net);
      const net = pos.net + signed;
      if (net === 0) pos.averagePrice = 0;
      else if (Math.sign(net) !== Math.sign(pos.net)) pos.averagePrice = price;
      pos.net = net;
    }
    this.positions.set(key, pos);
  }

  funds(ltpOf: (symbol: string, exchange: string) => number) {
    let used = 0;
    let realised = 0;
    let unrealised = 0;
    for (const pos of this.positions.values()) {
      used += (Math.abs(pos.net) * pos.averagePrice) / LEVERAGE[pos.product];
      realised += pos.realised;
      unrealised += pos.net * (ltpOf(pos.symbol, pos.exchange) - pos.averagePrice);
    }
    return { capital: STARTING_CAPITAL, used, realised, unrealised };
  }
}
