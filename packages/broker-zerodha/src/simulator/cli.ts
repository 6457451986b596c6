import { defineSimulatorCli, type SimulatorCliIo as KitCliIo } from '@openalgo/testkit/simulator';
import { createKiteSimulator, type KiteSimulator, type KiteSimulatorOptions } from './kite-simulator.js';

/** `openalgo simulate`'s stdout and stop signal (core's `SimulatorCommandIo`), and `onReady` for tests. */
export type SimulatorCliIo = KitCliIo<KiteSimulator>;
export type { SimulatorCliArgs } from '@openalgo/testkit/simulator';

/** What the CLI prints with `--json`: one object, one line. */
export function simulatorSummary(simulator: KiteSimulator): Record<string, string> {
  return {
    broker: 'zerodha',
    apiUrl: simulator.apiUrl,
    loginUrl: simulator.loginUrl,
    loginPageUrl: simulator.loginPageUrl,
    wsUrl: simulator.wsUrl,
    instrumentsUrl: simulator.instrumentsUrl,
    redirectUrl: simulator.redirectUrl,
    apiKey: simulator.credentials.apiKey,
    apiSecret: simulator.credentials.apiSecret,
    userId: simulator.credentials.userId,
    password: simulator.credentials.password,
  };
}

/**
 * `openalgo simulate zerodha`: `parseSimulatorArgs` reads `--port N`, `--port=N`, `--json`, `--seed N`,
 * `--redirect-url URL`, `--no-rate-limits`; `runSimulatorCli` starts the simulator on the system clock,
 * prints its URLs and the credentials it accepts (`--json`: exactly one JSON line, for scripts) and
 * runs until SIGINT or SIGTERM, resolving once it has shut down.
 */
export const { parseSimulatorArgs, runSimulatorCli } = defineSimulatorCli<KiteSimulator>({
  broker: 'zerodha',
  acceptsRedirectUrl: true,
  title: 'Zerodha Kite Connect simulator',
  start: (args) => {
    const options: KiteSimulatorOptions = { port: args.port, seed: args.seed, rateLimits: args.rateLimits };
    if (args.redirectUrl) options.redirectUrl = args.redirectUrl;
    return createKiteSimulator(options);
  },
  summary: simulatorSummary,
  rows: (s) => [
    ['API', s.apiUrl],
    ['Login', s.loginPageUrl],
    ['WebSocket', s.wsUrl],
    ['Instruments', s.instrumentsUrl],
    ['Redirect', s.redirectUrl],
    ['api_key', s.credentials.apiKey],
    ['api_secret', s.credentials.apiSecret],
    ['user id', s.credentials.userId],
    ['password', s.credentials.password],
  ],
});
