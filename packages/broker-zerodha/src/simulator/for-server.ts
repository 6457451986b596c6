import type { StartedSimulator } from '@openalgo/core';
import { type SimulatorForServerOptions, sharedSimulatorOptions } from '@openalgo/testkit/simulator';
import { createKiteSimulator, type KiteSimulator } from './kite-simulator.js';

export type { SimulatorForServerOptions };

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
    ...sharedSimulatorOptions(options),
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
