import {
  MAX_SPLIT_CHILDREN,
  type OrderRequestInput,
  placeSplit,
  type SplitOrderRequestInput,
  type SplitResult,
} from '@openalgo/core';
import { ApiError } from './errors.js';
import { fingerprint, IDEMPOTENCY_HEADER, type KeyClaim } from './idempotency.js';
import { type KeyedContext, requestFingerprint, requestKey } from './idempotent-orders.js';

/**
 * Baskets and splits under client keys. Every leg (child) that places an order holds a key of its
 * own, mapped to its own broker tag, so a retry of a basket or split that was cut short re-sends no
 * order the journal already has: placed legs answer with their order ids, failed ones are tried
 * again, unknown ones are looked up.
 *
 * - basket: each leg's `client_order_id` is its key; with an `Idempotency-Key` header K, a leg
 *   without one gets `K/<n>` (n = its position, from 1), and K itself keys the whole request.
 * - split: the request's key K (header or `client_order_id`) keys the request; child n is `K/<n>`.
 */

type Leg = OrderRequestInput & { clientOrderId?: string | undefined };
type Tagging = { tags: readonly (string | undefined)[]; clientIdByTag: ReadonlyMap<string, string> };

const LEG = '#leg';
const CHILD = '#child';

function tagging(claims: readonly KeyClaim[], tags: readonly (string | undefined)[]): Tagging {
  const clientIdByTag = new Map<string, string>();
  claims.forEach((claim, i) => {
    const tag = tags[i];
    if (claim.tagged && tag !== undefined) clientIdByTag.set(tag, claim.key);
  });
  return { tags, clientIdByTag };
}

/** The basket's legs with their broker tags, placed under the request's keys (if it has any). */
export async function basketOnce<Body extends { status: string }>(
  ctx: KeyedContext,
  route: string,
  input: { strategy: string; orders: readonly Leg[] },
  place: (legs: Leg[], clientIdByTag: ReadonlyMap<string, string>) => Promise<Body>,
): Promise<Body> {
  const header = ctx.idempotencyKey;
  const legKeys = input.orders.map(
    (leg, i) => leg.clientOrderId ?? (header === undefined ? undefined : `${header}/${i + 1}`),
  );
  const seen = new Map<string, number>();
  legKeys.forEach((key, i) => {
    if (key === undefined) return;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const field = `orders.${i}.client_order_id`;
      throw new ApiError(400, 'INVALID_REQUEST', `${field}: duplicates orders.${earlier}.client_order_id`, {
        field,
      });
    }
    seen.set(key, i);
  });
  const bare = input.orders.map(({ clientOrderId: _key, ...leg }) => ({ ...leg, strategy: input.strategy }));
  if (seen.size === 0) return place(bare, new Map());

  const claims: KeyClaim[] = [];
  if (header !== undefined) {
    claims.push({
      key: header,
      route,
      fingerprint: requestFingerprint(ctx, route, input),
      field: IDEMPOTENCY_HEADER,
      tagged: false,
    });
  }
  const claimOfLeg = new Map<number, number>();
  legKeys.forEach((key, i) => {
    if (key === undefined) return;
    claimOfLeg.set(i, claims.length);
    claims.push({
      key,
      route: `${route}${LEG}`,
      fingerprint: requestFingerprint(ctx, `${route}${LEG}`, bare[i]),
      field:
        input.orders[i]?.clientOrderId === undefined ? IDEMPOTENCY_HEADER : `orders.${i}.client_order_id`,
      tagged: true,
    });
  });
  return ctx.idempotency.run({
    accountId: ctx.account.accountId,
    claims,
    // Keyed only per leg, two baskets may share a leg: only a request key owns a whole answer.
    replay: header !== undefined,
    newTag: ctx.account.trading.context.newClientOrderId,
    attempt: (tags) => {
      const { clientIdByTag } = tagging(claims, tags);
      const legs = bare.map((leg, i) => {
        const at = claimOfLeg.get(i);
        const tag = at === undefined ? undefined : tags[at];
        return tag === undefined ? leg : { ...leg, clientOrderId: tag };
      });
      return place(legs, clientIdByTag);
    },
    isSuccess: (body) => body.status === 'success',
  });
}

/** What a split request must say before it is placed: how many children it has. */
type SplitSizing = { quantity: number; splitSize: number };

/**
 * A split under the request's key: child n is sent with the broker tag of `K/<n>`. `toSplit` turns
 * the request into the split to place; it runs inside the attempt, so a replay never runs it (an
 * options order resolves its symbol there: the key names the request as sent, not the strike the
 * market gave it).
 */
export async function splitOnce<
  Body extends { status: string },
  Request extends SplitSizing = SplitOrderRequestInput,
>(
  ctx: KeyedContext,
  route: string,
  input: Request & { clientOrderId?: string | undefined },
  answer: (outcome: SplitResult, clientIdByTag: ReadonlyMap<string, string>) => Body,
  toSplit: (request: Omit<Request, 'clientOrderId'>) => Promise<SplitOrderRequestInput> = async (request) =>
    request as unknown as SplitOrderRequestInput,
): Promise<Body> {
  const { clientOrderId: bodyKey, ...request } = input;
  const own = requestKey(ctx, bodyKey);
  const { trading } = ctx.account;
  const children = Math.ceil(request.quantity / request.splitSize);
  // Too many children: core refuses the split before anything is sent, so there is nothing to key.
  if (!own || !(children <= MAX_SPLIT_CHILDREN)) {
    return answer(await trading.placeSplit(await toSplit(request)), new Map());
  }
  const parent = requestFingerprint(ctx, route, request);
  const claims: KeyClaim[] = [{ key: own.key, route, fingerprint: parent, field: own.field, tagged: false }];
  for (let n = 1; n <= children; n++) {
    claims.push({
      key: `${own.key}/${n}`,
      route: `${route}${CHILD}`,
      fingerprint: fingerprint(`${route}${CHILD}`, [parent, n]),
      field: own.field,
      tagged: true,
    });
  }
  return ctx.idempotency.run({
    accountId: ctx.account.accountId,
    claims,
    replay: true,
    newTag: trading.context.newClientOrderId,
    attempt: async (tags) => {
      const { clientIdByTag } = tagging(claims, tags);
      // Core's split tags child n with the n-th id its context hands out; this context hands out
      // the children's claimed tags, in order (a fresh id if core ever asked for more).
      const childTags = tags.slice(1);
      let next = 0;
      const context = {
        ...trading.context,
        newClientOrderId: () => childTags[next++] ?? trading.context.newClientOrderId(),
      };
      return answer(await placeSplit(context, await toSplit(request)), clientIdByTag);
    },
    isSuccess: (body) => body.status === 'success',
  });
}
