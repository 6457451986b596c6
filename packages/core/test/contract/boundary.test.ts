import { describe, expect, it } from 'vitest';
import type { AdapterImplementation } from '../../src/contract/adapter.js';
import { guardAdapter } from '../../src/contract/boundary.js';
import { type BrokerManifestInput, BrokerManifestSchema } from '../../src/contract/manifest.js';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { InvalidOrderError, isOpenAlgoError, type OpenAlgoError } from '../../src/errors/openalgo-error.js';
import type { Instrument } from '../../src/model/instrument.js';
import type { TaggedOrderRequest } from '../../src/model/order.js';
import { INSTRUMENT_BATCHES, type InstrumentBatches } from '../../src/symbols/instrument-index.js';
import { ManualClock } from '../../src/time/clock.js';

const manifestInput: BrokerManifestInput = {
  id: 'demo',
  name: 'Demo',
  contract: CONTRACT_VERSION,
  exchanges: ['NSE'],
  auth: 'none',
  capabilities: {
    placeOrder: true,
    getOrder: true,
    getOrders: true,
    marketStream: true,
    downloadInstruments: true,
  },
  priceTypes: ['MARKET', 'LIMIT'],
  products: ['MIS'],
};
const manifest = BrokerManifestSchema.parse(manifestInput);

const order = {
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  quantity: 1,
  priceType: 'LIMIT',
  price: 500,
  clientOrderId: 'abc123',
} as const;

function recordingImpl() {
  const received: unknown[] = [];
  const impl: AdapterImplementation = {
    placeOrder: async (request) => {
      received.push(request);
      return { orderId: '1' };
    },
    getOrder: async (orderId) => {
      throw new InvalidOrderError(`no ${orderId}`);
    },
    getOrders: async () => [],
    marketStream: () => {
      throw new InvalidOrderError('stream refused');
    },
    async *downloadInstruments() {
      yield* [];
      throw new InvalidOrderError('master gone');
    },
  };
  return { impl, received };
}

async function caught(promise: Promise<unknown>): Promise<OpenAlgoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpenAlgoError(error)) throw new Error(`expected an OpenAlgoError, got ${String(error)}`);
  return error;
}

describe('guardAdapter', () => {
  it('refuses, at creation, a manifest that declares a method the adapter lacks', () => {
    const { impl } = recordingImpl();
    const { getOrders: _dropped, ...lacking } = impl;
    expect(() => guardAdapter(lacking, { manifest, clock: new ManualClock() })).toThrow(
      /declares getOrders but the adapter does not implement it/,
    );
  });

  it('parses inputs once: defaults filled, the adapter sees a frozen request, a bad one never arrives', async () => {
    const { impl, received } = recordingImpl();
    const adapter = guardAdapter(impl, { manifest, clock: new ManualClock() });
    await adapter.placeOrder(order as unknown as TaggedOrderRequest);
    const seen = received[0] as TaggedOrderRequest;
    expect(seen).toMatchObject({ product: 'MIS', triggerPrice: 0, disclosedQuantity: 0 });
    expect(Object.isFrozen(seen)).toBe(true);

    const bad = await caught(adapter.placeOrder({ ...order, price: 0 } as unknown as TaggedOrderRequest));
    expect(bad.code).toBe('INVALID_REQUEST');
    expect(bad.field).toBe('price');
    expect(bad.broker).toBe('demo');
    expect(received).toHaveLength(1);
  });

  it('answers an undeclared method with NOT_SUPPORTED naming the capability', async () => {
    const adapter = guardAdapter(recordingImpl().impl, { manifest, clock: new ManualClock() });
    const error = await caught(adapter.getDepth({ symbol: 'SBIN', exchange: 'NSE' }));
    expect(error.code).toBe('NOT_SUPPORTED');
    expect(error.details).toEqual({ capability: 'getDepth' });
    expect(() => adapter.orderStream()).toThrow(/does not support orderStream/);
  });

  it('refuses calls on an expired session before the adapter is reached', async () => {
    const clock = new ManualClock();
    const { impl, received } = recordingImpl();
    const session = { broker: 'demo', userId: 'u', accessToken: 't', expiresAt: clock.now() + 1000 };
    const adapter = guardAdapter(impl, { manifest, session, clock });
    await adapter.placeOrder(order as unknown as TaggedOrderRequest);
    clock.advance(1000);
    const error = await caught(adapter.placeOrder(order as unknown as TaggedOrderRequest));
    expect(error.code).toBe('SESSION_EXPIRED');
    expect(received).toHaveLength(1);
  });

  it('stamps the broker on errors from calls, streams and the instrument download', async () => {
    const adapter = guardAdapter(recordingImpl().impl, { manifest, clock: new ManualClock() });
    expect((await caught(adapter.getOrder('9'))).broker).toBe('demo');
    let streamError: unknown;
    try {
      adapter.marketStream();
    } catch (e) {
      streamError = e;
    }
    expect(streamError).toMatchObject({ code: 'INVALID_ORDER', broker: 'demo' });
    const download = (async () => {
      for await (const _row of adapter.downloadInstruments()) void _row;
    })();
    expect((await caught(download)).broker).toBe('demo');
  });

  it('keeps the instrument batch protocol through the boundary, batching adapters that do not', async () => {
    const rows = [{ symbol: 'A' }, { symbol: 'B' }, { symbol: 'C' }] as unknown as Instrument[];
    const plain: AdapterImplementation = {
      async *downloadInstruments() {
        yield* rows;
      },
    };
    const batched: AdapterImplementation = {
      downloadInstruments: () =>
        Object.assign((async function* () {})(), {
          [INSTRUMENT_BATCHES]: async function* () {
            yield rows.slice(0, 2);
            yield rows.slice(2);
          },
        }),
    };
    const m = BrokerManifestSchema.parse({ ...manifestInput, capabilities: { downloadInstruments: true } });
    const batchesOf = async (impl: AdapterImplementation) => {
      const source = guardAdapter(impl, { manifest: m, clock: new ManualClock() }).downloadInstruments();
      const out: unknown[][] = [];
      for await (const batch of (source as unknown as InstrumentBatches)[INSTRUMENT_BATCHES]())
        out.push([...batch]);
      return out;
    };
    expect(await batchesOf(plain)).toEqual([rows]);
    expect(await batchesOf(batched)).toEqual([rows.slice(0, 2), rows.slice(2)]);
  });

  it('refuses an empty order id with the field named', async () => {
    const adapter = guardAdapter(recordingImpl().impl, { manifest, clock: new ManualClock() });
    const error = await caught(adapter.getOrder(''));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.field).toBe('orderId');
  });

  it('is idempotent: guarding a guarded adapter returns it unchanged', () => {
    const context = { manifest, clock: new ManualClock() };
    const once = guardAdapter(recordingImpl().impl, context);
    expect(guardAdapter(once, context)).toBe(once);
  });
});
