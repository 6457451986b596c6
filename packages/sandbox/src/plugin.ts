import { type AdapterContext, type BrokerPlugin, defineBroker, parseOrThrow } from '@openalgo/core';
import { SandboxAdapter } from './adapter.js';
import { type SandboxConfig, SandboxConfigSchema } from './config.js';
import { SandboxEngine } from './engine/engine.js';
import { leaseEngine } from './engine-registry.js';
import { readSandboxServices } from './host-services.js';
import { SANDBOX_MANIFEST_INPUT } from './manifest.js';
import { SyntheticMarket } from './market/index.js';
import { sandboxSession } from './session.js';
import { MemoryStore } from './store/memory-store.js';

/** Creates the adapter for one logged-in sandbox account. */
export async function createSandboxAdapter(context: AdapterContext<SandboxConfig>): Promise<SandboxAdapter> {
  const config = parseOrThrow(SandboxConfigSchema, context.config, 'sandbox config');
  const services = readSandboxServices(context.host);
  const store = services.store ?? new MemoryStore();
  const accountId = context.session.userId;
  const lease = leaseEngine(store, accountId, () => {
    const market = services.priceSource
      ? undefined
      : new SyntheticMarket({ clock: context.clock, seed: config.seed, logger: context.logger });
    const priceSource = services.priceSource ?? (market as SyntheticMarket);
    const engine = new SandboxEngine({
      accountId,
      priceSource,
      clock: context.clock,
      store,
      logger: context.logger,
      settings: {
        startingCapital: config.startingCapital,
        leverage: config.leverage,
        squareOffTimes: config.squareOffTimes,
        holidays: config.holidays,
      },
    });
    if (config.scheduler) engine.startScheduler();
    return {
      engine,
      priceSource,
      async dispose() {
        engine.close();
        market?.close();
      },
    };
  });
  return new SandboxAdapter({
    engine: lease.entry.engine,
    priceSource: lease.entry.priceSource,
    instruments: context.instruments,
    session: context.session,
    clock: context.clock,
    logger: context.logger,
    harness: services.harness,
    onClose: () => lease.release(),
  });
}

/**
 * The `sandbox` broker: paper trading with OpenAlgo's analyzer semantics, no account needed. Login
 * takes no credentials and yields a session that ends at the next 03:00 IST, like OpenAlgo's.
 */
export const sandboxPlugin: BrokerPlugin<SandboxConfig> = defineBroker<SandboxConfig>({
  manifest: SANDBOX_MANIFEST_INPUT,
  configSchema: SandboxConfigSchema,
  auth(config, runtime) {
    const accountId = parseOrThrow(SandboxConfigSchema, config, 'sandbox config').accountId;
    return {
      async completeLogin() {
        return sandboxSession(accountId, runtime.clock.now());
      },
      async logout() {},
    };
  },
  create: createSandboxAdapter,
});
