import { PositionKeySchema } from '@openalgo/core';
import { z } from 'zod';
import { wireShape } from '../wire/codec.js';
import { apiKey, body, strategy } from '../wire/fields.js';
import { orderRecord } from '../wire/rows.js';
import { oneOrderReference, orderReference } from './orders.js';
import { mode, success } from './shared.js';

/** Request and response schemas of OpenAlgo's order-info endpoints. */

export const OrderStatusRequest = body({
  apikey: apiKey(),
  strategy: strategy(),
  ...orderReference(),
}).superRefine(oneOrderReference);

export const OpenPositionRequest = body({
  apikey: apiKey(),
  strategy: strategy(),
  ...wireShape(PositionKeySchema),
});

export const OrderStatusResponse = z.object({
  status: success,
  data: orderRecord.schema.extend({ average_price: z.number() }),
  mode,
});

export const OpenPositionResponse = z.object({
  status: success,
  quantity: z.number().meta({ description: 'Net signed quantity; 0 when there is no position' }),
  mode,
});
