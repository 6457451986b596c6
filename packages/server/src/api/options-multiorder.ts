import {
  type BasketLegResult,
  fetchUnderlyingQuote,
  type InstrumentIndex,
  isOpenAlgoError,
  type OrderRequestInput,
  optionUnderlyingRef,
  type PreparedOptionRequest,
  prepareOptionRequest,
  type ResolvedOptionSymbol,
  resolveOptionSymbolAt,
  splitQuantities,
} from '@openalgo/core';
import type { z } from 'zod';
import type { RequestOf } from './endpoint.js';
import { fingerprint, type KeyClaim } from './idempotency.js';
import { type KeyedContext, requestFingerprint, requestKey } from './idempotent-orders.js';
import { optionMarketOf } from './option-market.js';
import { inRequestTerms, optionOrder, optionRequestOf } from './option-order-parts.js';
import { itemResult } from './order-results.js';
import type { OptionsMultiOrderRequest, OptionsMultiOrderResponse } from './schemas/option-orders.js';

/**
 * `/optionsmultiorder`: every leg checked, then one underlying quote, every leg resolved against it,
 * and all legs (split legs as their child orders) placed as one basket through core's placeBasket —
 * BUY legs before SELL legs, paced inside the broker's rate windows. A leg that cannot be resolved
 * rejects the whole request before any order is sent: half a spread is a position nobody asked for.
 *
 * Keys (beyond OpenAlgo): the request's key K (header or `client_order_id`) keys the request; leg n
 * is `K/<n>`, a split leg's child m `K/<n>/<m>`, each with its own broker tag. A retry of a request
 * that did not fully succeed runs again under the same tags, where the order journal answers the
 * orders already placed with their ids and never sends them again.
 */

type MultiOrderInput = RequestOf<typeof OptionsMultiOrderRequest>;
type Leg = MultiOrderInput['legs'][number];
type Answer = z.input<typeof OptionsMultiOrderResponse>;
type LegAnswer = Answer['results'][number];

const LEG = '#leg';

interface LegPlan {
  leg: Leg;
  prepared: PreparedOptionRequest;
  /** The quantity of each order the leg places: one, or its split children. */
  sizes: number[];
}

/** Fields a leg sets for itself: their errors name the leg (`legs.2.offset`). */
function legField(leg: Leg, field: string | undefined): boolean {
  return (
    field === 'offset' ||
    field === 'option_type' ||
    (field === 'expiry_date' && leg.expiry_date !== undefined)
  );
}

/** Runs `step` for leg `index`, naming the leg's own field in any error it throws. */
function forLeg<T>(leg: Leg, index: number, step: () => T): T {
  try {
    return step();
  } catch (thrown) {
    const error = inRequestTerms(thrown);
    if (isOpenAlgoError(error) && legField(leg, error.field)) {
      throw error.with({ field: `legs.${index}.${error.field}` });
    }
    throw error;
  }
}

function plan(input: MultiOrderInput): LegPlan[] {
  return input.legs.map((leg, index) => ({
    leg,
    prepared: forLeg(leg, index, () => prepareOptionRequest(optionRequestOf(input, leg, input.strike_int))),
    sizes: leg.splitSize > 0 ? splitQuantities(leg.quantity, leg.splitSize) : [leg.quantity],
  }));
}

function overall(statuses: readonly string[]): 'success' | 'partial' | 'error' {
  if (statuses.every((s) => s === 'success')) return 'success';
  return statuses.every((s) => s === 'error') ? 'error' : 'partial';
}

/** One leg's answer from its orders' outcomes (OpenAlgo's shape; a split leg lists its children). */
function legAnswer(
  index: number,
  plan: LegPlan,
  option: ResolvedOptionSymbol,
  outcomes: readonly BasketLegResult[],
  mode: 'live' | 'analyze',
  clientIdByTag: ReadonlyMap<string, string>,
): LegAnswer {
  const base = {
    leg: index + 1,
    symbol: option.symbol,
    exchange: option.exchange,
    offset: option.offset,
    option_type: option.optionType,
    action: plan.leg.action,
    mode,
  };
  if (plan.leg.splitSize === 0) return itemResult(base, outcomes[0] as BasketLegResult, clientIdByTag);
  const children = outcomes.map((r, child) =>
    itemResult({ order_num: child + 1, quantity: plan.sizes[child] as number }, r, clientIdByTag),
  );
  return {
    ...base,
    status: overall(children.map((c) => c.status)),
    total_quantity: plan.leg.quantity,
    split_size: plan.leg.splitSize,
    split_results: children,
  };
}

/** Resolves every leg against one LTP (throwing, naming the leg, if any cannot be), then places them. */
async function resolveAndPlace(
  ctx: KeyedContext & { input: MultiOrderInput },
  plans: readonly LegPlan[],
  tagOf: (leg: number, child: number) => string | undefined,
  clientIdByTag: ReadonlyMap<string, string>,
): Promise<Answer> {
  const { input, account, clock } = ctx;
  const market = optionMarketOf(account, clock);
  const first = plans[0] as LegPlan;
  // Every leg shares the underlying and its exchange, so one quote places every leg's ATM.
  const quote = await fetchUnderlyingQuote(market, optionUnderlyingRef(market, first.prepared));
  const index: InstrumentIndex = market.index;
  const options = plans.map((p, i) =>
    forLeg(p.leg, i, () => resolveOptionSymbolAt(index, p.prepared, quote.ltp)),
  );
  const orders: OrderRequestInput[] = [];
  plans.forEach((p, i) => {
    p.sizes.forEach((quantity, child) => {
      const tag = tagOf(i, child);
      const order = optionOrder(options[i] as ResolvedOptionSymbol, { ...p.leg, quantity }, input.strategy);
      orders.push(tag === undefined ? order : { ...order, clientOrderId: tag });
    });
  });
  const outcome = await account.trading.placeBasket(orders);
  const mode = account.analyzeMode ? 'analyze' : 'live';
  let next = 0;
  const results = plans.map((p, i) => {
    const outcomes = outcome.results.slice(next, next + p.sizes.length);
    next += p.sizes.length;
    return legAnswer(i, p, options[i] as ResolvedOptionSymbol, outcomes, mode, clientIdByTag);
  });
  return {
    status: overall(results.map((r) => r.status)),
    underlying: input.underlying,
    underlying_ltp: quote.ltp,
    results,
  };
}

export async function placeOptionLegs(
  ctx: KeyedContext & { input: MultiOrderInput },
  route: string,
): Promise<Answer> {
  const { clientOrderId: bodyKey, ...request } = ctx.input;
  const plans = plan(ctx.input);
  const own = requestKey(ctx, bodyKey);
  if (!own) return resolveAndPlace(ctx, plans, () => undefined, new Map());

  const parent = requestFingerprint(ctx, route, request);
  const claims: KeyClaim[] = [{ key: own.key, route, fingerprint: parent, field: own.field, tagged: false }];
  const claimOf = new Map<string, number>();
  plans.forEach((p, i) => {
    p.sizes.forEach((_, child) => {
      const leg = i + 1;
      const key = p.leg.splitSize > 0 ? `${own.key}/${leg}/${child + 1}` : `${own.key}/${leg}`;
      claimOf.set(`${i}/${child}`, claims.length);
      claims.push({
        key,
        route: `${route}${LEG}`,
        fingerprint: fingerprint(`${route}${LEG}`, [parent, leg, child + 1]),
        field: own.field,
        tagged: true,
      });
    });
  });
  return ctx.idempotency.run({
    accountId: ctx.account.accountId,
    claims,
    replay: true,
    newTag: ctx.account.trading.context.newClientOrderId,
    attempt: (tags) => {
      const clientIdByTag = new Map<string, string>();
      claims.forEach((claim, i) => {
        const tag = tags[i];
        if (claim.tagged && tag !== undefined) clientIdByTag.set(tag, claim.key);
      });
      const tagOf = (leg: number, child: number) => {
        const at = claimOf.get(`${leg}/${child}`);
        return at === undefined ? undefined : tags[at];
      };
      return resolveAndPlace(ctx, plans, tagOf, clientIdByTag);
    },
    isSuccess: (body) => body.status === 'success',
  });
}
