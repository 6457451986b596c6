import {
  type Gtt,
  type GttAck,
  type GttModifyRequest,
  type GttRequest,
  type Instrument,
  InvalidRequestError,
  toIstIso,
} from '@openalgo/core';
import type { SandboxEngine } from './engine/engine.js';
import type { GttRecord } from './engine/gtt-records.js';
import type { GttInput } from './engine/gtt-rules.js';

/** Core's GTT request (already parsed at the contract boundary) as the engine's GTT book takes it. */
export function toGttInput(instrument: Instrument, request: GttRequest | GttModifyRequest): GttInput {
  let expiresAt: number | undefined;
  if (request.expiresAt !== undefined) {
    expiresAt = Date.parse(request.expiresAt);
    if (!Number.isFinite(expiresAt)) {
      throw new InvalidRequestError(`expiresAt ${request.expiresAt} is not a date-time`, {
        broker: 'sandbox',
        field: 'expiresAt',
      });
    }
  }
  return {
    instrument,
    type: request.type,
    lastPrice: request.lastPrice,
    legs: request.legs.map((leg, i) => ({ ...leg, triggerPrice: request.triggerPrices[i] ?? 0 })),
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

export function toGttAck(record: GttRecord): GttAck {
  return { triggerId: record.gttId, raw: record };
}

/**
 * The unified GTT. A fired GTT lists the order it placed; when the order path rejected that order
 * (funds, holdings, circuit), its reason is the GTT's `statusMessage`, as a broker reports it.
 */
export async function toGtt(record: GttRecord, engine: SandboxEngine): Promise<Gtt> {
  const gtt: Gtt = {
    triggerId: record.gttId,
    type: record.type,
    status: record.status,
    rawStatus: record.status,
    symbol: record.symbol,
    exchange: record.exchange,
    triggerPrices: record.legs.map((leg) => leg.triggerPrice),
    lastPrice: record.lastPrice,
    legs: record.legs.map(({ action, quantity, price, priceType, product }) => ({
      action,
      quantity,
      price,
      priceType,
      product,
    })),
    createdAt: toIstIso(record.createdAt),
    updatedAt: toIstIso(record.updatedAt),
    expiresAt: toIstIso(record.expiresAt),
    orderIds: record.orderId === undefined ? [] : [record.orderId],
    raw: record,
  };
  if (record.orderId === undefined) return gtt;
  const order = await engine.order(record.orderId);
  return order.status === 'rejected' && order.statusMessage
    ? { ...gtt, statusMessage: order.statusMessage }
    : gtt;
}
