import { type BrokerManifest, guardAdapter, InstrumentIndex, ManualClock } from '@openalgo/core';
import type { ContractHarness } from '../../src/harness.js';
import type { Defect } from './defects.js';
import { FakeAdapter } from './fake-adapter.js';
import { FakeBroker } from './fake-broker.js';
import { FAKE_MANIFEST } from './fake-manifest.js';
import { FAKE_FIXTURES, FAKE_ROWS } from './fake-universe.js';

/** Monday 5 January 2026, 10:00 IST: the market is open. */
export const FAKE_START_MS = Date.UTC(2026, 0, 5, 4, 30);

/** A harness over the fake broker; `defects` switches on adapter bugs. */
export function fakeHarness(
  defects: readonly Defect[] = [],
  manifest: BrokerManifest = FAKE_MANIFEST,
): ContractHarness & { instances: FakeBroker[] } {
  const instances: FakeBroker[] = [];
  return {
    name: defects.length > 0 ? `fake with ${defects.join(', ')}` : 'fake',
    manifest,
    fixtures: FAKE_FIXTURES,
    instances,
    async setup() {
      const clock = new ManualClock(FAKE_START_MS);
      const broker = new FakeBroker(clock, new Set(defects));
      instances.push(broker);
      const instruments = InstrumentIndex.fromRows(FAKE_ROWS);
      const adapter = guardAdapter(
        new FakeAdapter((op, args) => broker.call(op, args), instruments, new Set(defects)),
        { manifest, clock },
      );
      return {
        adapter,
        instruments,
        clock,
        backdoor: {
          orders: async () => broker.backdoorOrders(),
          requests: () => [...broker.requests],
          setPrice: async (ref, price) =>
            broker.setPrice(instruments.resolve(ref.symbol, ref.exchange), price),
          advanceClock: (ms) => broker.advance(ms),
          expireSession: async () => broker.expireSession(),
          injectFault: (fault) => broker.injectFault(fault),
          clearFaults: () => broker.clearFaults(),
        },
        teardown: async () => {},
      };
    },
  };
}
