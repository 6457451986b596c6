import { MAX_BASKET_LEGS } from '../../../src/api/schemas/orders.js';

/** The basket schema's leg cap: the largest legal body is a basket of this many legs. */
export const BASKET_LEGS = MAX_BASKET_LEGS;

/** A basket leg with every field at its longest (symbol 64 chars, client id of escaped quotes). */
function longestLeg(i: number) {
  return {
    symbol: 'X'.repeat(64),
    exchange: 'NSE_INDEX',
    action: 'BUY',
    quantity: 1_000_000 + i,
    pricetype: 'SL-M',
    product: 'NRML',
    price: '123456.05',
    trigger_price: '123456.05',
    disclosed_quantity: '100000',
    // 64 printable characters that JSON escapes to two each: the longest a client id can encode.
    client_order_id: `${'"'.repeat(60)}${String(i).padStart(4, '0')}`,
  };
}

/**
 * The largest legal basket body: BASKET_LEGS longest legs, optionally pretty-printed (people
 * post these by hand too). Sizes the body limit (api/body-parser.ts) and feeds the parse benchmark.
 */
export function largestLegalBasket(options: { indent?: number; apikey?: string } = {}): string {
  const body = {
    apikey: options.apikey ?? 'a'.repeat(64),
    strategy: 'S'.repeat(100),
    orders: Array.from({ length: BASKET_LEGS }, (_, i) => longestLeg(i)),
  };
  return JSON.stringify(body, null, options.indent ?? 0);
}
