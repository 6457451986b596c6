import { type InstrumentRef, InvalidOrderError } from '@openalgo/core';
import type { AccountContext } from '../accounts/types.js';
import { data, type Endpoint, endpointGroup, execution } from './endpoint.js';
import { writeOnce } from './idempotent-orders.js';
import {
  CancelGttRequest,
  GttBookRequest,
  GttBookResponse,
  GttIdResponse,
  ModifyGttRequest,
  PlaceGttRequest,
} from './schemas/gtt.js';
import { gttErrorInWireTerms, gttRow, toGttRequest } from './wire/gtt.js';

/**
 * OpenAlgo's GTT (good-till-triggered) endpoints over the contract's gtt capability. The last price
 * the triggers are set against is fetched here from the account's data adapter, as OpenAlgo does;
 * clients never send it. Writes honour an Idempotency-Key header: a retry of a request that
 * succeeded returns the first answer. A GTT write carries no client tag a broker could be searched
 * by, so after an ambiguous failure (502/503) look at /gttorderbook before sending it again.
 */

const define = endpointGroup('GTT');

const DIP = {
  strategy: 'Test',
  exchange: 'NSE',
  symbol: 'SBIN',
  action: 'BUY',
  product: 'CNC',
  quantity: 1,
  pricetype: 'LIMIT',
};

async function lastPriceOf(account: AccountContext, ref: InstrumentRef): Promise<number> {
  const [quote] = await account.dataAdapter.getQuotes([{ symbol: ref.symbol, exchange: ref.exchange }]);
  const ltp = quote?.ltp ?? 0;
  if (ltp > 0) return ltp;
  throw new InvalidOrderError(
    `No last price is known for ${ref.symbol} on ${ref.exchange}, and a GTT's triggers are set against it; try again once it trades`,
    { field: 'symbol' },
  );
}

const WRITE_NOTE =
  ' Beyond OpenAlgo: an `Idempotency-Key` header makes a retry return the first success instead of writing again; after a 502/503 check /gttorderbook first.';

export const placeGttOrder = define({
  path: '/placegttorder',
  subject: 'trigger_type',
  summary: 'Place a GTT (single or OCO)',
  description: `SINGLE: exactly one of \`triggerprice_sl\` (below the last price) or \`triggerprice_tg\` (above it), its order at \`price\`. OCO: \`triggerprice_sl\` with its limit \`stoploss\` and \`triggerprice_tg\` with its limit \`target\`, the stoploss trigger lower; the first trigger the price reaches places its order and ends the other. \`product\` is CNC or NRML. The last price is fetched server-side.${WRITE_NOTE}`,
  rateClass: 'orders',
  idempotent: true,
  requires: [execution('placeGtt'), data('getQuotes')],
  request: PlaceGttRequest,
  response: GttIdResponse,
  example: { ...DIP, trigger_type: 'SINGLE', price: 790, triggerprice_sl: 789 },
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const { strategy: _books, ...request } = input;
    const body = await writeOnce(ctx, '/placegttorder', input, async () => {
      const lastPrice = await lastPriceOf(account, request);
      try {
        const ack = await account.executionAdapter.placeGtt(toGttRequest(request, lastPrice));
        return { status: 'success' as const, trigger_id: ack.triggerId };
      } catch (error) {
        throw gttErrorInWireTerms(error, request);
      }
    });
    return reply(body);
  },
});

export const modifyGttOrder = define({
  path: '/modifygttorder',
  subject: 'trigger_id',
  summary: 'Replace an active GTT',
  description: `Every field of placegttorder again, plus \`trigger_id\`: the GTT's triggers, last price and orders are replaced as a whole. Its trigger_type, symbol and exchange cannot change (cancel it and place a new one).${WRITE_NOTE}`,
  rateClass: 'orders',
  idempotent: true,
  requires: [execution('modifyGtt'), data('getQuotes')],
  request: ModifyGttRequest,
  response: GttIdResponse,
  example: { ...DIP, trigger_id: '123456', trigger_type: 'SINGLE', price: 780, triggerprice_sl: 779 },
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const { strategy: _books, trigger_id: triggerId, ...request } = input;
    const body = await writeOnce(ctx, '/modifygttorder', input, async () => {
      const lastPrice = await lastPriceOf(account, request);
      try {
        const gtt = { ...toGttRequest(request, lastPrice), triggerId };
        const ack = await account.executionAdapter.modifyGtt(gtt);
        return { status: 'success' as const, trigger_id: ack.triggerId };
      } catch (error) {
        throw gttErrorInWireTerms(error, request);
      }
    });
    return reply(body);
  },
});

export const cancelGttOrder = define({
  path: '/cancelgttorder',
  subject: 'trigger_id',
  summary: 'Cancel an active GTT',
  description: `An OCO's two legs end together. A GTT that already fired, expired or was cancelled cannot be cancelled (400); an unknown trigger_id is 404.${WRITE_NOTE}`,
  rateClass: 'orders',
  idempotent: true,
  requires: [execution('cancelGtt')],
  request: CancelGttRequest,
  response: GttIdResponse,
  example: { strategy: 'Test', trigger_id: '123456' },
  async handle(ctx) {
    const { input, account, reply } = ctx;
    const body = await writeOnce(ctx, '/cancelgttorder', input, async () => {
      try {
        const ack = await account.executionAdapter.cancelGtt(input.trigger_id);
        return { status: 'success' as const, trigger_id: ack.triggerId };
      } catch (error) {
        throw gttErrorInWireTerms(error, undefined);
      }
    });
    return reply(body);
  },
});

export const gttOrderBook = define({
  path: '/gttorderbook',
  summary: "The account's GTTs",
  description:
    'Active GTTs (those that can still fire), newest first, as OpenAlgo lists them. Beyond OpenAlgo: `status: "all"` lists triggered, cancelled and expired ones too (active first), and each row carries the `order_ids` a triggered GTT placed.',
  requires: [execution('getGtts')],
  request: GttBookRequest,
  response: GttBookResponse,
  async handle({ input, account, reply }) {
    const gtts = await account.executionAdapter.getGtts();
    const shown = input.status === 'all' ? gtts : gtts.filter((gtt) => gtt.status === 'active');
    // Newest first (later in the broker's list when created together), then (a stable sort) the ones that can still fire ahead of the history.
    const rows = shown
      .map((gtt, index) => ({ gtt, index, at: Date.parse(gtt.createdAt) }))
      .sort((a, b) => b.at - a.at || b.index - a.index)
      .sort((a, b) => Number(b.gtt.status === 'active') - Number(a.gtt.status === 'active'))
      .map(({ gtt }) => gttRow.encode(gtt));
    return reply({ status: 'success', data: rows });
  },
});

export const GTT_ENDPOINTS: readonly Endpoint[] = [
  placeGttOrder,
  modifyGttOrder,
  cancelGttOrder,
  gttOrderBook,
];
