import type { SimulatorCommandIo } from '@openalgo/core';

/** What every `openalgo simulate <broker>` accepts. */
export interface SimulatorCliArgs {
  port: number;
  json: boolean;
  seed: number;
  rateLimits: boolean;
  /** Only for a broker whose login redirects (`acceptsRedirectUrl`). */
  redirectUrl?: string;
}

/** The broker's part of the command line. */
export interface SimulatorCliSyntax {
  /** `openalgo simulate <broker>`. */
  broker: string;
  /** Whether `--redirect-url URL` is accepted: brokers whose login redirects to a registered URL. */
  acceptsRedirectUrl: boolean;
}

/** The broker's specifics for `runSimulatorCommand`. */
export interface SimulatorCliSpec<S extends { close(): Promise<void> }> extends SimulatorCliSyntax {
  /** The banner's first line, e.g. `Zerodha Kite Connect simulator`. */
  title: string;
  /** Starts the simulator (on the system clock) from the parsed arguments. */
  start(args: SimulatorCliArgs): Promise<S>;
  /** What `--json` prints: one object on one line, keys in this order. */
  summary(simulator: S): Record<string, string>;
  /** The banner's labelled lines without `--json`, aligned into a column by the runner. */
  rows(simulator: S): ReadonlyArray<readonly [label: string, value: string]>;
}

/**
 * `openalgo simulate` passes its stdout and stop signal (core's `SimulatorCommandIo`). Without them the
 * command writes to stdout and stops on SIGINT or SIGTERM; tests add `onReady`.
 */
export interface SimulatorCliIo<S> extends Partial<SimulatorCommandIo> {
  /** Called once the simulator listens (tests use it to talk to it). */
  onReady?: (simulator: S) => void;
}

export function simulatorUsage(syntax: SimulatorCliSyntax): string {
  const redirect = syntax.acceptsRedirectUrl ? ' [--redirect-url URL]' : '';
  return `usage: openalgo simulate ${syntax.broker} [--port N] [--json] [--seed N]${redirect} [--no-rate-limits]`;
}

/**
 * A bad simulator command line, or `--help` (`help: true`). The message is one line naming the flag,
 * then the usage. `code` lets `openalgo simulate` report it as a usage error (exit 2, no stack)
 * without importing this package.
 */
export class SimulatorUsageError extends RangeError {
  readonly code = 'ERR_SIMULATOR_USAGE';
  constructor(
    message: string,
    readonly help = false,
  ) {
    super(message);
    this.name = 'SimulatorUsageError';
  }
}

function integer(value: string | undefined, flag: string, min: number, max: number, usage: string): number {
  const n = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || n < min || n > max) {
    throw new SimulatorUsageError(`${flag} needs a whole number from ${min} to ${max}\n${usage}`);
  }
  return n;
}

/**
 * `--port N`, `--port=N`, `--json`, `--seed N`, `--no-rate-limits`, and `--redirect-url URL` where the
 * broker accepts it. A bad value or an unknown option throws a SimulatorUsageError naming it, with the
 * usage; `--help` throws one whose `help` is true and whose message is the usage.
 */
export function parseSimulatorCliArgs(argv: readonly string[], syntax: SimulatorCliSyntax): SimulatorCliArgs {
  const usage = simulatorUsage(syntax);
  const args: SimulatorCliArgs = { port: 0, json: false, seed: 42, rateLimits: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split(/=(.*)/s, 2) as [string, string | undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        args.port = integer(value(), '--port', 0, 65_535, usage);
        break;
      case '--seed':
        args.seed = integer(value(), '--seed', 0, 2 ** 31, usage);
        break;
      case '--json':
        args.json = true;
        break;
      case '--no-rate-limits':
        args.rateLimits = false;
        break;
      case '--redirect-url': {
        if (!syntax.acceptsRedirectUrl) throw new SimulatorUsageError(`unknown option ${flag}\n${usage}`);
        const url = value();
        if (!url || !/^https?:\/\//.test(url))
          throw new SimulatorUsageError(`--redirect-url needs an http(s) URL\n${usage}`);
        args.redirectUrl = url;
        break;
      }
      case '--help':
      case '-h':
        throw new SimulatorUsageError(usage, true);
      default:
        throw new SimulatorUsageError(`unknown option ${flag}\n${usage}`);
    }
  }
  return args;
}

/** The human banner: the title, the labelled rows in one aligned column, and how to stop. */
export function simulatorBanner(
  title: string,
  rows: ReadonlyArray<readonly [label: string, value: string]>,
): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length)) + 2;
  return [
    title,
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}${value}`),
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

/** A broker's `parseSimulatorArgs` and `runSimulatorCli`, from its specifics. */
export interface SimulatorCli<S> {
  parseSimulatorArgs(argv: readonly string[]): SimulatorCliArgs;
  runSimulatorCli(argv: readonly string[], io?: SimulatorCliIo<S>): Promise<void>;
}

/** Binds `spec`: what a broker's `cli.ts` exports as its `parseSimulatorArgs` and `runSimulatorCli`. */
export function defineSimulatorCli<S extends { close(): Promise<void> }>(
  spec: SimulatorCliSpec<S>,
): SimulatorCli<S> {
  return {
    parseSimulatorArgs: (argv) => parseSimulatorCliArgs(argv, spec),
    runSimulatorCli: (argv, io = {}) => runSimulatorCommand(spec, argv, io),
  };
}

/**
 * The body of a broker's `runSimulatorCli`: parses `argv`, starts the simulator, prints its URLs and
 * the credentials it accepts (`--json`: exactly one JSON line, for scripts) and runs until the signal
 * aborts (default: SIGINT or SIGTERM). Resolves once the simulator has closed. `--help` prints the
 * usage and resolves at once; a bad command line rejects with a SimulatorUsageError.
 */
export async function runSimulatorCommand<S extends { close(): Promise<void> }>(
  spec: SimulatorCliSpec<S>,
  argv: readonly string[],
  io: SimulatorCliIo<S> = {},
): Promise<void> {
  const write = io.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  let args: SimulatorCliArgs;
  try {
    args = parseSimulatorCliArgs(argv, spec);
  } catch (error) {
    if (!(error instanceof SimulatorUsageError && error.help)) throw error;
    write(error.message);
    return;
  }
  const stop = io.signal ? { signal: io.signal, dispose: () => {} } : stopSignal();
  let simulator: S;
  try {
    simulator = await spec.start(args);
  } catch (error) {
    stop.dispose();
    throw error;
  }
  try {
    if (args.json) write(JSON.stringify(spec.summary(simulator)));
    else for (const line of simulatorBanner(spec.title, spec.rows(simulator))) write(line);
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
