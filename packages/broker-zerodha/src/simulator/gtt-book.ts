import { isOpenAlgoError } from '@openalgo/core';
import type { SandboxEngine } from '@openalgo/sandbox';
import { inputError } from './envelope.js';
import type { KiteGttParams } from './gtt-form.js';
import { kiteDateTime } from './kite-time.js';
import type { KiteMaster } from './master.js';
import type { KiteOrderBook } from './order-book.js';

type EngineGtts = SandboxEngine['gtts'];
type EngineGtt = ReturnType<EngineGtts['list']>[number];
type EngineGttInput = Parameters<EngineGtts['place']>[0];

/** Wording chosen: Kite's text for an unknown trigger id is not on record. */
export const UNKNOWN_TRIGGER = 'Invalid trigger ID.';

/** The engine's statuses as Kite shows them: a GTT deleted through the API reads `deleted`. */
const KITE_STATUS: Readonly<Record<EngineGtt['status'], string>> = {
  active: 'active',
  triggered: 'triggered',
  expired: 'expired',
  cancelled: 'deleted',
};

/**
 * Kite's GTT book of one account over the sandbox engine's, which keeps the triggers, watches the
 * prices and, when one is crossed, places the leg's order through the engine's order path (the Kite
 * order book adopts it with a Kite order id, like any order the OMS starts). This class only gives
 * the GTTs Kite's numeric ids, its JSON and its statuses. Deleted GTTs leave the list, as at Kite;
 * `GET /gtt/triggers/{id}` still shows them.
 */
export class KiteGttBook {
  private readonly engineIds = new Map<number, string>();
  private readonly kiteIds = new Map<string, number>();
  private sequence = 300_000;

  constructor(
    private readonly engine: SandboxEngine,
    private readonly master: KiteMaster,
    private readonly orders: KiteOrderBook,
    private readonly userId: string,
  ) {}

  async place(params: KiteGttParams): Promise<number> {
    const record = await refusals(() => this.engine.gtts.place(engineInput(params)));
    this.sequence += 1;
    const id = this.sequence;
    this.engineIds.set(id, record.gttId);
    this.kiteIds.set(record.gttId, id);
    return id;
  }

  /** Replaces an active GTT's condition and orders (its type and instrument stay, as the engine keeps them). */
  async modify(id: string, params: KiteGttParams): Promise<number> {
    const [kiteId, engineId] = this.known(id);
    this.assertActive(kiteId, engineId, 'modified');
    await refusals(() => this.engine.gtts.modify(engineId, engineInput(params)), engineId, kiteId);
    return kiteId;
  }

  delete(id: string): number {
    const [kiteId, engineId] = this.known(id);
    this.assertActive(kiteId, engineId, 'deleted');
    this.engine.gtts.cancel(engineId);
    return kiteId;
  }

  /** Every GTT Kite still lists, newest first. */
  list(): Record<string, unknown>[] {
    return this.engine.gtts
      .list()
      .filter((record) => this.kiteIds.has(record.gttId) && record.status !== 'cancelled')
      .reverse()
      .map((record) => this.json(record));
  }

  get(id: string): Record<string, unknown> {
    const [, engineId] = this.known(id);
    return this.json(this.engine.gtts.get(engineId));
  }

  private known(id: string): [number, string] {
    const kiteId = /^\d{1,15}$/.test(id) ? Number(id) : Number.NaN;
    const engineId = this.engineIds.get(kiteId);
    if (engineId === undefined) throw inputError(UNKNOWN_TRIGGER);
    return [kiteId, engineId];
  }

  private assertActive(kiteId: number, engineId: string, verb: string): void {
    const status = this.engine.gtts.get(engineId).status;
    if (status !== 'active') {
      throw inputError(`The GTT ${kiteId} is ${KITE_STATUS[status]}; only an active GTT can be ${verb}.`);
    }
  }

  /** Kite's GTT row (`gtt_get_orders.json`); the leg that fired carries the order it placed. */
  private json(record: EngineGtt): Record<string, unknown> {
    const kiteId = this.kiteIds.get(record.gttId) as number;
    const instrument = this.master.forSandbox(record.exchange, record.symbol);
    const exchange = instrument?.exchange ?? record.exchange;
    const tradingsymbol = instrument?.tradingsymbol ?? record.symbol;
    return {
      id: kiteId,
      user_id: this.userId,
      parent_trigger: null,
      type: record.type === 'oco' ? 'two-leg' : 'single',
      created_at: kiteDateTime(record.createdAt),
      updated_at: kiteDateTime(record.updatedAt),
      expires_at: kiteDateTime(record.expiresAt),
      status: KITE_STATUS[record.status],
      condition: {
        exchange,
        last_price: record.lastPrice,
        tradingsymbol,
        trigger_values: record.legs.map((leg) => leg.triggerPrice),
        ...(instrument ? { instrument_token: instrument.instrumentToken } : {}),
      },
      orders: record.legs.map((leg, index) => {
        const order = {
          exchange,
          tradingsymbol,
          product: leg.product,
          order_type: leg.priceType,
          transaction_type: leg.action,
          quantity: leg.quantity,
          price: leg.price,
        };
        const fired = record.status === 'triggered' && record.triggeredLeg === index;
        return { ...order, result: fired ? this.result(record, kiteId, order) : null };
      }),
      meta: {},
    };
  }

  private result(record: EngineGtt, kiteId: number, order: Record<string, unknown>): Record<string, unknown> {
    const orderId = record.orderId === undefined ? undefined : this.orders.kiteIdOf(record.orderId);
    const leg = record.legs[record.triggeredLeg ?? 0];
    return {
      account_id: this.userId,
      ...order,
      validity: 'DAY',
      meta: JSON.stringify({ gtt: kiteId }),
      timestamp: kiteDateTime(record.updatedAt),
      // The engine keeps the trigger, not the exact tick that crossed it.
      triggered_at: leg?.triggerPrice ?? 0,
      order_result:
        orderId === undefined
          ? { status: 'failed', order_id: '', rejection_reason: 'The order could not be placed.' }
          : { status: 'success', order_id: orderId, rejection_reason: '' },
    };
  }
}

function engineInput(params: KiteGttParams): EngineGttInput {
  const sandbox = params.instrument.sandbox;
  if (!sandbox) throw inputError('This instrument has no price in the simulator: no GTT can watch it.');
  return {
    instrument: sandbox,
    type: params.type === 'two-leg' ? 'oco' : 'single',
    lastPrice: params.lastPrice,
    legs: params.legs.map((leg, index) => ({ ...leg, triggerPrice: params.triggerValues[index] ?? 0 })),
  };
}

/** The engine's refusals (tick, lot, sides) are Kite's InputExceptions, with Kite's id in the text. */
async function refusals<T>(run: () => Promise<T>, engineId?: string, kiteId?: number): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isOpenAlgoError(error) && (error.code === 'INVALID_ORDER' || error.code === 'INVALID_REQUEST')) {
      const message =
        engineId === undefined ? error.message : error.message.replaceAll(engineId, String(kiteId));
      throw inputError(message);
    }
    throw error;
  }
}
