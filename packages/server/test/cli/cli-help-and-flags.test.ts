import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APIKEY_USAGE } from '../../src/cli/apikey.js';
import { BROKERS_USAGE } from '../../src/cli/brokers.js';
import { INSTRUMENTS_USAGE } from '../../src/cli/instruments.js';
import { runCli } from '../../src/cli/run.js';
import { SERVE_USAGE } from '../../src/cli/serve.js';
import { SIMULATE_USAGE } from '../../src/cli/simulate.js';
import { captureCliIo, REPO_ROOT } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const USAGES: Record<string, string> = {
  serve: SERVE_USAGE,
  apikey: APIKEY_USAGE,
  brokers: BROKERS_USAGE,
  instruments: INSTRUMENTS_USAGE,
  simulate: SIMULATE_USAGE,
};
const STACK_FRAME = /^\s+at /m;

describe('every command: --help prints its usage and exits 0', () => {
  for (const [command, usage] of Object.entries(USAGES)) {
    for (const flag of ['--help', '-h']) {
      it(`openalgo ${command} ${flag}`, async () => {
        const { io, stdout, stderr } = captureCliIo({ cwd: dir });
        // A driver that cannot load proves --help needs no database.
        const code = await runCli([command, flag], io, {
          checkSqliteDriver: () => {
            throw new Error('the driver was loaded for --help');
          },
        });
        expect(stderr()).toBe('');
        expect(code).toBe(0);
        expect(stdout()).toBe(`${usage}\n`);
      });
    }
  }
});

describe('every command: an unknown flag is one line naming it, then the usage, exit 2', () => {
  for (const [command, usage] of Object.entries(USAGES)) {
    it(`openalgo ${command} --bogus`, async () => {
      const { io, stdout, stderr } = captureCliIo({ cwd: dir });
      const code = await runCli([command, '--bogus', '--data-dir', dir], io, {
        checkSqliteDriver: () => {},
      });
      expect(code).toBe(2);
      expect(stdout()).toBe('');
      const [first, ...rest] = stderr().split('\n');
      expect(first).toBe(`openalgo ${command}: Unknown option '--bogus'.`);
      expect(rest.join('\n')).toBe(`${usage}\n`);
      expect(stderr()).not.toMatch(STACK_FRAME);
    });
  }
});

describe("a broker simulator's own command line (testkit's runner, through openalgo simulate)", () => {
  it('openalgo simulate zerodha --help prints the simulator usage and exits 0, no stack', async () => {
    const { io, stdout, stderr } = captureCliIo({ cwd: dir });
    const code = await runCli(['simulate', '--app-dir', REPO_ROOT, 'zerodha', '--help'], io);
    expect(stderr()).toBe('');
    expect(code).toBe(0);
    expect(stdout()).toMatch(/^usage: openalgo simulate zerodha \[--port N\]/);
  });

  it('openalgo simulate zerodha --bogus names the flag, gives the usage, exits 2', async () => {
    const { io, stdout, stderr } = captureCliIo({ cwd: dir });
    const code = await runCli(['simulate', '--app-dir', REPO_ROOT, 'zerodha', '--bogus'], io);
    expect(code).toBe(2);
    expect(stdout()).toBe('');
    expect(stderr().split('\n')).toEqual([
      'openalgo simulate: unknown option --bogus',
      expect.stringMatching(/^usage: openalgo simulate zerodha /),
      '',
    ]);
  });

  it('a bad value is named too: --port 70000', async () => {
    const { io, stderr } = captureCliIo({ cwd: dir });
    const code = await runCli(['simulate', '--app-dir', REPO_ROOT, 'zerodha', '--port', '70000'], io);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/^openalgo simulate: --port needs a whole number from 0 to 65535\nusage:/);
    expect(stderr()).not.toMatch(STACK_FRAME);
  });
});
