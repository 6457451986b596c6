import type { StartedSimulator, StartSimulatorOptions } from '@openalgo/core';
import { createKiteSimulator, type KiteSimulator } from './kite-simulator.js';

/** The server's options (its Zerodha callback `…/auth/zerodha/callback` as `redirectUrl`), and ours. */
export interface SimulatorForServerOptions extends StartSimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  seed?: number;
}

/** Exactly the adapter's configuration input (`ZerodhaConfigInput`), pointing at the simulator. */
export interface SimulatedZerodhaConfig {
  apiKey: string;
  apiSecret: string;
  redirectUrl: string;
  baseUrls: { api: string; login: string; ws: string; instruments: string };
}

export interface SimulatorForServer extends StartedSimulator<SimulatedZerodhaConfig> {
  /** Feed this to the plugin (`configSchema.parse(config)`), then log in through its auth as usual. */
  config: SimulatedZerodhaConfig;
  /** What to type on the simulator's login page. */
  login: { userId: string; password: string };
  simulator: KiteSimulator;
}

/**
 * For `openalgo serve --broker zerodha --simulate`: a simulator whose login page redirects to the
 * server's callback, and the adapter configuration that points the real adapter at it. Kite's rate
 * limits are enforced, as they are at Kite.
 */
export async function startSimulatorForServer(
  options: SimulatorForServerOptions,
): Promise<SimulatorForServer> {
  const simulator = await createKiteSimulator({
    redirectUrl: options.redirectUrl,
    rateLimits: true,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const { apiKey, apiSecret, userId, password } = simulator.credentials;
  return {
    config: {
      apiKey,
      apiSecret,
      redirectUrl: options.redirectUrl,
      baseUrls: {
        api: simulator.apiUrl,
        login: simulator.loginUrl,
        ws: simulator.wsUrl,
        instruments: simulator.instrumentsUrl,
      },
    },
    login: { userId, password },
    simulator,
    close: () => simulator.close(),
  };
}
