import { randomBytes } from 'node:crypto';
import {
  type Backdoor,
  type BrokerAdapter,
  type BrokerAuth,
  type BrokerPlugin,
  InstrumentIndex,
  type Logger,
  ManualClock,
  noopLogger,
  type Session,
} from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import type { ContractHarness, HarnessFixtures } from '../harness.js';
import { type FaultTranslation, injectRouteFault } from './fault-routes.js';
import type { FaultController } from './faults.js';
import { sandboxFixtures } from './fixtures.js';

/** A running loopback simulator: one simulated account, closed after its check. */
export interface RunningSimulator {
  close(): Promise<void>;
}

/** What `startSimulator` is given for one check. */
export interface SimulatorStartContext {
  /** The check's clock: the simulator and the adapter share it, the suite drives it. */
  clock: ManualClock;
  start: number;
  seed: number;
  logger: Logger;
}

/** What a broker's own `<broker>SimulatorHarness(options)` takes; undefined means the default. */
export interface BrokerSimulatorHarnessOptions {
  /** Epoch ms the ManualClock starts at (default: Monday 5 January 2026, 09:30 IST). */
  start?: number | undefined;
  /** Seed of the sandbox market behind the simulator (default 42). */
  seed?: number | undefined;
  /** Rows of the simulator's instrument master (default: the broker's full-size master). */
  masterSize?: number | undefined;
  logger?: Logger | undefined;
}

export interface SimulatorHarnessOptions<Config, Sim extends RunningSimulator> {
  /** Shown in the suite's top-level `describe`. */
  name: string;
  /** The REAL plugin under test: its manifest, config schema, auth and `create`. */
  plugin: BrokerPlugin<Config>;
  /** Epoch ms the ManualClock starts at (default: Monday 5 January 2026, 09:30 IST). */
  start?: number | undefined;
  /** Seed of the sandbox market behind the simulator (default 42). */
  seed?: number | undefined;
  logger?: Logger | undefined;
  /** Default: SBIN, the nearest NIFTY future and call, the NIFTY index of the sandbox market. */
  fixtures?: HarnessFixtures;
  /** A fresh simulator (a fresh account) for one check. */
  startSimulator(context: SimulatorStartContext): Promise<Sim>;
  /** The plugin's configuration input pointing at `simulator`; parsed by the plugin's configSchema. */
  config(simulator: Sim): unknown;
  /** Logs in through the plugin's own auth (see `redirectLogin` for redirect brokers). */
  login(context: { simulator: Sim; auth: BrokerAuth }): Promise<Session>;
  /** The simulator's back door in the suite's terms; faults are the harness's. */
  backdoor(simulator: Sim): Omit<Backdoor, 'injectFault' | 'clearFaults'>;
  /** Where the suite's faults land: the simulator's fault controller and each method's route. */
  faults: FaultTranslation & { controller(simulator: Sim): FaultController };
}

/**
 * The redirect login a browser does: the plugin's login URL with a fresh CSRF `state`, `browse` to
 * post the simulator's login page and return the redirect's query, the state checked, then the
 * plugin's `completeLogin` with the redirect's parameters.
 */
export function redirectLogin<Sim>(
  browse: (loginUrl: string, simulator: Sim) => Promise<Record<string, string>>,
): (context: { simulator: Sim; auth: BrokerAuth }) => Promise<Session> {
  return async ({ simulator, auth }) => {
    const state = randomBytes(8).toString('hex');
    const loginUrl = auth.loginUrl?.(state);
    if (!loginUrl) throw new Error('the plugin has no login URL');
    const params = await browse(loginUrl, simulator);
    if (params.state !== state) throw new Error(`the login redirect lost the state (got ${params.state})`);
    return auth.completeLogin(params);
  };
}

/**
 * The contract harness for a broker over its loopback simulator: each check gets a fresh simulator
 * on its own ManualClock and the REAL adapter, logged in through its own auth. The instrument master
 * is downloaded through the adapter once (the first check) and shared by every check, so a 100k-row
 * master costs one parse per run. Faults the suite injects are armed on the route of the method.
 */
export function simulatorHarness<Config, Sim extends RunningSimulator>(
  options: SimulatorHarnessOptions<Config, Sim>,
): ContractHarness {
  const start = options.start ?? DEFAULT_SANDBOX_START;
  const seed = options.seed ?? 42;
  const logger = options.logger ?? noopLogger;
  const { plugin } = options;
  let shared: InstrumentIndex | undefined;
  let loading: Promise<void> | undefined;

  async function loadMaster(adapter: BrokerAdapter, index: InstrumentIndex): Promise<void> {
    const result = await index.load(adapter.downloadInstruments(), { label: `${options.name} ${seed}` });
    if (!result.replaced) throw new Error(`the simulator's master did not load: ${result.message}`);
    shared = index;
  }

  return {
    name: options.name,
    manifest: plugin.manifest,
    fixtures: options.fixtures ?? sandboxFixtures({ start, seed }),
    async setup() {
      const clock = new ManualClock(start);
      const simulator = await options.startSimulator({ clock, start, seed, logger });
      let adapter: BrokerAdapter | undefined;
      try {
        const config = plugin.configSchema.parse(options.config(simulator));
        const runtime = { clock, logger, http: {} };
        const session = await options.login({ simulator, auth: plugin.auth(config, runtime) });
        const index = shared ?? new InstrumentIndex({ clock });
        adapter = await plugin.create({ config, session, instruments: index, ...runtime });
        if (!shared) {
          // Checks run one at a time, but a second setup must not start a second download.
          loading ??= loadMaster(adapter, index);
          await loading;
        }
      } catch (error) {
        await adapter?.close();
        await simulator.close();
        throw error;
      }
      const instruments = shared as InstrumentIndex;
      const faults = options.faults.controller(simulator);
      const live = adapter;
      return {
        adapter: live,
        instruments: {
          get: (symbol, exchange) => instruments.get(symbol, exchange),
          getByToken: (brexchange, token) => instruments.getByToken(brexchange, token),
          resolve: (symbol, exchange) => instruments.resolve(symbol, exchange),
          all: () => instruments.all(),
        },
        clock,
        backdoor: {
          ...options.backdoor(simulator),
          injectFault: (fault) => injectRouteFault(faults, fault, options.faults),
          clearFaults: () => faults.clear(),
        },
        async teardown() {
          await live.close();
          await simulator.close();
        },
      };
    },
  };
}
