import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import type { LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import { buildServer, type ServerHandle } from '../../src/app.js';
import { resolveServeConfig } from '../../src/config.js';
import { createServerLogger } from '../../src/logging.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';

type Json = Record<string, unknown>;

export interface StrategyServer {
  server: ServerHandle;
  clock: ManualClock;
  key: string;
  /** POST /api/v1/<path> with the key. */
  api(path: string, body?: Json): Promise<{ status: number; body: Json }>;
  /** POST /strategy/webhook/<id>. */
  webhook(
    id: string,
    body: unknown,
    options?: { headers?: Record<string, string>; ip?: string },
  ): Promise<{ status: number; body: Json }>;
  /** The net quantity of SBIN-like symbols in the position book, by symbol. */
  netPositions(): Promise<Record<string, number>>;
  /** Creates a strategy; returns its id and webhook id. */
  create(settings: Json): Promise<{ id: number; webhookId: string }>;
  close(): Promise<void>;
}

function parsed(response: LightMyRequestResponse): { status: number; body: Json } {
  return { status: response.statusCode, body: JSON.parse(response.body) as Json };
}

/**
 * A whole server (sandbox broker, real SQLite store) on a manual clock, driven with inject: the
 * webhook goes through the same app, store and order path as in production. The clock starts at
 * the sandbox's default, Monday 5 Jan 2026 09:30 IST, when the market is open.
 */
export async function strategyServer(
  start = DEFAULT_SANDBOX_START,
  logger: Logger = createServerLogger({ level: 'silent' }),
): Promise<StrategyServer> {
  const tmp = tempDir();
  const env = { OPENALGO_SECRET_KEY: TEST_SECRET_HEX };
  const clock = new ManualClock(start);
  const config = resolveServeConfig(
    { port: '0', wsPort: 'off', dataDir: 'data', logLevel: 'silent' },
    env,
    tmp.dir,
  );
  const server = await buildServer({ config, clock, env, logger });
  const key = server.newApiKey as string;
  const api: StrategyServer['api'] = async (path, body = {}) =>
    parsed(
      await server.app.inject({ method: 'POST', url: `/api/v1/${path}`, payload: { apikey: key, ...body } }),
    );
  return {
    server,
    clock,
    key,
    api,
    async webhook(id, body, options = {}) {
      const response = await server.app.inject({
        method: 'POST',
        url: `/strategy/webhook/${id}`,
        payload: typeof body === 'string' ? body : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...options.headers },
        ...(options.ip ? { remoteAddress: options.ip } : {}),
      });
      return parsed(response);
    },
    async netPositions() {
      const book = await api('positionbook');
      const rows = (book.body.data ?? []) as Array<{ symbol: string; quantity: number | string }>;
      const out: Record<string, number> = {};
      for (const row of rows) out[row.symbol] = (out[row.symbol] ?? 0) + Number(row.quantity);
      return out;
    },
    async create(settings) {
      const created = await api('strategy/create', settings);
      if (created.status !== 200) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
      const data = created.body.data as { strategy_id: number; webhook_id: string };
      return { id: data.strategy_id, webhookId: data.webhook_id };
    },
    async close() {
      await server.close();
      tmp.cleanup();
    },
  };
}
