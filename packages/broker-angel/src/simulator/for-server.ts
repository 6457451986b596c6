import type { StartedSimulator, StartSimulatorOptions } from '@openalgo/core';
import { type AngelSimulator, createAngelSimulator } from './angel-simulator.js';

/** The server's options (Angel has no redirect: `redirectUrl` goes unused), and ours. */
export interface SimulatorForServerOptions extends StartSimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  seed?: number;
}

/** Exactly the adapter's configuration input (`AngelConfigInput`), pointing at the simulator. */
export interface SimulatedAngelConfig {
  apiKey: string;
  clientCode: string;
  baseUrls: { api: string; stream: string; orderStream: string; instruments: string };
}

export interface SimulatorForServer extends StartedSimulator<SimulatedAngelConfig> {
  config: SimulatedAngelConfig;
  /**
   * What to type on the server's Angel login page. Core's `login` has two fields only, so the TOTP
   * secret (which the form's optional "TOTP secret" field also accepts in place of a code) rides in
   * the password line the server prints.
   */
  login: { userId: string; password: string };
  simulator: AngelSimulator;
}

/**
 * For `openalgo serve --broker angel --simulate`: a simulator with Angel's rate limits enforced, and
 * the adapter configuration that points the real adapter (REST, both sockets, the master) at it.
 */
export async function startSimulatorForServer(
  options: SimulatorForServerOptions,
): Promise<SimulatorForServer> {
  const simulator = await createAngelSimulator({
    rateLimits: true,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
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
    login: { userId: clientCode, password: `${pin} (trading PIN); TOTP secret ${totpSecret}` },
    simulator,
    close: () => simulator.close(),
  };
}
