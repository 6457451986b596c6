import type { Order, OrderAck, OrderRequestInput } from '../model/order.js';
import { type BasketOptions, type BasketResult, placeBasket } from './basket.js';
import { type CancelAllOrdersResult, cancelAllOrders } from './cancel-orders.js';
import {
  type CloseAllPositionsResult,
  type ClosePositionsFilter,
  closeAllPositions,
} from './close-positions.js';
import { createTradingContext, type TradingContext, type TradingServiceOptions } from './context.js';
import { openPosition, type PositionKeyInput } from './open-position.js';
import { orderStatus } from './order-status.js';
import { placeOrder } from './place-order.js';
import { placeSmartOrder, type SmartOrderRequestInput, type SmartOrderResult } from './smart-order.js';
import { placeSplit, type SplitOrderRequestInput, type SplitResult } from './split.js';

/**
 * The composite order operations of one broker account (docs/architecture.md §2), written once against the
 * adapter's primitives so every broker behaves the same. Create one per adapter instance: it owns
 * the per-instrument smart-order locks.
 */
export class TradingService {
  readonly context: TradingContext;

  constructor(options: TradingServiceOptions) {
    this.context = createTradingContext(options);
  }

  placeOrder(request: OrderRequestInput): Promise<OrderAck> {
    return placeOrder(this.context, request);
  }

  placeSmartOrder(request: SmartOrderRequestInput): Promise<SmartOrderResult> {
    return placeSmartOrder(this.context, request);
  }

  closeAllPositions(filter?: ClosePositionsFilter): Promise<CloseAllPositionsResult> {
    return closeAllPositions(this.context, filter);
  }

  cancelAllOrders(): Promise<CancelAllOrdersResult> {
    return cancelAllOrders(this.context);
  }

  placeBasket(orders: readonly OrderRequestInput[], options?: BasketOptions): Promise<BasketResult> {
    return placeBasket(this.context, orders, options);
  }

  placeSplit(request: SplitOrderRequestInput): Promise<SplitResult> {
    return placeSplit(this.context, request);
  }

  orderStatus(orderId: string): Promise<Order> {
    return orderStatus(this.context, orderId);
  }

  openPosition(position: PositionKeyInput): Promise<number> {
    return openPosition(this.context, position);
  }
}
