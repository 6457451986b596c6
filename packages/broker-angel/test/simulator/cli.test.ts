import { ManualClock, totpCode, verifyTotp } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import angel from '../../src/index.js';
import simulatorEntry, {
  type AngelSimulator,
  parseSimulatorArgs,
  runSimulatorCli,
  startSimulatorForServer,
} from '../../src/simulator/index.js';

const SUMMARY_KEYS = [
  'broker',
  'apiUrl',
  'wsUrl',
  'orderWsUrl',
  'instrumentsUrl',
  'apiKey',
  'clientCode',
  'password',
  'totpSecret',
];

describe('openalgo simulate angel', () => {
  it('--json prints exactly one line with the URLs and the credentials it accepts, then stops on the signal', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let ready: (sim: AngelSimulator) => void = () => {};
    const listening = new Promise<AngelSimulator>((resolve) => {
      ready = resolve;
    });
    const done = runSimulatorCli(['--json', '--seed', '7'], {
      write: (line) => lines.push(line),
      signal: stop.signal,
      onReady: (sim) => ready(sim),
    });
    await listening;
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0] as string) as Record<string, string>;
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary.broker).toBe('angel');
    expect(summary.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.wsUrl).toBe(`${summary.apiUrl?.replace('http', 'ws')}/smart-stream`);
    expect(summary.orderWsUrl).toBe(`${summary.apiUrl?.replace('http', 'ws')}/smart-order-update`);
    expect(summary.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    // The secret generates codes the simulator accepts (its clock is the system clock here).
    const code = totpCode(summary.totpSecret as string, Date.now());
    expect(verifyTotp(summary.totpSecret as string, code, Date.now())).toBe(true);
    const master = await request(summary.instrumentsUrl as string);
    expect(master.statusCode).toBe(200);
    await master.body.dump();
    stop.abort();
    await done;
  });

  it('parses its options and refuses unknown ones with the usage', () => {
    expect(parseSimulatorArgs(['--port=0', '--no-rate-limits'])).toEqual({
      port: 0,
      json: false,
      seed: 42,
      rateLimits: false,
    });
    expect(() => parseSimulatorArgs(['--port', '70000'])).toThrow(/--port needs a whole number/);
    expect(() => parseSimulatorArgs(['--redirect-url', 'x'])).toThrow(/unknown option --redirect-url/);
  });

  it('default-exports the simulator entry with both hooks', () => {
    expect(typeof simulatorEntry.runSimulatorCli).toBe('function');
    expect(typeof simulatorEntry.startSimulatorForServer).toBe('function');
  });
});

describe('openalgo serve --broker angel --simulate', () => {
  it('gives a configuration the plugin accepts, and the login its auth completes', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const started = await startSimulatorForServer({
      redirectUrl: 'http://127.0.0.1:9/auth/angel/callback',
      clock,
    });
    try {
      const config = angel.configSchema.parse(started.config);
      expect(config.baseUrls.stream).toBe(started.simulator.wsUrl);
      expect(started.login.userId).toBe(started.simulator.credentials.clientCode);
      const { pin, totpSecret } = started.simulator.credentials;
      expect(started.login.password).toBe(pin);
      expect(started.login.extra).toEqual({ 'TOTP secret': totpSecret });
      const auth = angel.auth(config, {
        clock,
        logger: (await import('@openalgo/core')).noopLogger,
        http: {},
      });
      const session = await auth.completeLogin({
        clientCode: started.login.userId,
        pin,
        totp: totpCode(totpSecret, clock.now()),
      });
      expect(session.userId).toBe(started.simulator.credentials.clientCode);
      expect(session.feedToken).toBeTruthy();
    } finally {
      await started.close();
    }
  });
});
