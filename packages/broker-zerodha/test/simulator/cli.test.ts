import { noopLogger } from '@openalgo/core';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import zerodha from '../../src/index.js';
import { loginWithForm } from '../../src/simulator/browser-login.js';
import {
  type KiteSimulator,
  parseSimulatorArgs,
  runSimulatorCli,
  startSimulatorForServer,
} from '../../src/simulator/index.js';

/** Runs the CLI until `use` is done with the simulator, collecting what it printed. */
async function runCli(argv: string[], use: (sim: KiteSimulator) => Promise<void>): Promise<string[]> {
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

describe('openalgo simulate zerodha', () => {
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
    expect(Object.keys(summary).sort()).toEqual(
      [
        'apiKey',
        'apiSecret',
        'apiUrl',
        'broker',
        'instrumentsUrl',
        'loginPageUrl',
        'loginUrl',
        'password',
        'redirectUrl',
        'userId',
        'wsUrl',
      ].sort(),
    );
    expect(summary.apiUrl).toBe(apiUrl);
    expect(summary.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    expect(summary.loginPageUrl).toBe(`${summary.loginUrl}?api_key=${summary.apiKey}&v=3`);
    // Stopped: the port no longer answers.
    await expect(request(`${apiUrl}/instruments`)).rejects.toThrow();
  }, 30_000);

  it('prints the URLs and credentials for a human without --json', async () => {
    let sim: KiteSimulator | undefined;
    const lines = await runCli([], async (s) => {
      sim = s;
    });
    const text = lines.join('\n');
    expect(text).toContain(sim?.apiUrl);
    expect(text).toContain(sim?.loginPageUrl);
    expect(text).toContain(sim?.wsUrl);
    expect(text).toContain(`api_secret   ${sim?.credentials.apiSecret}`);
    expect(text).toContain(`password     ${sim?.credentials.password}`);
  }, 30_000);

  it('parses its flags and refuses unknown ones', () => {
    expect(parseSimulatorArgs(['--port=8123', '--json', '--no-rate-limits'])).toEqual({
      port: 8123,
      json: true,
      seed: 42,
      rateLimits: false,
    });
    expect(parseSimulatorArgs(['--redirect-url', 'http://localhost:5000/cb']).redirectUrl).toBe(
      'http://localhost:5000/cb',
    );
    expect(() => parseSimulatorArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseSimulatorArgs(['--bogus'])).toThrow(/unknown option --bogus/);
  });
});

describe('startSimulatorForServer', () => {
  it('hands the adapter a config that logs in through the real auth flow, redirecting to the server', async () => {
    const callback = 'http://127.0.0.1:5000/auth/zerodha/callback';
    const started = await startSimulatorForServer({ redirectUrl: callback });
    try {
      const config = zerodha.configSchema.parse(started.config);
      expect(config.baseUrls).toEqual(started.config.baseUrls);
      const auth = zerodha.auth(config, {
        clock: { now: Date.now, sleep: async () => {} },
        logger: noopLogger,
        http: {},
      });
      const params = await loginWithForm(auth.loginUrl?.('csrf123') ?? '', started.login);
      expect(params.state).toBe('csrf123');
      const session = await auth.completeLogin(params);
      expect(session).toMatchObject({ broker: 'zerodha', userId: started.login.userId });
      const res = await request(`${config.baseUrls.api}/user/profile`, {
        headers: { 'x-kite-version': '3', authorization: `token ${config.apiKey}:${session.accessToken}` },
      });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
    } finally {
      await started.close();
    }
  }, 30_000);
});
