import { FEED_CLIENT_MESSAGES } from './feed-asyncapi-client.js';
import { FEED_SERVER_MESSAGES } from './feed-asyncapi-server.js';

/**
 * The WebSocket feed's messages as data, AsyncAPI-style: what a client sends, what the server sends,
 * with a field table and an example each. It drives `/api/asyncapi.json` and the WebSocket section
 * of `/api/docs`; tests hold the examples to what the feed really parses and sends.
 */
export interface FeedMessageDoc {
  /** The `action` a client sends, or the `type` the server sends (`error`: the error shape). */
  name: string;
  direction: 'client→server' | 'server→client';
  summary: string;
  /** [field, type, notes] */
  fields: ReadonlyArray<readonly [string, string, string]>;
  example: Record<string, unknown>;
  /** For a request: the messages that answer it. */
  replies?: readonly string[];
}

export const FEED_MESSAGES: readonly FeedMessageDoc[] = [...FEED_CLIENT_MESSAGES, ...FEED_SERVER_MESSAGES];

/** An AsyncAPI 3.0 document of the feed: one channel, a send and a receive operation, the messages. */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const id = (m: FeedMessageDoc) => `${m.direction === 'client→server' ? 'client' : 'server'}_${m.name}`;
  const messages = Object.fromEntries(
    FEED_MESSAGES.map((m) => [
      id(m),
      { name: m.name, summary: m.summary, payload: { type: 'object' }, examples: [{ payload: m.example }] },
    ]),
  );
  const refs = (direction: FeedMessageDoc['direction']) =>
    FEED_MESSAGES.filter((m) => m.direction === direction).map((m) => ({
      $ref: `#/channels/feed/messages/${id(m)}`,
    }));
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'OpenAlgo market data and order feed',
      version: '1',
      description:
        'OpenAlgo’s WebSocket proxy protocol: JSON text frames; requests carry `action` (or `type`).',
    },
    servers: {
      standalone: {
        host: '127.0.0.1:8765',
        protocol: 'ws',
        description: 'openalgo serve --ws-port (default 8765)',
      },
      attached: {
        host: '127.0.0.1:5000',
        pathname: '/ws',
        protocol: 'ws',
        description: 'Same port as the REST API',
      },
    },
    channels: { feed: { address: '/', messages } },
    operations: {
      clientRequests: {
        action: 'receive',
        channel: { $ref: '#/channels/feed' },
        messages: refs('client→server'),
      },
      serverMessages: {
        action: 'send',
        channel: { $ref: '#/channels/feed' },
        messages: refs('server→client'),
      },
    },
  };
}
