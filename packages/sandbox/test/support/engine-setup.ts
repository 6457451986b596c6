import { type Instrument, istToEpoch, ManualClock } from '@openalgo/core';
import { SandboxEngine } from '../../src/engine/engine.js';
import type { PlaceOrderInput } from '../../src/engine/place.js';
import type { EngineSettingsInput } from '../../src/engine/settings.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { SandboxStore } from '../../src/store/types.js';
import { FakePriceSource } from './fake-price-source.js';
import { TEST_UNIVERSE } from './instruments.js';

/** Monday 5 January 2026, 09:30 IST. */
export const MONDAY_0930 = istToEpoch(2026, 1, 5, 9, 30);

export interface EngineSetup {
  clock: ManualClock;
  prices: FakePriceSource;
  store: SandboxStore;
  engine: SandboxEngine;
  /** A new engine over the same store, clock and prices: what a restart is. */
  restart(): SandboxEngine;
}

export function setupEngine(
  options: { start?: number; settings?: EngineSettingsInput; store?: SandboxStore } = {},
): EngineSetup {
  const clock = new ManualClock(options.start ?? MONDAY_0930);
  const prices = new FakePriceSource(() => clock.now(), TEST_UNIVERSE);
  const store = options.store ?? new MemoryStore();
  const make = () =>
    new SandboxEngine({ accountId: 'acc', priceSource: prices, clock, store, settings: options.settings });
  const setup: EngineSetup = {
    clock,
    prices,
    store,
    engine: make(),
    restart() {
      setup.engine.close();
      setup.engine = make();
      return setup.engine;
    },
  };
  return setup;
}

export function order(
  instrument: Instrument,
  fields: Partial<Omit<PlaceOrderInput, 'instrument'>> & Pick<PlaceOrderInput, 'action' | 'quantity'>,
): PlaceOrderInput {
  return { instrument, priceType: 'MARKET', product: 'MIS', price: 0, triggerPrice: 0, ...fields };
}
