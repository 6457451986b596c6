import { checkSqliteDriver } from '../store/sqlite-driver.js';
import { APIKEY_USAGE, apikeyCommand } from './apikey.js';
import { BROKERS_USAGE, brokersCommand } from './brokers.js';
import { describeCliError } from './errors.js';
import { INSTRUMENTS_USAGE, instrumentsCommand } from './instruments.js';
import { type CliIo, EXIT, processIo } from './io.js';
import { SERVE_USAGE, serveCommand } from './serve.js';
import { SIMULATE_USAGE, simulateCommand } from './simulate.js';
import { STRATEGY_USAGE, strategyCommand } from './strategy.js';

interface Command {
  run: (argv: string[], io: CliIo) => Promise<number>;
  usage: string;
  /** Opens the data dir's database, so a broken SQLite driver is reported before it starts. */
  usesStore: boolean;
}

const COMMANDS: Record<string, Command> = {
  serve: { run: serveCommand, usage: SERVE_USAGE, usesStore: true },
  apikey: { run: apikeyCommand, usage: APIKEY_USAGE, usesStore: true },
  brokers: { run: brokersCommand, usage: BROKERS_USAGE, usesStore: true },
  instruments: { run: instrumentsCommand, usage: INSTRUMENTS_USAGE, usesStore: true },
  strategy: { run: strategyCommand, usage: STRATEGY_USAGE, usesStore: true },
  simulate: { run: simulateCommand, usage: SIMULATE_USAGE, usesStore: false },
};

export interface RunCliOptions {
  /** Loads the SQLite driver's addon or throws (tests inject failures). */
  checkSqliteDriver?: () => void;
}

export const USAGE = `Usage: openalgo <command> [options]

${SERVE_USAGE}

${APIKEY_USAGE}

${BROKERS_USAGE}

${INSTRUMENTS_USAGE}

${STRATEGY_USAGE}

${SIMULATE_USAGE}
`;

/** Runs one CLI command; resolves with the process exit code (0 ok, 1 failed, 2 bad usage/config). */
export async function runCli(
  argv: string[],
  io: CliIo = processIo(),
  options: RunCliOptions = {},
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(USAGE);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`openalgo: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return EXIT.usage;
  }
  try {
    const help = rest.includes('--help') || rest.includes('-h');
    if (command.usesStore && !help) (options.checkSqliteDriver ?? checkSqliteDriver)();
    return await command.run(rest, io);
  } catch (error) {
    const { message, code } = describeCliError(error, command.usage);
    io.stderr.write(`openalgo ${name}: ${message}\n`);
    return code;
  }
}
