import { parseArgs } from 'node:util';
import { findBrokerPackages } from '@openalgo/core';
import { importSimulatorModule, SIMULATOR_ENTRY } from '../accounts/broker-simulator.js';
import { COMMON_OPTIONS, configFrom } from './flags.js';
import { type CliIo, EXIT } from './io.js';

export const SIMULATE_USAGE = `openalgo simulate <broker> [simulator options…]
  Runs the loopback simulator a broker package ships (its ./simulator export), if it ships one.
  Everything after <broker> is passed to the simulator.`;

/**
 * The hook a broker package implements to be runnable here: `dist/simulator/index.js` (its
 * `./simulator` export) exporting `runSimulatorCli(argv: string[]): Promise<number | void> | number | void`.
 * The server only finds and calls it; the simulator's options are the broker package's own.
 */
export { SIMULATOR_ENTRY };
export type RunSimulatorCli = (argv: string[]) => Promise<number | undefined> | number | undefined;

/** `openalgo simulate <broker>`: a thin, documented hook (see SIMULATOR_ENTRY). */
export async function simulateCommand(argv: string[], io: CliIo): Promise<number> {
  // Only the leading flags are ours; everything after the broker id belongs to the simulator.
  const brokerAt = argv.findIndex((arg) => !arg.startsWith('-'));
  const ours = brokerAt < 0 ? argv : argv.slice(0, brokerAt);
  const { values } = parseArgs({
    args: ours,
    options: COMMON_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  const broker = brokerAt < 0 ? undefined : argv[brokerAt];
  if (values.help || !broker) {
    (broker ? io.stdout : io.stderr).write(`${SIMULATE_USAGE}\n`);
    return broker ? EXIT.ok : EXIT.usage;
  }
  const config = configFrom(values, io);
  const discovery = await findBrokerPackages({ appDir: config.appDir, paths: config.brokerPaths });
  const pkg = discovery.packages.find((p) => p.id === broker);
  if (!pkg) {
    io.stderr.write(
      `openalgo: no broker package "${broker}" found from ${config.appDir} ` +
        `(found: ${discovery.packages.map((p) => p.id).join(', ') || 'none'}). Run \`openalgo brokers\`.\n`,
    );
    return EXIT.usage;
  }
  const module = await importSimulatorModule(pkg.dir);
  if (!module) {
    io.stderr.write(`openalgo: ${pkg.packageName} ships no simulator (no ${SIMULATOR_ENTRY}).\n`);
    return EXIT.failed;
  }
  if (typeof module.runSimulatorCli !== 'function') {
    io.stderr.write(`openalgo: ${pkg.packageName}'s simulator does not export runSimulatorCli(argv).\n`);
    return EXIT.failed;
  }
  const code = await (module.runSimulatorCli as RunSimulatorCli)(argv.slice(brokerAt + 1));
  return typeof code === 'number' ? code : EXIT.ok;
}
