import type { Clock, Logger, StartSimulatorOptions } from '@openalgo/core';

/** What `openalgo serve --broker <id> --simulate` passes (core's `StartSimulatorOptions`), plus a port and seed. */
export interface SimulatorForServerOptions extends StartSimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  seed?: number;
}

/** The part of `SimulatorForServerOptions` every broker simulator's factory takes as it is. */
export interface SharedSimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * `port`, `host`, `seed`, `clock` and `logger` from the server's options, the ones not given left out
 * (not set to undefined) so the simulator's own defaults apply. `redirectUrl` is the broker's to place.
 */
export function sharedSimulatorOptions(options: SimulatorForServerOptions): SharedSimulatorOptions {
  const shared: SharedSimulatorOptions = {};
  if (options.port !== undefined) shared.port = options.port;
  if (options.host !== undefined) shared.host = options.host;
  if (options.seed !== undefined) shared.seed = options.seed;
  if (options.clock !== undefined) shared.clock = options.clock;
  if (options.logger !== undefined) shared.logger = options.logger;
  return shared;
}
