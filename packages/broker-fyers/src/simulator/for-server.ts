import type { StartedSimulator } from '@openalgo/core';
import { type SimulatorForServerOptions, sharedSimulatorOptions } from '@openalgo/testkit/simulator';
import { createFyersSimulator, type FyersSimulator } from './fyers-simulator.js';
import { simulatedFyersConfig } from './harness.js';

export type { SimulatorForServerOptions };

/** Exactly the adapter's configuration input (`FyersConfigInput`), pointing at the simulator. */
export type SimulatedFyersConfig = ReturnType<typeof simulatedFyersConfig>;

export interface SimulatorForServer extends StartedSimulator<SimulatedFyersConfig> {
  /** Feed this to the plugin (`configSchema.parse(config)`), then log in through its auth as usual. */
  config: SimulatedFyersConfig;
  /** What to type on the simulator's login page (the PIN goes on the server's own login form). */
  login: { userId: string; password: string; extra: { PIN: string } };
  /** The PIN the server's login form asks for, so the session can refresh itself. */
  pin: string;
  simulator: FyersSimulator;
}

/**
 * For `openalgo serve --broker fyers --simulate`: a simulator whose registered redirect URL is the
 * server's callback, and the adapter configuration that points the real adapter at it. Fyers' REST
 * limits are enforced, as they are at Fyers.
 */
export async function startSimulatorForServer(
  options: SimulatorForServerOptions,
): Promise<SimulatorForServer> {
  const simulator = await createFyersSimulator({
    redirectUrl: options.redirectUrl,
    rateLimits: true,
    ...sharedSimulatorOptions(options),
  });
  const { userId, password, pin } = simulator.credentials;
  return {
    config: simulatedFyersConfig(simulator),
    login: { userId, password, extra: { PIN: pin } },
    pin,
    simulator,
    close: () => simulator.close(),
  };
}
