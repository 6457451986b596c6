/**
 * sandbox.engine.orders: MARKET orders placed and matched per second through the sandbox plugin's
 * adapter — validation, margin, matching against the synthetic market's depth, position and funds
 * updates and MemoryStore writes all on — against the same number of no-op async calls.
 */
import {
  type BrokerAdapter,
  ManualClock,
  noopLogger,
  parseOnce,
  type TaggedOrderRequest,
  TaggedOrderRequestSchema,
} from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { test } from 'vitest';
import { measureThroughput, recordResult } from '../../core/bench/harness.js';
import {
  MapInstrumentLookup,
  MemoryStore,
  SyntheticMarket,
  sandboxPlugin,
  sandboxServices,
} from '../src/index.js';

const ORDERS_PER_RUN = 20_000;
const SYMBOLS = ['SBIN', 'RELIANCE', 'INFY', 'TCS', 'HDFCBANK'];

async function benchAdapter(): Promise<{ adapter: BrokerAdapter; close: () => Promise<void> }> {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 4, 0, 0)); // Monday 09:30 IST
  const market = new SyntheticMarket({ clock, seed: 42 });
  const config = sandboxPlugin.configSchema.parse({});
  const host = sandboxServices({ priceSource: market, store: new MemoryStore() });
  const runtime = { clock, logger: noopLogger, http: {}, host };
  const session = await sandboxPlugin.auth(config, runtime).completeLogin({});
  const instruments = await MapInstrumentLookup.from(market.instruments());
  const adapter = await sandboxPlugin.create({ ...runtime, config, session, instruments });
  return {
    adapter,
    close: async () => {
      await adapter.close();
      market.close();
    },
  };
}

function requests(): TaggedOrderRequest[] {
  // Alternating BUY/SELL of the same size per symbol keeps every position flat, so margin never runs out.
  // Parsed once up front, as core's order service does before the adapter: the boundary then re-uses
  // that parse, so the subject is the engine's work (matching, margin, store), not zod.
  return Array.from({ length: ORDERS_PER_RUN }, (_, i) =>
    parseOnce(
      TaggedOrderRequestSchema,
      orderRequest({
        symbol: SYMBOLS[Math.floor(i / 2) % SYMBOLS.length] as string,
        exchange: 'NSE',
        action: i % 2 === 0 ? 'BUY' : 'SELL',
        quantity: 10,
        priceType: 'MARKET',
        product: 'MIS',
        clientOrderId: `b${i}`,
      }),
    ),
  );
}

test('sandbox.engine.orders', async () => {
  const { adapter, close } = await benchAdapter();
  const batch = requests();
  let rejected = 0;
  const value = await measureThroughput(
    async () => {
      for (const request of batch) {
        const ack = await adapter.placeOrder(request);
        if ((ack.raw as { status: string }).status !== 'complete') rejected++;
      }
    },
    { opsPerCall: ORDERS_PER_RUN },
  );
  const noop = async (request: TaggedOrderRequest) => request;
  const baseline = await measureThroughput(
    async () => {
      for (const request of batch) await noop(request);
    },
    { opsPerCall: ORDERS_PER_RUN },
  );
  await close();
  if (rejected > 0)
    throw new Error(`${rejected} bench orders did not complete: the bench measured the wrong path`);
  recordResult('sandbox.engine.orders', {
    value,
    unit: 'orders/s',
    baseline,
    ratio: value / baseline,
    target: { value: '>= 20000/s' },
    extra: { ordersPerRun: ORDERS_PER_RUN },
  });
});
