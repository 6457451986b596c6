import type { Logger } from '../http/logger.js';
import type { Clock } from '../time/clock.js';

/**
 * The subpath of a broker package that holds its loopback simulator. The loader resolves it from the
 * package's `exports` like Node would, so the file can live wherever the author's build puts it.
 */
export const SIMULATOR_EXPORT = './simulator';

/** What `openalgo serve --simulate` gives the simulator. */
export interface StartSimulatorOptions {
  /** The server's callback for the broker: the simulator's login page redirects the browser there. */
  redirectUrl: string;
  /** The address to listen on; the simulator picks a free port. */
  host?: string;
  clock?: Clock;
  logger?: Logger;
}

/** What `openalgo simulate` gives the simulator's command line: its output and its stop signal. */
export interface SimulatorCommandIo {
  /** Writes one line (no trailing newline) to the command's standard output. */
  write(line: string): void;
  /** Aborted on SIGINT or SIGTERM: the simulator closes, then `runSimulatorCli` resolves. */
  signal: AbortSignal;
}

/** What a simulator started for the server resolves with. */
export interface StartedSimulator<Config = unknown> {
  /**
   * The plugin's configuration input pointing at the simulator. The server checks it with the
   * plugin's own `configSchema` and keeps it in memory only: it never reaches brokers.json or logs.
   */
  config: Config;
  /**
   * What to type when logging in, printed in the server's banner: the simulator's login page user id and
   * password, and `extra` values the login asks for besides, by label (Angel's TOTP secret to generate
   * codes from, the PIN Fyers' refresh needs).
   */
  login?: { userId: string; password: string; extra?: Readonly<Record<string, string>> };
  /** Stops the simulator; the server calls it once, on shutdown. */
  close(): Promise<void>;
}

/**
 * A broker package's `./simulator` export. Both hooks are optional, so a package can offer only the
 * command line or only the server run; the command that needs a missing hook says so.
 */
export interface BrokerSimulatorEntry<Config = unknown> {
  /**
   * `openalgo simulate <broker> [args…]`: `argv` is everything after the broker id. Runs until
   * `io.signal` aborts and the simulator has closed. A number it returns or resolves with is the
   * process exit code; anything else exits 0.
   */
  runSimulatorCli?(argv: string[], io: SimulatorCommandIo): unknown;
  /**
   * `openalgo serve --broker <id> --simulate`: starts a simulator whose login page redirects to
   * `options.redirectUrl`, for the server's lifetime. The real adapter then runs against it.
   */
  startSimulatorForServer?(options: StartSimulatorOptions): Promise<StartedSimulator<Config>>;
}

/** The hook names, for the loader's shape check and its messages. */
export const SIMULATOR_HOOKS = ['runSimulatorCli', 'startSimulatorForServer'] as const;
export type SimulatorHook = (typeof SIMULATOR_HOOKS)[number];

/**
 * Types a simulator entry at its definition, the way `defineBroker` types a plugin. Export the
 * result as the module's default export (or export the hooks by name).
 */
export function defineSimulator<Config>(entry: BrokerSimulatorEntry<Config>): BrokerSimulatorEntry<Config> {
  return entry;
}
