import { z } from 'zod';
import { fields as f } from './common.js';
import { body } from './fields.js';

/** Request and response schemas of OpenAlgo's account endpoints (§1.3). */

export const KeyOnlyRequest = body({ apikey: f.apikey() });

const mode = z.literal('analyze').optional();
const success = z.literal('success');
const decimal = z.string().meta({ description: 'Amount as a string with two decimals' });

export const FundsResponse = z.object({
  status: success,
  data: z.object({
    availablecash: decimal,
    collateral: decimal,
    m2mrealized: decimal,
    m2munrealized: decimal,
    utiliseddebits: decimal,
  }),
  mode,
});

export const OrderBookResponse = z.object({
  status: success,
  data: z.object({
    orders: z.array(
      z.object({
        symbol: z.string(),
        exchange: z.string(),
        action: z.string(),
        quantity: z.number(),
        price: z.number().meta({ description: '0 for MARKET orders' }),
        trigger_price: z.number(),
        pricetype: z.string(),
        product: z.string(),
        orderid: z.string(),
        order_status: z.string(),
        timestamp: z.string(),
        rejection_reason: z.string().optional().meta({
          description: "Present on rejected orders: the broker's reason (an addition to OpenAlgo's shape)",
        }),
      }),
    ),
    statistics: z.object({
      total_buy_orders: z.number(),
      total_sell_orders: z.number(),
      total_completed_orders: z.number(),
      total_open_orders: z.number().meta({ description: 'Working orders: open, trigger pending, pending' }),
      total_rejected_orders: z.number(),
    }),
  }),
  mode,
});

export const TradeBookResponse = z.object({
  status: success,
  data: z.array(
    z.object({
      symbol: z.string(),
      exchange: z.string(),
      product: z.string(),
      action: z.string(),
      quantity: z.number(),
      average_price: z.number(),
      trade_value: z.number(),
      orderid: z.string(),
      timestamp: z.string(),
    }),
  ),
  mode,
});

export const PositionBookResponse = z.object({
  status: success,
  data: z.array(
    z.object({
      symbol: z.string(),
      exchange: z.string(),
      product: z.string(),
      quantity: z.number(),
      average_price: z.number(),
      ltp: z.number(),
      pnl: z.number(),
    }),
  ),
  mode,
});

export const HoldingsResponse = z.object({
  status: success,
  data: z.object({
    holdings: z.array(
      z.object({
        symbol: z.string(),
        exchange: z.string(),
        quantity: z.number(),
        product: z.string(),
        average_price: z.number(),
        pnl: z.number(),
        pnlpercent: z.number(),
      }),
    ),
    statistics: z.object({
      totalholdingvalue: z.number(),
      totalinvvalue: z.number(),
      totalprofitandloss: z.number(),
      totalpnlpercentage: z.number(),
    }),
  }),
  mode,
});
