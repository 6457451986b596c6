import type { SimulatorCommandIo } from '@openalgo/core';
import { createFyersSimulator, type FyersSimulator, type FyersSimulatorOptions } from './fyers-simulator.js';

/**
 * `openalgo simulate` passes its stdout and stop signal (core's `SimulatorCommandIo`). Without them the
 * CLI writes to stdout and stops on SIGINT or SIGTERM; tests add `onReady`.
 */
export interface SimulatorCliIo extends Partial<SimulatorCommandIo> {
  /** Called once the simulator listens (tests use it to talk to it). */
  onReady?: (simulator: FyersSimulator) => void;
}

export interface SimulatorCliArgs {
  port: number;
  json: boolean;
  seed: number;
  rateLimits: boolean;
  redirectUrl?: string;
}

const USAGE =
  'usage: openalgo simulate fyers [--port N] [--json] [--seed N] [--redirect-url URL] [--no-rate-limits]';

function integer(value: string | undefined, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) {
    throw new RangeError(`${flag} needs a whole number from ${min} to ${max}\n${USAGE}`);
  }
  return n;
}

/** `--port N`, `--port=N`, `--json`, `--seed N`, `--redirect-url URL`, `--no-rate-limits`. */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorCliArgs {
  const args: SimulatorCliArgs = { port: 0, json: false, seed: 42, rateLimits: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        args.port = integer(value(), '--port', 0, 65_535);
        break;
      case '--seed':
        args.seed = integer(value(), '--seed', 0, 2 ** 31);
        break;
      case '--json':
        args.json = true;
        break;
      case '--no-rate-limits':
        args.rateLimits = false;
        break;
      case '--redirect-url': {
        const url = value();
        if (!url || !/^https?:\/\//.test(url))
          throw new RangeError(`--redirect-url needs an http(s) URL\n${USAGE}`);
        args.redirectUrl = url;
        break;
      }
      case '--help':
      case '-h':
        throw new RangeError(USAGE);
      default:
        throw new RangeError(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return args;
}

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

function humanSummary(simulator: FyersSimulator): string[] {
  const s = simulatorSummary(simulator);
  return [
    'Fyers API v3 simulator',
    `  API (trading)  ${s.apiUrl}`,
    `  API (data)     ${s.dataUrl}`,
    `  Login          ${simulator.loginPageUrl}`,
    `  Data socket    ${s.dataWsUrl}`,
    `  Order socket   ${s.orderWsUrl}`,
    `  Instruments    ${s.instrumentsUrl}/NSE_CM.csv …`,
    `  Redirect       ${s.redirectUrl}`,
    `  app id         ${s.appId}`,
    `  secret key     ${s.secretKey}`,
    `  client id      ${s.userId}`,
    `  password       ${s.password}`,
    `  PIN            ${s.pin}`,
    'Press Ctrl+C to stop.',
  ];
}

function stopSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/**
 * `openalgo simulate fyers`: starts the simulator on the system clock, prints its URLs and the
 * credentials it accepts (`--json`: exactly one JSON line, for scripts) and runs until SIGINT or
 * SIGTERM. Fyers' REST limits are enforced unless `--no-rate-limits`. Resolves once it has shut down.
 */
export async function runSimulatorCli(argv: readonly string[], io: SimulatorCliIo = {}): Promise<void> {
  const args = parseSimulatorArgs(argv);
  const write = io.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const options: FyersSimulatorOptions = { port: args.port, seed: args.seed, rateLimits: args.rateLimits };
  if (args.redirectUrl) options.redirectUrl = args.redirectUrl;
  const stop = io.signal ? { signal: io.signal, dispose: () => {} } : stopSignal();
  const simulator = await createFyersSimulator(options);
  try {
    if (args.json) write(JSON.stringify(simulatorSummary(simulator)));
    else for (const line of humanSummary(simulator)) write(line);
    io.onReady?.(simulator);
    if (!stop.signal.aborted) {
      await new Promise<void>((resolve) =>
        stop.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    }
  } finally {
    stop.dispose();
    await simulator.close();
  }
}
