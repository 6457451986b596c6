import type { Action, PriceType, Product } from '@openalgo/core';
import type { SimulatorRequest } from '@openalgo/testkit/simulator';
import { badRequest } from './envelope.js';
import type { FyersInstrument, FyersMaster } from './master.js';

/** Fyers' order `type` ints (brokers.md §3.4): 1 LIMIT, 2 MARKET, 3 SL-M (stop), 4 SL (stop-limit). */
export const TYPE_TO_PRICE_TYPE: Readonly<Record<number, PriceType>> = {
  1: 'LIMIT',
  2: 'MARKET',
  3: 'SL-M',
  4: 'SL',
};
export const PRICE_TYPE_TO_TYPE: Readonly<Record<PriceType, number>> = {
  LIMIT: 1,
  MARKET: 2,
  'SL-M': 3,
  SL: 4,
};

/** Fyers' products ↔ the engine's (§3.8). CO and BO are Fyers products the engine has no model of. */
export const PRODUCT_TO_ENGINE: Readonly<Record<string, Product>> = {
  CNC: 'CNC',
  INTRADAY: 'MIS',
  MARGIN: 'NRML',
};
export const ENGINE_TO_PRODUCT: Readonly<Record<Product, string>> = {
  CNC: 'CNC',
  MIS: 'INTRADAY',
  NRML: 'MARGIN',
};

/**
 * `orderTag`: letters and digits only (Fyers rejects special characters); up to 30 of them
 * [unverified length: Fyers' docs are the only source].
 */
export const ORDER_TAG_PATTERN = /^[A-Za-z0-9]{1,30}$/;

export interface PlaceParams {
  instrument: FyersInstrument;
  action: Action;
  priceType: PriceType;
  product: Product;
  quantity: number;
  price: number;
  triggerPrice: number;
  validity: 'DAY' | 'IOC';
  disclosedQty: number;
  offlineOrder: boolean;
  tag: string | undefined;
}

export interface ModifyParams {
  id: string;
  quantity: number | undefined;
  priceType: PriceType | undefined;
  price: number | undefined;
  triggerPrice: number | undefined;
}

/**
 * A JSON body whatever the Content-Type (the Go SDK posts JSON as form, §3.10); undefined when empty.
 * Text that is not JSON is refused with −50.
 */
export function jsonBody(req: SimulatorRequest): unknown {
  const text = req.rawBody.trim();
  if (text === '') return undefined;
  // The kit parses by Content-Type, so JSON sent as a form arrives as one odd form field: read the text.
  if (!text.startsWith('{') && !text.startsWith('[') && typeof req.body === 'object' && req.body !== null) {
    return req.body;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest(-50, 'Invalid input: the body must be JSON');
  }
}

export function jsonObject(req: SimulatorRequest): Record<string, unknown> {
  const body = jsonBody(req);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(-50, 'Invalid input: the body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function numberField(body: Record<string, unknown>, key: string, code: number, fallback?: number): number {
  const value = body[key];
  if (value === undefined || value === null || value === '') {
    if (fallback !== undefined) return fallback;
    throw badRequest(code, `Invalid ${key}: it is required`);
  }
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) throw badRequest(code, `Invalid ${key}: ${JSON.stringify(value)}`);
  return n;
}

/** `offlineOrder`: a bool, or the strings "True"/"False" the official Postman samples send (§3.4). */
function offlineFlag(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 'False' || value === 'false')
    return false;
  if (value === true || value === 'True' || value === 'true') return true;
  throw badRequest(-328, `Invalid offlineOrder: ${JSON.stringify(value)}`);
}

/** The instrument an `EXCH:TICKER` names; −300 for one the master does not list [unverified code]. */
export function instrumentOf(master: FyersMaster, symbol: unknown): FyersInstrument {
  const row = typeof symbol === 'string' ? master.get(symbol.trim()) : undefined;
  if (!row) throw badRequest(-300, `Invalid symbol: ${typeof symbol === 'string' ? symbol : 'missing'}`);
  return row;
}

/** `POST /api/v3/orders/sync`: every field checked the way Fyers' codes name them (§3.6). */
export function parsePlace(master: FyersMaster, body: Record<string, unknown>): PlaceParams {
  const instrument = instrumentOf(master, body.symbol);
  const type = Number(body.type);
  const priceType = TYPE_TO_PRICE_TYPE[type];
  if (!priceType) throw badRequest(-101, 'Invalid order type');
  const side = Number(body.side);
  if (side !== 1 && side !== -1) throw badRequest(-313, 'Invalid side: use 1 (buy) or -1 (sell)');
  const productName = typeof body.productType === 'string' ? body.productType : '';
  if (productName === 'CO' || productName === 'BO') {
    throw badRequest(-99, `${productName} orders are not served by the Fyers simulator`);
  }
  const product = PRODUCT_TO_ENGINE[productName];
  if (!product) throw badRequest(-314, `Invalid productType: ${JSON.stringify(body.productType)}`);
  const quantity = numberField(body, 'qty', -310);
  if (!Number.isInteger(quantity) || quantity <= 0)
    throw badRequest(-310, 'Invalid qty: must be a whole number above 0');
  const validity = body.validity === undefined ? 'DAY' : body.validity;
  if (validity !== 'DAY' && validity !== 'IOC')
    throw badRequest(-326, `Invalid validity: ${JSON.stringify(validity)}`);
  const tag = body.orderTag === undefined || body.orderTag === '' ? undefined : body.orderTag;
  if (tag !== undefined && (typeof tag !== 'string' || !ORDER_TAG_PATTERN.test(tag))) {
    throw badRequest(-50, 'Invalid orderTag: letters and digits only, at most 30');
  }
  return {
    instrument,
    action: side === 1 ? 'BUY' : 'SELL',
    priceType,
    product,
    quantity,
    price: numberField(body, 'limitPrice', -308, 0),
    triggerPrice: numberField(body, 'stopPrice', -309, 0),
    validity,
    disclosedQty: numberField(body, 'disclosedQty', -327, 0),
    offlineOrder: offlineFlag(body.offlineOrder),
    tag,
  };
}

/** `PATCH /api/v3/orders/sync` `{id, qty?, type?, limitPrice?, stopPrice?}`: absent fields keep the order's. */
export function parseModify(body: Record<string, unknown>): ModifyParams {
  const id = orderIdOf(body);
  let priceType: PriceType | undefined;
  if (body.type !== undefined) {
    priceType = TYPE_TO_PRICE_TYPE[Number(body.type)];
    if (!priceType) throw badRequest(-101, 'Invalid order type');
  }
  const optional = (key: string, code: number) =>
    body[key] === undefined || body[key] === null ? undefined : numberField(body, key, code);
  const quantity = optional('qty', -310);
  if (quantity !== undefined && (!Number.isInteger(quantity) || quantity <= 0)) {
    throw badRequest(-310, 'Invalid qty: must be a whole number above 0');
  }
  return {
    id,
    quantity,
    priceType,
    price: optional('limitPrice', -308),
    triggerPrice: optional('stopPrice', -309),
  };
}

/** The `id` of a modify or cancel body; −159 when absent. */
export function orderIdOf(body: Record<string, unknown>): string {
  const id = body.id;
  if (typeof id !== 'string' && typeof id !== 'number') throw badRequest(-159, 'Invalid order number');
  return String(id);
}
