// A loopback simulator of Tortoise's wire API, on the testkit's simulator kit. The order book behind
// it is the sandbox engine, so it agrees with every other simulator on what an order does; the kit
// records requests and arms the contract suite's faults (429s, 5xx, a reset after the order was
// committed, malformed bodies, token expiry).
import { randomBytes } from 'node:crypto';
import { type InstrumentRef, type ManualClock, OpenAlgoError } from '@openalgo/core';
import { createSandbox, type SandboxInstance } from '@openalgo/sandbox';
import {
  createSimulatorServer,
  type SimulatorRequest,
  type SimulatorServer,
} from '@openalgo/testkit/simulator';

export const CREDENTIALS = { clientId: 'TT1234', password: 'slow-and-steady' };

export interface TortoiseSimulator {
  url: string;
  server: SimulatorServer;
  sandbox: SandboxInstance;
  close(): Promise<void>;
}

type Reply = { status?: number; body: unknown };

/** Runs one broker call; an OpenAlgo error becomes Tortoise's error envelope. */
async function answer(call: () => Promise<unknown>): Promise<Reply> {
  try {
    return { body: { ok: true, data: await call() } };
  } catch (error) {
    if (!(error instanceof OpenAlgoError)) throw error; // the kit answers 500
    return { status: 400, body: { ok: false, error: { code: error.code, message: error.message } } };
  }
}

export async function startTortoiseSimulator(options: {
  clock: ManualClock;
  seed: number;
}): Promise<TortoiseSimulator> {
  const sandbox = await createSandbox({
    clock: options.clock,
    seed: options.seed,
    config: { scheduler: false },
  });
  const broker = sandbox.adapter;
  let token: string | undefined;
  // Assigned before the first request arrives: the handlers read the server's token-expiry fault.
  let server: SimulatorServer;
  const authed =
    (call: (req: SimulatorRequest) => Promise<unknown>) =>
    (req: SimulatorRequest): Promise<Reply> | Reply => {
      if (
        token === undefined ||
        req.headers.authorization !== `token ${token}` ||
        server.faults.tokensExpired()
      ) {
        return { status: 401, body: { ok: false, error: { code: 'TOKEN', message: 'session expired' } } };
      }
      return answer(() => call(req));
    };
  server = await createSimulatorServer({
    clock: options.clock,
    rateLimitBody: () => ({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } }),
    routes: [
      {
        method: 'POST',
        path: '/v1/session',
        handler: (req) => {
          const body = req.body as Record<string, unknown>;
          if (body.clientId !== CREDENTIALS.clientId || body.password !== CREDENTIALS.password) {
            return {
              status: 401,
              body: { ok: false, error: { code: 'AUTH_FAILED', message: 'wrong client id or password' } },
            };
          }
          token = randomBytes(12).toString('hex');
          server.faults.restoreTokens();
          const expiresAt = options.clock.now() + 24 * 3600_000;
          return { body: { ok: true, data: { token, userId: CREDENTIALS.clientId, expiresAt } } };
        },
      },
      { method: 'POST', path: '/v1/orders', handler: authed((req) => broker.placeOrder(req.body as never)) },
      {
        method: 'PUT',
        path: '/v1/orders/:orderId',
        handler: authed((req) =>
          broker.modifyOrder({ ...(req.body as object), orderId: req.params.orderId } as never),
        ),
      },
      {
        method: 'DELETE',
        path: '/v1/orders/:orderId',
        handler: authed((req) => broker.cancelOrder(req.params.orderId ?? '')),
      },
      { method: 'GET', path: '/v1/orders', handler: authed(() => broker.getOrders()) },
      {
        method: 'GET',
        path: '/v1/orders/:orderId',
        handler: authed((req) => broker.getOrder(req.params.orderId ?? '')),
      },
      { method: 'GET', path: '/v1/trades', handler: authed(() => broker.getTrades()) },
      { method: 'GET', path: '/v1/positions', handler: authed(() => broker.getPositions()) },
      { method: 'GET', path: '/v1/holdings', handler: authed(() => broker.getHoldings()) },
      { method: 'GET', path: '/v1/funds', handler: authed(() => broker.getFunds()) },
      {
        method: 'GET',
        path: '/v1/quotes',
        handler: authed((req) => {
          const refs = req.searchParams.getAll('i').map((key): InstrumentRef => {
            const [exchange, ...symbol] = key.split(':');
            return { exchange, symbol: symbol.join(':') } as InstrumentRef;
          });
          return broker.getQuotes(refs);
        }),
      },
      {
        method: 'GET',
        path: '/v1/instruments',
        handler: authed(async () => {
          const rows = [];
          for await (const row of broker.downloadInstruments()) rows.push(row);
          return rows;
        }),
      },
    ],
  });
  return {
    url: server.url,
    server,
    sandbox,
    async close() {
      await server.close();
      await sandbox.close();
    },
  };
}
