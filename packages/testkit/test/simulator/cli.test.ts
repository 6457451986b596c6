import { describe, expect, it } from 'vitest';
import {
  defineSimulatorCli,
  parseSimulatorCliArgs,
  runSimulatorCommand,
  type SimulatorCliArgs,
  type SimulatorCliSpec,
  simulatorBanner,
  simulatorUsage,
} from '../../src/simulator/index.js';

const REDIRECTING = { broker: 'acme', acceptsRedirectUrl: true } as const;
const TOTP = { broker: 'totpco', acceptsRedirectUrl: false } as const;

interface FakeSimulator {
  args: SimulatorCliArgs;
  closed: boolean;
  close(): Promise<void>;
}

function spec(started: FakeSimulator[], fail?: Error): SimulatorCliSpec<FakeSimulator> {
  return {
    ...REDIRECTING,
    title: 'Acme simulator',
    start: async (args) => {
      if (fail) throw fail;
      const sim: FakeSimulator = {
        args,
        closed: false,
        close: async () => {
          sim.closed = true;
        },
      };
      started.push(sim);
      return sim;
    },
    summary: (sim) => ({ broker: 'acme', port: String(sim.args.port), seed: String(sim.args.seed) }),
    rows: (sim) => [
      ['API', `http://127.0.0.1:${sim.args.port}`],
      ['Order socket', 'ws://127.0.0.1/orders'],
    ],
  };
}

describe('parseSimulatorCliArgs', () => {
  it('reads every option, inline or spaced, over the defaults', () => {
    expect(parseSimulatorCliArgs([], REDIRECTING)).toEqual({
      port: 0,
      json: false,
      seed: 42,
      rateLimits: true,
    });
    expect(
      parseSimulatorCliArgs(
        [
          '--port=8123',
          '--json',
          '--seed',
          '9',
          '--no-rate-limits',
          '--redirect-url',
          'http://127.0.0.1:5000/cb',
        ],
        REDIRECTING,
      ),
    ).toEqual({
      port: 8123,
      json: true,
      seed: 9,
      rateLimits: false,
      redirectUrl: 'http://127.0.0.1:5000/cb',
    });
  });

  it('names the bad option and shows the broker usage', () => {
    expect(() => parseSimulatorCliArgs(['--port', '70000'], REDIRECTING)).toThrow(
      /--port needs a whole number from 0 to 65535\nusage: openalgo simulate acme/,
    );
    expect(() => parseSimulatorCliArgs(['--seed', '-1'], REDIRECTING)).toThrow(/--seed needs a whole number/);
    expect(() => parseSimulatorCliArgs(['--port'], REDIRECTING)).toThrow(/--port needs a whole number/);
    expect(() => parseSimulatorCliArgs(['--redirect-url', 'ftp://x'], REDIRECTING)).toThrow(/http\(s\) URL/);
    expect(() => parseSimulatorCliArgs(['--bogus'], REDIRECTING)).toThrow(/unknown option --bogus/);
    expect(() => parseSimulatorCliArgs(['--help'], REDIRECTING)).toThrow(simulatorUsage(REDIRECTING));
  });

  it('refuses --redirect-url for a broker without a redirect login, and leaves it out of its usage', () => {
    expect(() => parseSimulatorCliArgs(['--redirect-url', 'http://x/cb'], TOTP)).toThrow(
      /unknown option --redirect-url/,
    );
    expect(simulatorUsage(TOTP)).toBe(
      'usage: openalgo simulate totpco [--port N] [--json] [--seed N] [--no-rate-limits]',
    );
    expect(simulatorUsage(REDIRECTING)).toContain('[--redirect-url URL]');
  });
});

describe('simulatorBanner', () => {
  it('aligns the labels two spaces past the longest and ends with how to stop', () => {
    expect(
      simulatorBanner('Acme', [
        ['API', 'a'],
        ['Order socket', 'b'],
      ]),
    ).toEqual(['Acme', '  API           a', '  Order socket  b', 'Press Ctrl+C to stop.']);
  });
});

describe('runSimulatorCommand', () => {
  it('--json writes exactly one JSON line, then closes the simulator when the signal aborts', async () => {
    const started: FakeSimulator[] = [];
    const lines: string[] = [];
    const stop = new AbortController();
    let ready: FakeSimulator | undefined;
    const done = runSimulatorCommand(spec(started), ['--json', '--seed', '7'], {
      write: (line) => lines.push(line),
      signal: stop.signal,
      onReady: (sim) => {
        ready = sim;
      },
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(ready).toBe(started[0]);
    expect(lines).toEqual(['{"broker":"acme","port":"0","seed":"7"}']);
    expect(started[0]?.closed).toBe(false);
    stop.abort();
    await done;
    expect(started[0]?.closed).toBe(true);
  });

  it('prints the banner without --json, and returns at once on an already aborted signal', async () => {
    const started: FakeSimulator[] = [];
    const lines: string[] = [];
    await runSimulatorCommand(spec(started), ['--port', '0'], {
      write: (line) => lines.push(line),
      signal: AbortSignal.abort(),
    });
    expect(lines[0]).toBe('Acme simulator');
    expect(lines).toContain('  API           http://127.0.0.1:0');
    expect(lines.at(-1)).toBe('Press Ctrl+C to stop.');
    expect(started[0]?.closed).toBe(true);
  });

  it('stops on SIGTERM when no signal is given, and leaves no signal handler behind', async () => {
    const started: FakeSimulator[] = [];
    const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
    let added = 0;
    await runSimulatorCommand(spec(started), ['--json'], {
      write: () => {},
      onReady: () => {
        added = process.listenerCount('SIGTERM') - before.term;
        // The command's own handler, called as SIGTERM would (emitting the signal would reach the runner's).
        (process.listeners('SIGTERM').at(-1) as () => void)();
      },
    });
    expect(added).toBe(1);
    expect(started[0]?.closed).toBe(true);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
    expect(process.listenerCount('SIGINT')).toBe(before.int);
  });

  it('rejects a bad argument before starting anything, and a failed start without leaking handlers', async () => {
    const started: FakeSimulator[] = [];
    await expect(runSimulatorCommand(spec(started), ['--port', 'x'])).rejects.toThrow(/--port/);
    expect(started).toHaveLength(0);
    const before = process.listenerCount('SIGINT');
    await expect(runSimulatorCommand(spec(started, new Error('no port')), [])).rejects.toThrow('no port');
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('defineSimulatorCli binds the spec into a broker pair of parseSimulatorArgs and runSimulatorCli', async () => {
    const started: FakeSimulator[] = [];
    const cli = defineSimulatorCli(spec(started));
    expect(cli.parseSimulatorArgs(['--seed=3'])).toEqual({ port: 0, json: false, seed: 3, rateLimits: true });
    const lines: string[] = [];
    await cli.runSimulatorCli(['--json', '--port', '0'], {
      write: (l) => lines.push(l),
      signal: AbortSignal.abort(),
    });
    expect(lines).toEqual(['{"broker":"acme","port":"0","seed":"42"}']);
    expect(started[0]?.closed).toBe(true);
  });
});
