import { parseArgs } from 'node:util';
import { findBrokerPackages, loadSimulator, simulatorHook } from '@openalgo/core';
import { COMMON_OPTIONS, configFrom } from './flags.js';
import { type CliIo, EXIT } from './io.js';

export const SIMULATE_USAGE = `openalgo simulate <broker> [simulator options…]
  Runs the loopback simulator a broker package ships (its ./simulator export), if it ships one.
  Everything after <broker> is passed to the simulator.`;

/** Where the broker id is: the first word that is neither one of our flags nor a flag's value. */
function brokerIndex(argv: readonly string[]): number {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) return i;
    const name = arg.replace(/^--?/, '');
    const option = (COMMON_OPTIONS as Record<string, { type: string }>)[name];
    // `--app-dir /x` takes the next word as its value; `--app-dir=/x` carries it.
    if (option?.type === 'string') i++;
  }
  return -1;
}

/**
 * `openalgo simulate <broker>`: finds the broker package, loads its `./simulator` entry through core's
 * loader and hands the rest of the command line to its `runSimulatorCli(argv)`. The simulator's
 * options are the broker package's own; a number it returns is the exit code.
 */
export async function simulateCommand(argv: string[], io: CliIo): Promise<number> {
  // Only the leading flags are ours; everything after the broker id belongs to the simulator.
  const brokerAt = brokerIndex(argv);
  const ours = brokerAt < 0 ? argv : argv.slice(0, brokerAt);
  const { values } = parseArgs({
    args: ours,
    options: COMMON_OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  const broker = brokerAt < 0 ? undefined : argv[brokerAt];
  // --help is a question (stdout, exit 0); a missing broker is a mistake (stderr, exit 2).
  if (values.help || !broker) {
    (values.help ? io.stdout : io.stderr).write(`${SIMULATE_USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
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
  const hook = simulatorHook(await loadSimulator(pkg), 'runSimulatorCli');
  if (!hook.ok) {
    io.stderr.write(`openalgo: ${hook.message.replace(/\.?$/, '.')}\n`);
    return EXIT.failed;
  }
  // SIGINT/SIGTERM reach the simulator as an abort: it closes its ports, then resolves.
  const stop = new AbortController();
  const abort = () => stop.abort();
  io.signals.once('SIGINT', abort);
  io.signals.once('SIGTERM', abort);
  try {
    const code = await hook.run(argv.slice(brokerAt + 1), {
      write: (line) => io.stdout.write(`${line}\n`),
      signal: stop.signal,
    });
    return typeof code === 'number' ? code : EXIT.ok;
  } finally {
    io.signals.off('SIGINT', abort);
    io.signals.off('SIGTERM', abort);
  }
}
