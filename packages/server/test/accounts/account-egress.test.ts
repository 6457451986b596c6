import { type AddressInfo, createServer } from 'node:net';
import zerodha from '@openalgo/broker-zerodha';
import { createKiteSimulator, type KiteSimulator, loginWithForm } from '@openalgo/broker-zerodha/simulator';
import { type BrokerAdapter, type BrokerPlugin, ManualClock, noopLogger } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';
import { countingProxy, recordingRelay, type SeenConnection } from './support/egress-peers.js';

/**
 * Per-account egress through the server's accounts, the REAL Zerodha adapter and the Kite
 * simulator, all on loopback: a relay in front of the simulator records each connection's source
 * address, so an account told to leave from 127.0.0.2 (Linux routes all of 127.0.0.0/8 to
 * loopback) is seen coming from there — REST calls and the ticker's WebSocket — while an account
 * without egress comes from 127.0.0.1; an account behind a proxy reaches the broker only through
 * a loopback CONNECT proxy that counts its tunnels, and the proxy's password is never logged.
 */
const clock = new ManualClock(Date.UTC(2026, 0, 5, 4, 0, 0));
let sim: KiteSimulator;
let relay: Awaited<ReturnType<typeof recordingRelay>>;

/** Whether this host lets a socket bind 127.0.0.2 (Linux does; macOS only has 127.0.0.1). */
async function canBind(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, address, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port > 0));
    });
  });
}
const secondLoopback = await canBind('127.0.0.2');

beforeAll(async () => {
  sim = await createKiteSimulator({ clock, masterSize: 200, apiKey: 'egresskey' });
  relay = await recordingRelay(sim.port);
});
afterAll(async () => {
  await relay?.close();
  await sim?.close();
});

/** The broker's settings as environment variables, its API and ticker behind the relay. */
function zerodhaEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const viaRelay = (url: string) => url.replace(`:${sim.port}`, `:${relay.port}`);
  return {
    OPENALGO_ZERODHA_API_KEY: sim.credentials.apiKey,
    OPENALGO_ZERODHA_API_SECRET: sim.credentials.apiSecret,
    OPENALGO_ZERODHA_REDIRECT_URL: sim.redirectUrl,
    OPENALGO_ZERODHA_BASE_URLS: JSON.stringify({
      api: viaRelay(sim.apiUrl),
      login: sim.loginUrl,
      ws: viaRelay(sim.wsUrl),
      instruments: viaRelay(sim.instrumentsUrl),
    }),
    ...extra,
  };
}

/** Logs the simulator's user in through the registry and opens the account (or says why not). */
async function logIn(
  env: NodeJS.ProcessEnv,
  logger = new RecordingLogger(),
): Promise<{
  registry: TestRegistry;
  opened: { adapter: BrokerAdapter } | { message: string };
  close(): Promise<void>;
}> {
  const { dir, cleanup } = tempDir('openalgo-egress-');
  const registry = testRegistry({ dir, clock, plugins: [zerodha as BrokerPlugin], env, logger });
  const config = registry.brokerConfigs.get('zerodha');
  if (!config?.ok) throw new Error(config?.message ?? 'zerodha is not configured');
  const auth = zerodha.auth(config.config as never, { clock, logger: noopLogger, http: {} });
  const params = await loginWithForm(auth.loginUrl?.('egress') as string, sim.credentials);
  const { apiKey } = await registry.registry.completeLogin('zerodha', params);
  const resolved = await registry.registry.resolveApiKey(apiKey as string);
  return {
    registry,
    opened: resolved.ok ? { adapter: resolved.account.executionAdapter } : { message: resolved.message },
    async close() {
      await registry.close();
      cleanup();
    },
  };
}

/** REST calls and the ticker's upgrade, after which the relay has seen both kinds of connection. */
async function talkToTheBroker(adapter: BrokerAdapter): Promise<void> {
  await adapter.getFunds();
  await adapter.getOrders();
  const stream = adapter.orderStream();
  await new Promise<void>((resolve, reject) => {
    stream.onStatus((status) => {
      if (status.state === 'open') resolve();
      if (status.state === 'closed') reject(new Error(`ticker closed: ${status.reason}`));
    });
  });
  await stream.close();
}

/** What the account's own adapter sent: everything but the login's token exchange (not the account's). */
function accountTraffic(from: number): SeenConnection[] {
  return relay.seen.slice(from).filter((c) => !c.firstLine.includes('/session/token'));
}

function opened(result: { adapter: BrokerAdapter } | { message: string }): BrokerAdapter {
  if ('message' in result) throw new Error(result.message);
  return result.adapter;
}

describe('an account with egress.localAddress', () => {
  it.skipIf(!secondLoopback)(
    'sends its REST calls and its ticker WebSocket from that address; an account without egress sends from 127.0.0.1 (skipped when this host cannot bind 127.0.0.2)',
    async () => {
      // Keyed by the broker user id, in the environment variable the other settings use.
      const from = relay.seen.length;
      const withEgress = await logIn(
        zerodhaEnv({
          OPENALGO_ZERODHA_ACCOUNTS: JSON.stringify({
            [sim.credentials.userId]: { egress: { localAddress: '127.0.0.2' } },
          }),
        }),
      );
      try {
        await talkToTheBroker(opened(withEgress.opened));
      } finally {
        await withEgress.close();
      }
      const egressed = accountTraffic(from);
      expect(egressed.some((c) => c.upgrade)).toBe(true);
      expect(egressed.some((c) => /^GET \/user\/margins/.test(c.firstLine))).toBe(true);
      expect(new Set(egressed.map((c) => c.remoteAddress))).toEqual(new Set(['127.0.0.2']));

      const fromDefault = relay.seen.length;
      const plain = await logIn(zerodhaEnv({}));
      try {
        await talkToTheBroker(opened(plain.opened));
      } finally {
        await plain.close();
      }
      const defaulted = accountTraffic(fromDefault);
      expect(defaulted.some((c) => c.upgrade)).toBe(true);
      expect(new Set(defaulted.map((c) => c.remoteAddress))).toEqual(new Set(['127.0.0.1']));
    },
  );

  it('an address this host does not have fails the account at open, naming the account and the address', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a host, so binding it fails with EADDRNOTAVAIL.
    const from = relay.seen.length;
    const login = await logIn(
      zerodhaEnv({ OPENALGO_ZERODHA_EGRESS: JSON.stringify({ localAddress: '192.0.2.77' }) }),
    );
    try {
      expect(login.opened).toEqual({
        message: expect.stringContaining('account zerodha: egress.localAddress 192.0.2.77'),
      });
      const { message } = login.opened as { message: string };
      expect(message).toContain('EADDRNOTAVAIL');
      // The remedy is the host or the setting; a new login would fail the same way.
      expect(message).toContain('fix the egress setting');
      expect(message).not.toContain('log in again');
      // Nothing of the account's left by another route instead.
      expect(accountTraffic(from)).toEqual([]);
    } finally {
      await login.close();
    }
  });
});

describe('an account with egress.proxy', () => {
  it('reaches the broker only through the proxy (REST and WebSocket), and the proxy password never appears in logs', async () => {
    const password = 'pr0xy-s3cret-Pa55';
    const authorization = `Basic ${Buffer.from(`egress-user:${password}`).toString('base64')}`;
    // The proxy's own connections leave from 127.0.0.3 where the host allows it, so the relay tells
    // tunnelled traffic from anything that went around the proxy.
    const proxy = await countingProxy(authorization, secondLoopback ? '127.0.0.3' : undefined);
    const logger = new RecordingLogger();
    const from = relay.seen.length;
    const proxyUrl = `http://egress-user:${password}@127.0.0.1:${proxy.port}`;
    const login = await logIn(
      zerodhaEnv({ OPENALGO_ZERODHA_EGRESS: JSON.stringify({ proxy: proxyUrl }) }),
      logger,
    );
    try {
      await talkToTheBroker(opened(login.opened));
    } finally {
      await login.close();
      await proxy.close();
    }
    const tunnelled = accountTraffic(from);
    // Every connection of the account's reached the broker through a tunnel the proxy opened.
    expect(tunnelled.some((c) => c.upgrade)).toBe(true);
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(tunnelled.length);
    if (secondLoopback)
      expect(new Set(tunnelled.map((c) => c.remoteAddress))).toEqual(new Set(['127.0.0.3']));
    expect(proxy.tunnels.every((t) => t.target === `127.0.0.1:${relay.port}`)).toBe(true);
    expect(proxy.tunnels.every((t) => t.authorization === authorization)).toBe(true);
    const logs = logger.dump();
    expect(logs).toContain(`broker traffic leaves from proxy http://***@127.0.0.1:${proxy.port}`);
    expect(logs).not.toContain(password);
    expect(logs).not.toContain(Buffer.from(`egress-user:${password}`).toString('base64'));
  });
});
