import type { SimulatorCommandIo } from '@openalgo/core';
import { type AngelSimulator, type AngelSimulatorOptions, createAngelSimulator } from './angel-simulator.js';

/**
 * `openalgo simulate` passes its stdout and stop signal (core's `SimulatorCommandIo`). Without them the
 * CLI writes to stdout and stops on SIGINT or SIGTERM; tests add `onReady`.
 */
export interface SimulatorCliIo extends Partial<SimulatorCommandIo> {
  /** Called once the simulator listens (tests use it to talk to it). */
  onReady?: (simulator: AngelSimulator) => void;
}

export interface SimulatorCliArgs {
  port: number;
  json: boolean;
  seed: number;
  rateLimits: boolean;
}

const USAGE = 'usage: openalgo simulate angel [--port N] [--json] [--seed N] [--no-rate-limits]';

function integer(value: string | undefined, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) {
    throw new RangeError(`${flag} needs a whole number from ${min} to ${max}\n${USAGE}`);
  }
  return n;
}

/** `--port N`, `--port=N`, `--json`, `--seed N`, `--no-rate-limits`. */
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
      case '--help':
      case '-h':
        throw new RangeError(USAGE);
      default:
        throw new RangeError(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return args;
}

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

function humanSummary(simulator: AngelSimulator): string[] {
  const s = simulatorSummary(simulator);
  return [
    'Angel One SmartAPI simulator',
    `  API           ${s.apiUrl}`,
    `  SmartStream   ${s.wsUrl}`,
    `  Order socket  ${s.orderWsUrl}`,
    `  Scrip master  ${s.instrumentsUrl}`,
    `  API key       ${s.apiKey}`,
    `  client code   ${s.clientCode}`,
    `  PIN           ${s.password}`,
    `  TOTP secret   ${s.totpSecret}   (base32: add it to an authenticator app for the 6-digit codes)`,
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
 * `openalgo simulate angel`: starts the simulator on the system clock with Angel's rate limits, prints
 * its URLs and the credentials it accepts (`--json`: exactly one JSON line, for scripts) and runs until
 * SIGINT or SIGTERM. Resolves once it has shut down.
 */
export async function runSimulatorCli(argv: readonly string[], io: SimulatorCliIo = {}): Promise<void> {
  const args = parseSimulatorArgs(argv);
  const write = io.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const options: AngelSimulatorOptions = { port: args.port, seed: args.seed, rateLimits: args.rateLimits };
  const stop = io.signal ? { signal: io.signal, dispose: () => {} } : stopSignal();
  const simulator = await createAngelSimulator(options);
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
