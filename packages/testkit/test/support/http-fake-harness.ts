import { guardAdapter, InstrumentIndex, ManualClock } from '@openalgo/core';
import { errors, request } from 'undici';
import type { ContractHarness, Fault } from '../../src/harness.js';
import { createSimulatorServer, type RouteMatch, type SimulatorServer } from '../../src/simulator/index.js';
import type { Defect } from './defects.js';
import { FakeAdapter } from './fake-adapter.js';
import { ConnectionResetError, type Envelope, FakeBroker } from './fake-broker.js';
import { FAKE_START_MS } from './fake-harness.js';
import { FAKE_MANIFEST } from './fake-manifest.js';
import { FAKE_FIXTURES, FAKE_ROWS } from './fake-universe.js';
import type { FakeTransport } from './fake-wire.js';

const TOKEN = 'access-token-1';

/** The fake broker behind a loopback HTTP simulator: `POST /api/:op` with a JSON body. */
async function fakeSimulator(broker: FakeBroker, clock: ManualClock): Promise<SimulatorServer> {
  const server: SimulatorServer = await createSimulatorServer({
    clock,
    rateLimitBody: () => ({ ok: false, status: 429, message: 'Too many requests' }),
    routes: [
      {
        method: 'POST',
        path: '/api/:op',
        handler: async (req) => {
          if (req.headers.authorization !== `token ${TOKEN}` || server.faults.tokensExpired()) {
            return { status: 401, body: { ok: false, status: 401, message: 'token expired' } };
          }
          const answer = await broker.call(req.params.op ?? '', (req.body ?? {}) as Record<string, unknown>);
          if (typeof answer === 'string') return { body: answer };
          return { status: answer.ok ? 200 : answer.status, body: answer };
        },
      },
    ],
  });
  return server;
}

/** The adapter's HTTP side: status codes and Retry-After back into the fake's envelopes. */
function httpTransport(baseUrl: string): FakeTransport {
  return async (op, args = {}) => {
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(`${baseUrl}/api/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `token ${TOKEN}` },
        body: JSON.stringify(args),
      });
    } catch (error) {
      if (error instanceof errors.SocketError) throw new ConnectionResetError();
      throw error;
    }
    const text = await res.body.text();
    if (res.statusCode === 429) {
      return {
        ok: false,
        status: 429,
        message: 'rate limited',
        retryAfterSeconds: Number(res.headers['retry-after']),
      };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return text;
    }
    if (res.statusCode >= 400 && (typeof parsed !== 'object' || parsed === null || !('ok' in parsed))) {
      return { ok: false, status: res.statusCode, message: text };
    }
    return parsed as Envelope;
  };
}

function toKitFault(server: SimulatorServer, fault: Fault): void {
  const match: RouteMatch | undefined =
    'op' in fault && fault.op !== undefined ? { method: 'POST', path: `/api/${fault.op}` } : undefined;
  const scope = match ? { match } : {};
  switch (fault.kind) {
    case 'rateLimit':
      server.faults.rateLimitBurst({
        count: fault.count ?? Number.MAX_SAFE_INTEGER,
        retryAfterSeconds: Math.ceil(fault.retryAfterMs / 1000),
        ...scope,
      });
      return;
    case 'loseResponse':
      server.faults.resetAfterCommit(scope);
      return;
    case 'serverError':
      server.faults.serverError({ ...scope, ...(fault.count ? { count: fault.count } : {}) });
      return;
    case 'malformed':
      server.faults.malformedBody(scope);
      return;
    case 'latency':
      server.faults.latency(fault.ms);
  }
}

/**
 * The same fake broker and adapter, but over real loopback sockets with the simulator kit's faults:
 * the shape a third-party broker package's harness takes.
 */
export function httpFakeHarness(defects: readonly Defect[] = []): ContractHarness {
  return {
    name: 'fake over loopback HTTP',
    manifest: FAKE_MANIFEST,
    fixtures: FAKE_FIXTURES,
    async setup() {
      const clock = new ManualClock(FAKE_START_MS);
      const broker = new FakeBroker(clock, new Set(defects));
      const server = await fakeSimulator(broker, clock);
      const instruments = InstrumentIndex.fromRows(FAKE_ROWS);
      const adapter = guardAdapter(
        new FakeAdapter(httpTransport(server.url), instruments, new Set(defects)),
        { manifest: FAKE_MANIFEST, clock },
      );
      return {
        adapter,
        instruments,
        clock,
        backdoor: {
          orders: async () => broker.backdoorOrders(),
          requests: () =>
            server.requests.map((r) => ({ method: r.method, path: r.path, at: r.at, body: r.body })),
          setPrice: async (ref, price) =>
            broker.setPrice(instruments.resolve(ref.symbol, ref.exchange), price),
          advanceClock: (ms) => broker.advance(ms),
          expireSession: async () => void server.faults.expireTokensAt(clock.now()),
          injectFault: (fault) => toKitFault(server, fault),
          clearFaults: () => server.faults.clear(),
        },
        teardown: () => server.close(),
      };
    },
  };
}
