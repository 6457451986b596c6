import { z } from 'zod';
import { apiKey, body } from '../wire/fields.js';
import { fundsRecord, holdingRecord, orderRecord, positionRecord, tradeRecord } from '../wire/rows.js';
import { mode, success } from './shared.js';

/** Request and response schemas of OpenAlgo's account endpoints. */

export const KeyOnlyRequest = body({ apikey: apiKey() });

export const FundsResponse = z.object({ status: success, data: fundsRecord.schema, mode });

export const OrderBookResponse = z.object({
  status: success,
  data: z.object({
    orders: z.array(orderRecord.schema),
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

export const TradeBookResponse = z.object({ status: success, data: z.array(tradeRecord.schema), mode });

export const PositionBookResponse = z.object({ status: success, data: z.array(positionRecord.schema), mode });

export const HoldingsResponse = z.object({
  status: success,
  data: z.object({
    holdings: z.array(holdingRecord.schema),
    statistics: z.object({
      totalholdingvalue: z.number(),
      totalinvvalue: z.number(),
      totalprofitandloss: z.number(),
      totalpnlpercentage: z.number(),
    }),
  }),
  mode,
});
