import {
  type BrokerSimulatorEntry,
  type Logger,
  loadSimulator,
  type StartSimulatorOptions,
  simulatorHook,
  systemClock,
} from '@openalgo/core';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import type { CatalogEntry } from './broker-catalog.js';
import { type BrokerConfigResult, resolveBrokerConfig } from './broker-config.js';

export type { StartSimulatorOptions };

/**
 * What `startSimulatorForServer` must resolve with: the plugin's configuration pointing at the
 * simulator (checked with the plugin's own configSchema), what to type on its login page, and close.
 */
const StartedSimulatorSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  login: z
    .object({
      userId: z.string(),
      password: z.string(),
      extra: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
  close: z.custom<() => Promise<void>>((value) => typeof value === 'function', {
    error: 'must be a function',
  }),
});

/** What `serve --simulate` shows: where to log in, and with what. Never the simulator's api secret. */
export interface SimulationInfo {
  broker: string;
  packageName: string;
  /** This server's login route for the broker (`/auth/<broker>/login`). */
  loginUrl: string;
  /** This server's callback, which the simulator's login page redirects to. */
  callbackUrl: string;
  /** The simulator's login form credentials, when it has a form. */
  login: { userId: string; password: string; extra?: Readonly<Record<string, string>> } | undefined;
}

type StartSimulatorForServer = NonNullable<BrokerSimulatorEntry['startSimulatorForServer']>;

function noSimulator(entry: CatalogEntry, why: string): ConfigError {
  return new ConfigError([
    `--simulate (or OPENALGO_SIMULATE): broker ${entry.id} cannot be simulated (${why}); ` +
      'run it without --simulate, against the real broker',
  ]);
}

/**
 * One broker run against its own simulator for the server's lifetime. The simulator starts once the
 * server's address is known (its login page must redirect to our callback, whose port may be 0
 * until then); its configuration then replaces the broker's for this run only — it lives in memory,
 * so the simulator's api secret never reaches brokers.json, the database or the logs.
 */
export class BrokerSimulation {
  private running: { close(): Promise<void> } | undefined;
  private current: SimulationInfo | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly entry: CatalogEntry,
    private readonly packageName: string,
    private readonly startSimulator: StartSimulatorForServer,
    private readonly brokerConfigs: Map<string, BrokerConfigResult<unknown>>,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads the broker package's `./simulator` entry (core's loader) and takes its
   * `startSimulatorForServer`; a ConfigError (exit 2) when the package ships none.
   */
  static async prepare(options: {
    entry: CatalogEntry;
    brokerConfigs: Map<string, BrokerConfigResult<unknown>>;
    logger: Logger;
  }): Promise<BrokerSimulation> {
    const { entry } = options;
    if (entry.dir === undefined) throw noSimulator(entry, 'it is built into the server');
    const packageName = entry.packageName ?? entry.id;
    const loaded = await loadSimulator({ dir: entry.dir, packageName });
    const hook = simulatorHook(loaded, 'startSimulatorForServer');
    if (!hook.ok) throw noSimulator(entry, hook.message);
    return new BrokerSimulation(entry, packageName, hook.run, options.brokerConfigs, options.logger);
  }

  info(): SimulationInfo | undefined {
    return this.current;
  }

  /** Starts the simulator and makes its configuration the broker's for this run. */
  async start(options: StartSimulatorOptions & { loginUrl: string }): Promise<SimulationInfo> {
    const { entry, packageName } = this;
    const { loginUrl, ...forSimulator } = options;
    // Taken before the simulator exists: every session it issues is sealed after this instant, and
    // every session sealed before it (a previous run's simulator's) cannot work against it.
    const sessionsValidFrom = (options.clock ?? systemClock).now();
    const returned: unknown = await this.startSimulator(forSimulator);
    const started = StartedSimulatorSchema.safeParse(returned);
    if (!started.success) {
      const close = (returned as { close?: unknown } | null)?.close;
      if (typeof close === 'function') await (close as () => Promise<void>).call(returned);
      throw new Error(
        `${packageName}'s startSimulatorForServer returned ${z.prettifyError(started.error)} ` +
          '(expected { config, login?, close })',
      );
    }
    this.running = { close: () => started.data.close.call(returned) };
    // Only the simulator's settings: real credentials from env or brokers.json stay out of this run.
    const configured = resolveBrokerConfig(entry.plugin, {
      file: {},
      env: {},
      dataDir: '',
      inject: started.data.config,
    });
    if (!configured.ok) {
      await this.close();
      throw new Error(
        `${packageName}'s simulator gave a configuration its plugin rejects: ${configured.message}`,
      );
    }
    this.brokerConfigs.set(entry.id, { ...configured, sessionsValidFrom });
    this.current = {
      broker: entry.id,
      packageName,
      loginUrl,
      callbackUrl: options.redirectUrl,
      login: started.data.login,
    };
    this.logger.info(
      { broker: entry.id, callback: options.redirectUrl },
      'broker simulator started: this broker is SIMULATED',
    );
    return this.current;
  }

  /** Stops the simulator; the broker is unconfigured again, so nothing talks to a closed port. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.brokerConfigs.set(this.entry.id, simulatorNotRunning(this.entry));
      const running = this.running;
      this.running = undefined;
      await running?.close();
    })();
    return this.closing;
  }
}

/** The broker's configuration while its simulator is not running (before start, after close). */
export function simulatorNotRunning(entry: CatalogEntry): BrokerConfigResult<unknown> {
  return {
    ok: false,
    message: `${entry.plugin.manifest.name} (${entry.id}) runs against its simulator, which is not running`,
    fields: [],
  };
}
