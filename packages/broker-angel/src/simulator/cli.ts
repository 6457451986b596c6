import { defineSimulatorCli, type SimulatorCliIo as KitCliIo } from '@openalgo/testkit/simulator';
import { type AngelSimulator, createAngelSimulator } from './angel-simulator.js';

/** `openalgo simulate`'s stdout and stop signal (core's `SimulatorCommandIo`), and `onReady` for tests. */
export type SimulatorCliIo = KitCliIo<AngelSimulator>;
export type { SimulatorCliArgs } from '@openalgo/testkit/simulator';

/** What the CLI prints with `--json`: one object, one line (the shape). */
export function simulatorSummary(simulator: AngelSimulator): Record<string, string> {
  return {
    broker: 'angel',
    apiUrl: simulator.apiUrl,
    wsUrl: simulator.wsUrl,
    orderWsUrl: simulator.orderWsUrl,
    instrumentsUrl: simulator.instrumentsUrl,
    apiKey: simulator.credentials.apiKey,
    clientCode: simulator.credentials.clientCode,
    password: simulator.credentials.pin,
    totpSecret: simulator.credentials.totpSecret,
  };
}

/**
 * `openalgo simulate angel`: `parseSimulatorArgs` reads `--port N`, `--port=N`, `--json`, `--seed N`,
 * `--no-rate-limits`; `runSimulatorCli` starts the simulator on the system clock with Angel's rate
 * limits, prints its URLs and the credentials it accepts (`--json`: exactly one JSON line, for
 * scripts) and runs until SIGINT or SIGTERM, resolving once it has shut down.
 */
export const { parseSimulatorArgs, runSimulatorCli } = defineSimulatorCli<AngelSimulator>({
  broker: 'angel',
  // Angel's login is TOTP, not a redirect: no `--redirect-url`.
  acceptsRedirectUrl: false,
  title: 'Angel One SmartAPI simulator',
  start: (args) => createAngelSimulator({ port: args.port, seed: args.seed, rateLimits: args.rateLimits }),
  summary: simulatorSummary,
  rows: (s) => [
    ['API', s.apiUrl],
    ['SmartStream', s.wsUrl],
    ['Order socket', s.orderWsUrl],
    ['Scrip master', s.instrumentsUrl],
    ['API key', s.credentials.apiKey],
    ['client code', s.credentials.clientCode],
    ['PIN', s.credentials.pin],
    [
      'TOTP secret',
      `${s.credentials.totpSecret}   (base32: add it to an authenticator app for the 6-digit codes)`,
    ],
  ],
});
