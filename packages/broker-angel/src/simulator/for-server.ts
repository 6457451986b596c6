import type { StartedSimulator } from '@openalgo/core';
import { type SimulatorForServerOptions, sharedSimulatorOptions } from '@openalgo/testkit/simulator';
import { type AngelSimulator, createAngelSimulator } from './angel-simulator.js';

export type { SimulatorForServerOptions };

/** Exactly the adapter's configuration input (`AngelConfigInput`), pointing at the simulator. */
export interface SimulatedAngelConfig {
  apiKey: string;
  clientCode: string;
  baseUrls: { api: string; stream: string; orderStream: string; instruments: string };
}

export interface SimulatorForServer extends StartedSimulator<SimulatedAngelConfig> {
  config: SimulatedAngelConfig;
  /**
   * What to type on the server's Angel login page: the client code, the trading PIN as the password, and
   * the TOTP secret to generate codes from (the form's optional "TOTP secret" field also takes it).
   */
  login: { userId: string; password: string; extra: { 'TOTP secret': string } };
  simulator: AngelSimulator;
}

/**
 * For `openalgo serve --broker angel --simulate`: a simulator with Angel's rate limits enforced, and
 * the adapter configuration that points the real adapter (REST, both sockets, the master) at it.
 * The server's `redirectUrl` goes unused: Angel's login is TOTP, with no redirect.
 */
export async function startSimulatorForServer(
  options: SimulatorForServerOptions,
): Promise<SimulatorForServer> {
  const simulator = await createAngelSimulator({
    rateLimits: true,
    ...sharedSimulatorOptions(options),
  });
  const { apiKey, clientCode, pin, totpSecret } = simulator.credentials;
  return {
    config: {
      apiKey,
      clientCode,
      baseUrls: {
        api: simulator.apiUrl,
        stream: simulator.wsUrl,
        orderStream: simulator.orderWsUrl,
        instruments: simulator.instrumentsUrl,
      },
    },
    login: { userId: clientCode, password: pin, extra: { 'TOTP secret': totpSecret } },
    simulator,
    close: () => simulator.close(),
  };
}
