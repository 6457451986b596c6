import { InstrumentIndex, ManualClock, noopLogger } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import fyers from '../../src/index.js';
import simulatorEntry, {
  type FyersSimulator,
  loginWithForm,
  parseSimulatorArgs,
  runSimulatorCli,
  startSimulatorForServer,
} from '../../src/simulator/index.js';

/** Runs the CLI until `use` is done with the simulator, collecting what it printed. */
async function runCli(argv: string[], use: (sim: FyersSimulator) => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const controller = new AbortController();
  let failure: unknown;
  await runSimulatorCli(argv, {
    write: (line) => lines.push(line),
    signal: controller.signal,
    onReady: (sim) => {
      use(sim)
        .catch((error: unknown) => {
          failure = error;
        })
        .finally(() => controller.abort());
    },
  });
  if (failure) throw failure;
  return lines;
}

describe('openalgo simulate fyers', () => {
  it('--json prints exactly one JSON line with the URLs and credentials, and serves until stopped', async () => {
    let apiUrl = '';
    const lines = await runCli(['--json', '--port', '0', '--seed', '7'], async (sim) => {
      apiUrl = sim.apiUrl;
      const page = await request(sim.loginPageUrl);
      expect(page.statusCode).toBe(200);
      await page.body.dump();
    });
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] as string) as Record<string, string>;
    expect(Object.keys(summary)).toEqual([
      'broker',
      'apiUrl',
      'dataUrl',
      'loginUrl',
      'dataWsUrl',
      'orderWsUrl',
      'instrumentsUrl',
      'appId',
      'secretKey',
      'redirectUrl',
      'userId',
      'password',
      'pin',
    ]);
    expect(summary.broker).toBe('fyers');
    expect(summary.apiUrl).toBe(apiUrl);
    expect(summary.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3$/);
    expect(summary.dataUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/data$/);
    expect(summary.loginUrl).toMatch(/\/api\/v3\/generate-authcode$/);
    expect(summary.dataWsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/hsm\/v1-5\/prod$/);
    expect(summary.orderWsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/trade\/v3$/);
    expect(summary.instrumentsUrl).toMatch(/\/sym_details$/);
    expect(summary.appId).toMatch(/^[A-Z0-9]{10}-100$/);
    expect(summary.pin).toMatch(/^\d{4}$/);
    // Stopped: the port no longer answers.
    await expect(request(`${summary.instrumentsUrl}/NSE_CM.csv`)).rejects.toThrow();
  }, 60_000);

  it('prints the URLs and credentials for a human without --json', async () => {
    let sim: FyersSimulator | undefined;
    const lines = await runCli([], async (started) => {
      sim = started;
    });
    const text = lines.join('\n');
    expect(text).toContain(sim?.apiUrl);
    expect(text).toContain(sim?.loginPageUrl);
    expect(text).toContain(`secret key     ${sim?.credentials.secretKey}`);
    expect(text).toContain(`PIN            ${sim?.credentials.pin}`);
  }, 60_000);

  it('parses its flags and refuses unknown ones', () => {
    expect(parseSimulatorArgs(['--port=8123', '--json', '--no-rate-limits', '--seed', '9'])).toEqual({
      port: 8123,
      json: true,
      seed: 9,
      rateLimits: false,
    });
    expect(parseSimulatorArgs(['--redirect-url', 'http://127.0.0.1:5000/cb']).redirectUrl).toBe(
      'http://127.0.0.1:5000/cb',
    );
    expect(() => parseSimulatorArgs(['--port', '70000'])).toThrow(/--port needs a whole number/);
    expect(() => parseSimulatorArgs(['--redirect-url', 'ftp://x'])).toThrow(/http\(s\) URL/);
    expect(() => parseSimulatorArgs(['--bogus'])).toThrow(/unknown option --bogus/);
  });
});

describe('openalgo serve --broker fyers --simulate', () => {
  it('exports both hooks as the default entry', () => {
    expect(typeof simulatorEntry.runSimulatorCli).toBe('function');
    expect(typeof simulatorEntry.startSimulatorForServer).toBe('function');
  });

  it('gives a config the plugin accepts; the real adapter logs in through the browser form and trades', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const callback = 'http://127.0.0.1:9/auth/fyers/callback';
    const started = await startSimulatorForServer({ redirectUrl: callback, clock, logger: noopLogger });
    try {
      const config = fyers.configSchema.parse(started.config);
      expect(config.redirectUrl).toBe(callback);
      const runtime = { clock, logger: noopLogger, http: {} };
      const auth = fyers.auth(config, runtime);
      const loginUrl = auth.loginUrl?.('csrf123') as string;
      const params = await loginWithForm(loginUrl, started.login);
      expect(params.state).toBe('csrf123');
      const session = await auth.completeLogin({ ...params, pin: started.pin });
      expect(session.userId).toBe(started.simulator.credentials.userId);
      expect(session.expiresAt).toBeGreaterThan(clock.now());
      const adapter = await fyers.create({
        config,
        session,
        instruments: new InstrumentIndex({ clock }),
        ...runtime,
      });
      try {
        const funds = await adapter.getFunds();
        expect(funds.availableCash).toBeGreaterThan(0);
      } finally {
        await adapter.close();
      }
    } finally {
      await started.close();
    }
  }, 60_000);
});
