import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Clock, Logger } from '@openalgo/core';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import type { CatalogEntry } from './broker-catalog.js';
import { type BrokerConfigResult, resolveBrokerConfig } from './broker-config.js';

/**
 * Where a broker package keeps its loopback simulator: `dist/simulator/index.js` (its `./simulator`
 * export). The server imports it by file URL from the package the loader found, never by name.
 * `openalgo simulate` calls its `runSimulatorCli(argv)`; `openalgo serve --simulate` calls its
 * `startSimulatorForServer(options)`.
 */
export const SIMULATOR_ENTRY = join('dist', 'simulator', 'index.js');

/** The simulator module of the broker package in `dir`, or undefined when the package ships none. */
export async function importSimulatorModule(dir: string): Promise<Record<string, unknown> | undefined> {
  const entry = join(dir, SIMULATOR_ENTRY);
  if (!existsSync(entry)) return undefined;
  return (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
}

/** What `startSimulatorForServer(options)` is given. */
export interface StartSimulatorOptions {
  /** The server's callback for the broker: the simulator's login page redirects the browser there. */
  redirectUrl: string;
  host?: string;
  clock?: Clock;
  logger?: Logger;
}

/**
 * What `startSimulatorForServer` must resolve with: the plugin's configuration pointing at the
 * simulator (checked with the plugin's own configSchema), what to type on its login page, and close.
 */
const StartedSimulatorSchema = z.object({
  config: z.record(z.string(), z.unknown()),
  login: z.object({ userId: z.string(), password: z.string() }).optional(),
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
  login: { userId: string; password: string } | undefined;
}

type StartSimulatorForServer = (options: StartSimulatorOptions) => Promise<unknown>;

function noSimulator(entry: CatalogEntry, why: string): ConfigError {
  return new ConfigError([
    `--simulate (or OPENALGO_SIMULATE): broker ${entry.id} ships no simulator (${why}); ` +
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

  /** Finds the broker package's simulator hook; a ConfigError (exit 2) when it ships none. */
  static async prepare(options: {
    entry: CatalogEntry;
    brokerConfigs: Map<string, BrokerConfigResult<unknown>>;
    logger: Logger;
  }): Promise<BrokerSimulation> {
    const { entry } = options;
    if (entry.dir === undefined) throw noSimulator(entry, 'it is built into the server');
    const packageName = entry.packageName ?? entry.id;
    const module = await importSimulatorModule(entry.dir);
    if (!module) throw noSimulator(entry, `${packageName} has no ${SIMULATOR_ENTRY}`);
    const start = module.startSimulatorForServer;
    if (typeof start !== 'function') {
      throw noSimulator(entry, `${packageName}'s simulator does not export startSimulatorForServer(options)`);
    }
    return new BrokerSimulation(
      entry,
      packageName,
      start as StartSimulatorForServer,
      options.brokerConfigs,
      options.logger,
    );
  }

  info(): SimulationInfo | undefined {
    return this.current;
  }

  /** Starts the simulator and makes its configuration the broker's for this run. */
  async start(options: StartSimulatorOptions & { loginUrl: string }): Promise<SimulationInfo> {
    const { entry, packageName } = this;
    const { loginUrl, ...forSimulator } = options;
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
    this.brokerConfigs.set(entry.id, configured);
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
