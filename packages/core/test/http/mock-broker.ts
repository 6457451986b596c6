import { MockAgent } from 'undici';
import { createHttpClient } from '../../src/http/client.js';
import type { HttpClientOptions } from '../../src/http/types.js';
import { ManualClock } from '../../src/time/clock.js';

export const ORIGIN = 'https://api.broker.test';

export interface Reply {
  status: number;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * A MockAgent broker that answers from a script (the last reply repeats) and records every request
 * it saw, so tests can count sends and check the exact wire shape.
 */
export function mockBroker(
  options: Partial<HttpClientOptions> = {},
  replies: Reply[] = [{ status: 200, body: {} }],
) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const seen: SeenRequest[] = [];
  const script = [...replies];
  pool
    .intercept({ path: () => true, method: () => true })
    .reply((opts: { method: string; path: string; headers?: unknown; body?: unknown }) => {
      seen.push({
        method: opts.method,
        path: opts.path,
        headers: { ...(opts.headers as Record<string, string> | undefined) },
        body: typeof opts.body === 'string' ? opts.body : undefined,
      });
      const reply = (script.length > 1 ? script.shift() : script[0]) as Reply;
      const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
      return { statusCode: reply.status, data, responseOptions: { headers: reply.headers ?? {} } };
    })
    .persist();
  const clock = new ManualClock();
  const client = createHttpClient({
    broker: 'testbroker',
    baseUrl: `${ORIGIN}/api`,
    dispatcher: agent,
    clock,
    retry: false,
    ...options,
  });
  return { agent, client, clock, seen };
}
