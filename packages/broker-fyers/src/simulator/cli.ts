import { defineSimulatorCli, type SimulatorCliIo as KitCliIo } from '@openalgo/testkit/simulator';
import { createFyersSimulator, type FyersSimulator, type FyersSimulatorOptions } from './fyers-simulator.js';

/** `openalgo simulate`'s stdout and stop signal (core's `SimulatorCommandIo`), and `onReady` for tests. */
export type SimulatorCliIo = KitCliIo<FyersSimulator>;
export type { SimulatorCliArgs } from '@openalgo/testkit/simulator';

/** What the CLI prints with `--json`: one object, one line, keys in the order. */
export function simulatorSummary(simulator: FyersSimulator): Record<string, string> {
  const c = simulator.credentials;
  return {
    broker: 'fyers',
    apiUrl: simulator.apiUrl,
    dataUrl: simulator.dataUrl,
    loginUrl: simulator.loginUrl,
    dataWsUrl: simulator.dataWsUrl,
    orderWsUrl: simulator.orderWsUrl,
    instrumentsUrl: simulator.instrumentsUrl,
    appId: c.appId,
    secretKey: c.secretKey,
    redirectUrl: c.redirectUrl,
    userId: c.userId,
    password: c.password,
    pin: c.pin,
  };
}

/**
 * `openalgo simulate fyers`: `parseSimulatorArgs` reads `--port N`, `--port=N`, `--json`, `--seed N`,
 * `--redirect-url URL`, `--no-rate-limits`; `runSimulatorCli` starts the simulator on the system clock,
 * prints its URLs and the credentials it accepts (`--json`: exactly one JSON line, for scripts) and
 * runs until SIGINT or SIGTERM, resolving once it has shut down.
 */
export const { parseSimulatorArgs, runSimulatorCli } = defineSimulatorCli<FyersSimulator>({
  broker: 'fyers',
  acceptsRedirectUrl: true,
  title: 'Fyers API v3 simulator',
  start: (args) => {
    const options: FyersSimulatorOptions = { port: args.port, seed: args.seed, rateLimits: args.rateLimits };
    if (args.redirectUrl) options.redirectUrl = args.redirectUrl;
    return createFyersSimulator(options);
  },
  summary: simulatorSummary,
  rows: (s) => [
    ['API (trading)', s.apiUrl],
    ['API (data)', s.dataUrl],
    ['Login', s.loginPageUrl],
    ['Data socket', s.dataWsUrl],
    ['Order socket', s.orderWsUrl],
    ['Instruments', `${s.instrumentsUrl}/NSE_CM.csv …`],
    ['Redirect', s.credentials.redirectUrl],
    ['app id', s.credentials.appId],
    ['secret key', s.credentials.secretKey],
    ['client id', s.credentials.userId],
    ['password', s.credentials.password],
    ['PIN', s.credentials.pin],
  ],
});
