// The bin behind `npm create @openalgo/broker <id> [dir]`: parses the few arguments with node:util,
// generates the package and prints what to run next. Every mistake is one line on stderr and exit 1.
import { isAbsolute, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateBroker } from './generate.js';

export const USAGE = `Usage: npm create @openalgo/broker <id> [dir] [-- --name "Display Name"]
       create-broker <id> [dir] [--name "Display Name"]

Generates a standalone OpenAlgo TS broker package: manifest, adapter over core's HTTP client, a
loopback simulator on the testkit kit and the contract suite over it, which passes out of the box.

  <id>         broker id: 2-30 lowercase letters, digits and hyphens (e.g. acme, acme-bank)
  [dir]        where to write it (default ./openalgo-broker-<id>); must not exist or be empty
  --name, -n   display name for the manifest (default: the id in title case)
  --help, -h   this text
`;

export function main(argv: readonly string[], cwd = process.cwd()): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`create-broker: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [id, dir, ...extra] = parsed.positionals;
  if (id === undefined || extra.length > 0) {
    process.stderr.write(
      `create-broker: ${id === undefined ? 'missing <id>' : `unexpected ${extra.join(' ')}`}\n\n${USAGE}`,
    );
    return 1;
  }
  try {
    const result = generateBroker({
      id,
      ...(parsed.values.name !== undefined ? { name: parsed.values.name } : {}),
      ...(dir !== undefined ? { dir: resolve(cwd, dir) } : { dir: resolve(cwd, `openalgo-broker-${id}`) }),
    });
    // A path under the current directory reads best relative; anything else, absolute.
    const below = relative(cwd, result.dir);
    const shown = below === '' ? '.' : below.startsWith('..') || isAbsolute(below) ? result.dir : below;
    process.stdout.write(
      `Created ${result.packageName} in ${shown} (${result.files.length} files).\n\n` +
        `Next steps:\n  cd ${shown}\n  npm install\n  npm test\n\n` +
        'The contract suite runs against the simulator in test/simulator.ts. Replace its simulated wire\n' +
        "with your broker's (paths, bodies, error codes) and src/adapter.ts with the real calls, one check\n" +
        'at a time; the README lists what to change.\n',
    );
    return 0;
  } catch (error) {
    process.stderr.write(`create-broker: ${(error as Error).message}\n`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' }, name: { type: 'string', short: 'n' } },
  });
}
