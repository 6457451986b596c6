import { type OpenAlgoError, OrderNotFoundError, OrderStateUnknownError } from '@openalgo/core';
import type { HandlerContext } from './endpoint.js';
import { ApiError } from './errors.js';
import { fingerprint, IDEMPOTENCY_HEADER } from './idempotency.js';
import { withClientOrderId } from './order-results.js';

/**
 * The order routes' use of the idempotency gate (idempotency.ts): which key a request holds, how a
 * single order is placed under it, and how a client's id is resolved back to the broker's order id.
 */

export type KeyedContext = Pick<
  HandlerContext<unknown>,
  'account' | 'idempotencyKey' | 'idempotency' | 'clock'
>;

export interface RequestKey {
  key: string;
  /** Where the key came from, named in a conflict. */
  field: string;
}

/**
 * The hash a retry must match, with the venue: a key used while the account was in analyzer mode
 * names a simulated order, so the same body sent live is another request (409), not a replay.
 */
export function requestFingerprint(ctx: KeyedContext, route: string, request: unknown): string {
  return fingerprint(route, { request, venue: ctx.account.analyzeMode ? 'analyze' : 'live' });
}

/** The request's own key: the body's `client_order_id` or the `Idempotency-Key` header (equal if both). */
export function requestKey(ctx: KeyedContext, bodyKey: string | undefined): RequestKey | undefined {
  const header = ctx.idempotencyKey;
  if (header !== undefined && bodyKey !== undefined && header !== bodyKey) {
    throw new ApiError(
      400,
      'INVALID_REQUEST',
      `client_order_id: differs from the ${IDEMPOTENCY_HEADER} header; send one of them, or the same value in both`,
      { field: 'client_order_id' },
    );
  }
  if (bodyKey !== undefined) return { key: bodyKey, field: 'client_order_id' };
  return header === undefined ? undefined : { key: header, field: IDEMPOTENCY_HEADER };
}

/**
 * One order placed under the request's key. Without a key the order gets a fresh broker tag, as
 * before keys existed; with one, the gate maps the key to a tag for a day and a retry reuses it.
 */
export async function placeOnce<Body extends { status: string }>(
  ctx: KeyedContext,
  route: string,
  input: { clientOrderId?: string | undefined },
  place: (brokerTag: string) => Promise<Body>,
): Promise<Body> {
  const { clientOrderId: bodyKey, ...request } = input;
  const own = requestKey(ctx, bodyKey);
  const trading = ctx.account.trading.context;
  if (!own) {
    const tag = trading.newClientOrderId();
    return withClientOrderId(tag, () => place(tag));
  }
  return runUnderKey(ctx, route, own, request, {
    tagged: true,
    attempt: ([tag]) => withClientOrderId(own.key, () => place(tag as string), tag),
  });
}

/** A write that places no order of its own (modify, cancel…): the header key replays its success. */
export async function writeOnce<Body extends { status: string }>(
  ctx: KeyedContext,
  route: string,
  input: object,
  write: () => Promise<Body>,
): Promise<Body> {
  const own = requestKey(ctx, undefined);
  if (!own) return write();
  return runUnderKey(ctx, route, own, input, { tagged: false, attempt: write });
}

/** Runs `attempt` through the gate under the request's one key; only a success answer is replayed. */
function runUnderKey<Body extends { status: string }>(
  ctx: KeyedContext,
  route: string,
  own: RequestKey,
  request: unknown,
  run: { tagged: boolean; attempt: (tags: readonly (string | undefined)[]) => Promise<Body> },
): Promise<Body> {
  return ctx.idempotency.run({
    accountId: ctx.account.accountId,
    claims: [
      {
        key: own.key,
        route,
        fingerprint: requestFingerprint(ctx, route, request),
        field: own.field,
        tagged: run.tagged,
      },
    ],
    replay: true,
    newTag: ctx.account.trading.context.newClientOrderId,
    attempt: run.attempt,
    isSuccess: (body: Body) => body.status === 'success',
  });
}

function notFound(why: string): OpenAlgoError {
  return new OrderNotFoundError(`client_order_id: ${why}`, { field: 'client_order_id' });
}

/**
 * The broker order id for `orderid`, or for a `client_order_id`: a client key (or an id derived from
 * one, `<key>/<leg>`), or a broker tag an earlier answer carried. The order journal knows acknowledged
 * orders; a pending or unknown one is looked up in the order book (which also settles the journal).
 */
export async function resolveOrderId(
  ctx: KeyedContext,
  reference: { orderId?: string | undefined; clientOrderId?: string | undefined },
): Promise<string> {
  if (reference.orderId !== undefined) return reference.orderId;
  const id = reference.clientOrderId as string;
  const { account, idempotency, clock } = ctx;
  const found = idempotency.store.lookup(account.accountId, id, clock.now());
  if (!found) throw notFound('no order was placed with this id in the last 24 hours');
  if (found.brokerTag === undefined) {
    throw notFound(
      'this id keys a whole request (a basket or split, or a write that places no order); ' +
        'its orders are <id>/1, <id>/2…',
    );
  }
  const answered = (found.record?.answer as { orderid?: unknown } | undefined)?.orderid;
  if (typeof answered === 'string') return answered;
  if (found.journalState === 'acknowledged' && found.brokerOrderId) return found.brokerOrderId;
  if (found.journalState === 'failed') {
    throw notFound(
      'the order was not placed (its last attempt failed); retry it with the same id to try again',
    );
  }
  if (found.journalState === undefined && !idempotency.isInFlight(account.accountId, id)) {
    throw notFound('no order was placed with this id (the request that used it never reached the broker)');
  }
  const orders = await account.executionAdapter.getOrders();
  const order = orders.find((o) => o.clientOrderId === found.brokerTag);
  if (order) return order.orderId;
  throw new OrderStateUnknownError(
    `The order with client_order_id ${id} may have reached the broker, but the order book does not ` +
      'show it yet; ask again shortly, and do not place it under a new id meanwhile.',
    { clientOrderId: id, mayHaveReachedBroker: true },
  );
}
