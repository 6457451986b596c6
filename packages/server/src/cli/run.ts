import { APIKEY_USAGE, apikeyCommand } from './apikey.js';
import { BROKERS_USAGE, brokersCommand } from './brokers.js';
import { describeCliError } from './errors.js';
import { INSTRUMENTS_USAGE, instrumentsCommand } from './instruments.js';
import { type CliIo, EXIT, processIo } from './io.js';
import { SERVE_USAGE, serveCommand } from './serve.js';
import { SIMULATE_USAGE, simulateCommand } from './simulate.js';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  serve: serveCommand,
  apikey: apikeyCommand,
  brokers: brokersCommand,
  instruments: instrumentsCommand,
  simulate: simulateCommand,
};

export const USAGE = `Usage: openalgo <command> [options]

${SERVE_USAGE}

${APIKEY_USAGE}

${BROKERS_USAGE}

${INSTRUMENTS_USAGE}

${SIMULATE_USAGE}
`;

/** Runs one CLI command; resolves with the process exit code (0 ok, 1 failed, 2 bad usage/config). */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
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
    return await command(rest, io);
  } catch (error) {
    const { message, code } = describeCliError(error);
    io.stderr.write(`openalgo ${name}: ${message}\n`);
    return code;
  }
}
