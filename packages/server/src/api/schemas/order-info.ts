import { z } from 'zod';
import { fields as f } from './common.js';
import { body, orderId } from './fields.js';

/** Request and response schemas of OpenAlgo's order-info endpoints (§1.2). */

export const OrderStatusRequest = body({ apikey: f.apikey(), strategy: f.strategy(), orderid: orderId() });

export const OpenPositionRequest = body({
  apikey: f.apikey(),
  strategy: f.strategy(),
  symbol: f.symbol(),
  exchange: f.exchange(),
  product: f.requiredProduct(),
});

const mode = z.literal('analyze').optional();

export const OrderStatusResponse = z.object({
  status: z.literal('success'),
  data: z.object({
    action: z.string(),
    average_price: z.number(),
    exchange: z.string(),
    order_status: z.string().meta({
      description:
        "open, 'trigger pending', complete, cancelled, rejected, pending, or the broker's own word",
    }),
    orderid: z.string(),
    price: z.number(),
    pricetype: z.string(),
    product: z.string(),
    quantity: z.number(),
    symbol: z.string(),
    timestamp: z.string().meta({ description: 'YYYY-MM-DD HH:MM:SS (IST)' }),
    trigger_price: z.number(),
    rejection_reason: z.string().optional().meta({
      description: "Present on rejected orders: the broker's reason (an addition to OpenAlgo's shape)",
    }),
  }),
  mode,
});

export const OpenPositionResponse = z.object({
  status: z.literal('success'),
  quantity: z.number().meta({ description: 'Net signed quantity; 0 when there is no position' }),
  mode,
});
