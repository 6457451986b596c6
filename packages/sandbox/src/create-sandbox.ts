import {
  type BrokerAdapter,
  BrokerError,
  type Clock,
  type InstrumentRef,
  type Logger,
  ManualClock,
  NotSupportedError,
  noopLogger,
  type Order,
  parseOrThrow,
  type Session,
} from '@openalgo/core';
import { type SandboxConfig, type SandboxConfigInput, SandboxConfigSchema } from './config.js';
import type { SandboxEngine } from './engine/engine.js';
import { leasedEngine } from './engine-registry.js';
import { type RecordedRequest, type SandboxFault, SandboxHarness } from './harness-hooks.js';
import { sandboxServices } from './host-services.js';
import { MapInstrumentLookup } from './instruments.js';
import { toOrder } from './mapping.js';
import { type PriceSource, SyntheticMarket } from './market/index.js';
import { sandboxPlugin } from './plugin.js';
import { MemoryStore } from './store/memory-store.js';
import type { SandboxStore } from './store/types.js';

export interface CreateSandboxOptions {
  /** Defaults to a ManualClock at Monday 5 January 2026, 09:30 IST. */
  clock?: Clock;
  /** Seed of the synthetic market (ignored when `priceSource` is given). Default 42. */
  seed?: number;
  /** Defaults to a fresh MemoryStore (a fresh account). */
  store?: SandboxStore;
  /** Plugin configuration (accountId, startingCapital, leverage, squareOffTimes…). */
  config?: Omit<SandboxConfigInput, 'seed'>;
  /** Defaults to a SyntheticMarket on `clock`. */
  priceSource?: PriceSource;
  logger?: Logger;
}

/** What the testkit drives a harness through: the broker's side of the wire. */
export interface SandboxBackdoor {
  /** Every order the broker holds, with its client order id (tag). */
  orders(): Order[];
  /** Every adapter call that reached (was executed by) the broker, in order. */
  requests(): RecordedRequest[];
  /** Pins a price (SyntheticMarket, or any source with a `setPrice`). */
  setPrice(ref: InstrumentRef, price: number): void;
  /** Moves a ManualClock forward, running everything that falls due. */
  advanceClock(ms: number): Promise<void>;
  /** From now on every adapter call fails with SESSION_EXPIRED. */
  expireSession(): void;
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
}

export interface SandboxInstance {
  plugin: typeof sandboxPlugin;
  /** Logged in through the plugin, so behind the contract boundary as every consumer sees it. */
  adapter: BrokerAdapter;
  market: PriceSource;
  engine: SandboxEngine;
  instruments: MapInstrumentLookup;
  session: Session;
  clock: Clock;
  config: SandboxConfig;
  backdoor: SandboxBackdoor;
  /** Closes the adapter and the market this call created. */
  close(): Promise<void>;
}

/** Monday 5 January 2026, 09:30 IST: a trading day, inside market hours. */
export const DEFAULT_SANDBOX_START = Date.UTC(2026, 0, 5, 4, 0, 0);

/**
 * A ready sandbox broker for tests and simulators: the plugin, an adapter logged in to a fresh
 * account through `auth().completeLogin()` and `create()`, the market and engine behind it, the
 * instrument lookup built from the market's universe, and a back door to the broker's side.
 */
export async function createSandbox(options: CreateSandboxOptions = {}): Promise<SandboxInstance> {
  const clock = options.clock ?? new ManualClock(DEFAULT_SANDBOX_START);
  const logger = options.logger ?? noopLogger;
  const ownsMarket = options.priceSource === undefined;
  const market = options.priceSource ?? new SyntheticMarket({ clock, seed: options.seed ?? 42, logger });
  const harness = new SandboxHarness(clock);
  const store = options.store ?? new MemoryStore();
  const config = parseOrThrow(
    SandboxConfigSchema,
    { ...options.config, seed: options.seed ?? 42 },
    'sandbox config',
  );
  const runtime = { clock, logger, http: {}, host: sandboxServices({ store, priceSource: market, harness }) };
  const session = await sandboxPlugin.auth(config, runtime).completeLogin({});
  const instruments = await MapInstrumentLookup.from(market.instruments());
  const adapter = await sandboxPlugin.create({ ...runtime, config, session, instruments });
  const engine = leasedEngine(store, session.userId);
  if (!engine) throw new BrokerError('The sandbox adapter was created without an engine');

  const backdoor: SandboxBackdoor = {
    orders: () => engine.state().orders.map(toOrder),
    requests: () => harness.requests(),
    setPrice(ref, price) {
      const pinnable = market as PriceSource & { setPrice?: (ref: InstrumentRef, price: number) => unknown };
      if (typeof pinnable.setPrice !== 'function') {
        throw new NotSupportedError(
          'setPrice needs a price source with a setPrice back door (SyntheticMarket)',
        );
      }
      pinnable.setPrice(ref, price);
    },
    async advanceClock(ms) {
      if (!(clock instanceof ManualClock)) throw new NotSupportedError('advanceClock needs a ManualClock');
      await clock.advance(ms);
    },
    expireSession: () => harness.expireSession(),
    injectFault: (fault) => harness.inject(fault),
    clearFaults: () => harness.clear(),
  };

  return {
    plugin: sandboxPlugin,
    adapter,
    market,
    engine,
    instruments,
    session,
    clock,
    config,
    backdoor,
    async close() {
      await adapter.close();
      if (ownsMarket) await market.close?.();
    },
  };
}
