/**
 * The adapter's side of an equivalence: an undici `MockAgent` (given to the adapter as its
 * dispatcher) that answers every request to the given origins and records each exactly as undici
 * sent it. Nothing leaves the process: unmatched origins fail instead of connecting.
 */
import { MockAgent } from 'undici';
import type { WireRequest } from './wire.js';

/** An answer; objects are sent as JSON, strings as they are. */
export interface AdapterReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RecordingMockAgentOptions {
  /** The origins the adapter is configured with (its real broker hosts are fine: nothing connects). */
  origins: readonly string[];
  /** The answer to one request, as recorded. */
  answer: (request: WireRequest) => AdapterReply;
}

/** A MockAgent answering every request from `answer`, and what it received, in order. */
export function recordingMockAgent(options: RecordingMockAgentOptions): {
  agent: MockAgent;
  seen: WireRequest[];
} {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const seen: WireRequest[] = [];
  for (const origin of options.origins) {
    agent
      .get(origin)
      .intercept({ path: () => true, method: () => true })
      .reply((opts: { method: string; path: string; headers?: unknown; body?: unknown }) => {
        const request: WireRequest = {
          method: opts.method,
          path: opts.path,
          headers: { ...(opts.headers as Record<string, string> | undefined) },
          body: typeof opts.body === 'string' ? opts.body : undefined,
        };
        seen.push(request);
        const reply = options.answer(request);
        const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
        return { statusCode: reply.status, data, responseOptions: { headers: reply.headers ?? {} } };
      })
      .persist();
  }
  return { agent, seen };
}
