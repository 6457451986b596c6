import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { supports } from '../../src/contract/capabilities.js';
import { isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import { noopLogger } from '../../src/http/logger.js';
import { InstrumentSchema } from '../../src/model/instrument.js';
import { TaggedOrderRequestSchema } from '../../src/model/order.js';
import { parseOnce } from '../../src/model/validation.js';
import { InstrumentIndex } from '../../src/symbols/instrument-index.js';
import {
  createFakeBroker,
  fakeManifest,
  instrumentRow,
  modifyRequest,
  orderRequest,
  RecordingLogger,
} from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { capture } from '../trading/helpers.js';

describe('orderRequest', () => {
  it('fills every default through the schema from the fields a test names', () => {
    expect(orderRequest()).toEqual({
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
      priceType: 'MARKET',
      product: 'MIS',
      price: 0,
      triggerPrice: 0,
      disclosedQuantity: 0,
    });
    const tagged = orderRequest({ priceType: 'LIMIT', price: 790, clientOrderId: 'abc1' });
    expect(() => parseOnce(TaggedOrderRequestSchema, tagged)).not.toThrow();
  });

  it('refuses an invalid combination, naming the field', () => {
    expect(() => orderRequest({ priceType: 'LIMIT' })).toThrow(/price: must be greater than 0/);
  });

  it('builds modify requests the same way', () => {
    expect(modifyRequest({ orderId: 'O1', quantity: 3 })).toMatchObject({
      orderId: 'O1',
      quantity: 3,
      price: 0,
    });
  });
});

describe('fakeManifest', () => {
  it('declares every method unless told otherwise, merging capability overrides', () => {
    const manifest = fakeManifest({ id: 'mine', capabilities: { getDepth: false } });
    expect(manifest.id).toBe('mine');
    expect(supports(manifest, 'getDepth')).toBe(false);
    expect(supports(manifest, 'marketStream')).toBe(true);
  });

  it('fails like a plugin manifest would', () => {
    expect(() => fakeManifest({ id: 'X' })).toThrow(/id: must be 2-32 lower-case/);
  });
});

describe('instrumentRow', () => {
  it('is a valid master row with OpenAlgo names as broker names', () => {
    const row = InstrumentSchema.parse(instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }));
    expect(row).toMatchObject({ brsymbol: 'NIFTY', token: 'NIFTY', instrumentType: 'INDEX', lotSize: 1 });
  });
});

describe('RecordingLogger', () => {
  it('keeps records of children in one list, with bindings merged into fields', () => {
    const logger = new RecordingLogger();
    logger.child({ account: 'a1' }).child({ op: 'place' }).warn({ clientOrderId: 'x' }, 'slow');
    logger.info({}, 'hello');
    expect(logger.records[0]).toEqual({
      level: 'warn',
      msg: 'slow',
      obj: { clientOrderId: 'x' },
      bindings: { account: 'a1', op: 'place' },
      fields: { account: 'a1', op: 'place', clientOrderId: 'x' },
    });
    expect(logger.messages()).toEqual(['slow', 'hello']);
    expect(logger.messages('info')).toEqual(['hello']);
    expect(logger.dump()).toContain('clientOrderId');
  });
});

describe('createFakeBroker', () => {
  it('logs in by redirect, and creates fake adapters behind the contract boundary', async () => {
    const { plugin, state } = createFakeBroker({ manifest: { capabilities: { getMargin: false } } });
    const clock = new ManualClock();
    const runtime = { clock, logger: noopLogger, http: {} };
    const auth = plugin.auth({ apiKey: 'k', apiSecret: 's' }, runtime);
    expect(auth.loginUrl?.('st8')).toBe('https://fake-broker.invalid/login?api_key=k&state=st8');
    const refused = await capture(auth.completeLogin({ request_token: 'bad' }));
    expect(!refused.ok && isOpenAlgoError(refused.error, 'AUTH_FAILED')).toBe(true);
    const session = await auth.completeLogin({ request_token: 'good' });
    expect(state.logins).toHaveLength(2);
    const adapter = await plugin.create({
      ...runtime,
      config: { apiKey: 'k', apiSecret: 's' },
      session,
      instruments: InstrumentIndex.fromRows([]),
    });
    expect(state.created).toBe(1);
    await adapter.placeOrder(orderRequest({ clientOrderId: 'p1' }));
    expect(state.adapters[0]?.callsTo('placeOrder')).toHaveLength(1);
    const margin = await capture(adapter.getMargin([]));
    expect(!margin.ok && isOpenAlgoError(margin.error, 'NOT_SUPPORTED')).toBe(true);
    const rows = [];
    for await (const row of adapter.downloadInstruments()) rows.push(row.symbol);
    expect(rows).toEqual(['SBIN']);
  });
});

describe('@openalgo/core/testing stays out of production', () => {
  it('nothing outside src/testing imports it', () => {
    const src = fileURLToPath(new URL('../../src', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
          if (path !== join(src, 'testing')) walk(path);
        } else if (/from '(\.\.?\/)+testing\//.test(readFileSync(path, 'utf8'))) {
          offenders.push(path);
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
