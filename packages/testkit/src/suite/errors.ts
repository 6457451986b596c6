import {
  ADAPTER_METHODS,
  CAPABILITY_NAMES,
  type CapabilityName,
  GttRequestSchema,
  type InstrumentRef,
  type OrderAck,
  parseOrThrow,
  supports,
  TradingService,
} from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ContractCheckError, describeThrown, ensure, expectFailure } from './assertions.js';
import { type CheckContext, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckRegistrar } from './runner.js';

/** A syntactically valid equity symbol no master carries. */
const UNKNOWN_SYMBOL = 'ZZNOSUCHSYMBOL';

type Call = (t: CheckContext, ref: InstrumentRef) => Promise<unknown>;

/** The adapter's read methods, as core's one method list names them. */
type ReadMethod = {
  [K in CapabilityName]: (typeof ADAPTER_METHODS)[K] extends 'read' ? K : never;
}[CapabilityName];

/**
 * How the error checks call each read method. Keyed by core's list, so a read method added to the
 * contract fails to compile here until the suite decides how to call it (or says why it does not).
 */
const READ_CALLS: { readonly [K in ReadMethod]: Call | undefined } = {
  getOrders: (t) => t.adapter.getOrders(),
  // Any id: the checks using this make the broker fail before it looks the order up.
  getOrder: (t) => t.adapter.getOrder('1'),
  getTrades: (t) => t.adapter.getTrades(),
  getPositions: (t) => t.adapter.getPositions(),
  getHoldings: (t) => t.adapter.getHoldings(),
  getFunds: (t) => t.adapter.getFunds(),
  getQuotes: (t, ref) => t.adapter.getQuotes([ref]),
  getDepth: (t, ref) => t.adapter.getDepth(ref),
  getHistory: (t, ref) =>
    t.adapter.getHistory({ ...ref, interval: 'D', start: '2026-01-01', end: '2026-01-02' }),
  // A streamed master, not one answer: the instrument checks cover it (and a simulator may serve
  // the master from elsewhere than its API, out of reach of a fault scoped to the operation).
  downloadInstruments: undefined,
  getMargin: (t, ref) =>
    t.adapter.getMargin([
      {
        ...ref,
        action: 'BUY',
        quantity: t.quantity(ref),
        product: t.defaultProduct(),
        priceType: 'MARKET',
        price: 0,
        triggerPrice: 0,
      },
    ]),
  getGtts: (t) => t.adapter.getGtts(),
};

const isRead = (name: CapabilityName): name is ReadMethod => ADAPTER_METHODS[name] === 'read';

/** Every read call, in core's order, each with the capability that gates it (and faults target). */
const READS: ReadonlyArray<[ReadMethod, Call]> = CAPABILITY_NAMES.filter(isRead).flatMap((name) => {
  const call = READ_CALLS[name];
  return call ? [[name, call] as [ReadMethod, Call]] : [];
});

/** Calls that take a symbol, so an unknown one must be refused before anything is sent. */
const SYMBOL_CALLS: ReadonlyArray<[CapabilityName, Call]> = [
  ['placeOrder', (t, ref) => t.adapter.placeOrder(t.orderRequest({ ...ref, action: 'BUY', quantity: 1 }))],
  [
    'placeGtt',
    (t, ref) =>
      t.adapter.placeGtt(
        parseOrThrow(
          GttRequestSchema,
          {
            ...ref,
            type: 'single',
            triggerPrices: [90],
            lastPrice: 100,
            legs: [{ action: 'BUY', quantity: 1, price: 90, product: 'CNC' }],
          },
          'GTT',
        ),
      ),
  ],
  ...READS.filter(([name]) => name === 'getQuotes' || name === 'getDepth' || name === 'getHistory'),
];

async function expectNothingPlaced(t: CheckContext, tag: string, what: string): Promise<void> {
  const placed = (await t.backdoor.orders()).filter((o) => o.tag === tag);
  ensure(placed.length === 0, () => `${what}: the broker holds ${placed.length} order(s) tagged ${tag}`);
}

export function registerErrorChecks(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest, fixtures } = harness;
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);
  const unknown: InstrumentRef = { symbol: UNKNOWN_SYMBOL, exchange: fixtures.equity.exchange };
  const firstRead = READS.find(([name]) => supports(manifest, name));

  for (const [name, call] of SYMBOL_CALLS) {
    r.checkUnless(
      needs(manifest, name),
      `unknown symbol: ${name} fails with SYMBOL_NOT_FOUND before any request leaves`,
      run(async (t) => {
        const before = t.backdoor.requests().length;
        await expectFailure(t.settle(call(t, unknown)), 'SYMBOL_NOT_FOUND', `${name} on ${UNKNOWN_SYMBOL}`);
        const sent = t.backdoor.requests().slice(before);
        ensure(
          sent.length === 0,
          () =>
            `${name} on ${UNKNOWN_SYMBOL} sent ${sent.map((q) => `${q.method} ${q.path}`).join(', ')} first`,
        );
      }),
    );
  }

  r.checkUnless(
    firstRead ? undefined : 'the manifest declares no read call',
    `expired session: ${firstRead?.[0] ?? 'a read'} fails with SESSION_EXPIRED`,
    run(async (t) => {
      const [name, call] = firstRead as [ReadMethod, Call];
      await t.backdoor.expireSession();
      await expectFailure(
        t.settle(call(t, fixtures.equity)),
        'SESSION_EXPIRED',
        `${name} after the session expired`,
      );
    }),
  );

  r.checkUnless(
    needs(manifest, 'placeOrder'),
    'expired session: placeOrder fails with SESSION_EXPIRED and places nothing',
    run(async (t) => {
      await t.backdoor.expireSession();
      const request = t.orderRequest({
        ...fixtures.equity,
        action: 'BUY',
        quantity: t.quantity(fixtures.equity),
      });
      await expectFailure(
        t.settle(t.adapter.placeOrder(request)),
        'SESSION_EXPIRED',
        'placeOrder after expiry',
      );
      await expectNothingPlaced(t, request.clientOrderId, 'placeOrder after expiry');
    }),
  );

  r.checkUnless(
    needs(manifest, 'placeOrder'),
    'rate limit: a 429 on placeOrder is RATE_LIMITED with retryAfterMs and places nothing',
    run(async (t) => {
      await t.referencePrice(fixtures.equity);
      t.backdoor.injectFault({ kind: 'rateLimit', op: 'placeOrder', retryAfterMs: 2000 });
      const request = t.orderRequest({
        ...fixtures.equity,
        action: 'BUY',
        quantity: t.quantity(fixtures.equity),
      });
      const error = await expectFailure(
        t.settle(t.adapter.placeOrder(request)),
        'RATE_LIMITED',
        'placeOrder',
      );
      ensure((error.retryAfterMs ?? 0) > 0, () => `RATE_LIMITED carries retryAfterMs ${error.retryAfterMs}`);
      t.backdoor.clearFaults();
      await expectNothingPlaced(t, request.clientOrderId, 'rate-limited placeOrder');
    }),
  );

  r.checkUnless(
    firstRead ? undefined : 'the manifest declares no read call',
    `rate limit: a 429 on ${firstRead?.[0] ?? 'a read'} is RATE_LIMITED with retryAfterMs`,
    run(async (t) => {
      const [name, call] = firstRead as [ReadMethod, Call];
      t.backdoor.injectFault({ kind: 'rateLimit', op: name, retryAfterMs: 2000 });
      const error = await expectFailure(t.settle(call(t, fixtures.equity)), 'RATE_LIMITED', name);
      ensure((error.retryAfterMs ?? 0) > 0, () => `RATE_LIMITED carries retryAfterMs ${error.retryAfterMs}`);
    }),
  );

  r.checkUnless(
    firstReason(needs(manifest, 'placeOrder', 'getOrders')),
    'lost response: core reconciles the placement and the broker holds the order exactly once',
    run(async (t) => {
      const ref = fixtures.equity;
      await t.referencePrice(ref);
      const service = new TradingService({
        adapter: t.adapter,
        clock: t.instance.clock,
        reconcile: { attempts: 5, intervalMs: 1000 },
      });
      const tag = t.newTag();
      t.backdoor.injectFault({ kind: 'loseResponse', op: 'placeOrder' });
      let ack: OrderAck;
      try {
        ack = await t.settle(
          service.placeOrder({ ...ref, action: 'BUY', quantity: t.quantity(ref), clientOrderId: tag }),
        );
      } catch (error) {
        throw new ContractCheckError(
          `placing through core's order service after a lost response failed with ${describeThrown(error)}: ` +
            'the order must be found in getOrders by its client order id',
        );
      }
      t.backdoor.clearFaults();
      const held = (await t.backdoor.orders()).filter((o) => o.tag === tag);
      ensure(
        held.length === 1,
        () => `the broker holds ${held.length} orders tagged ${tag}, expected exactly 1`,
      );
      ensure(
        held[0]?.orderId === ack.orderId,
        () => `the service acknowledged ${ack.orderId}, the broker holds ${held[0]?.orderId}`,
      );
    }),
  );

  for (const [name, call] of READS) {
    r.checkUnless(
      needs(manifest, name),
      `malformed response: ${name} fails with BROKER_ERROR, not a crash`,
      run(async (t) => {
        t.backdoor.injectFault({ kind: 'malformed', op: name });
        await expectFailure(
          t.settle(call(t, fixtures.equity)),
          'BROKER_ERROR',
          `${name} on a malformed body`,
        );
      }),
    );
  }
}
