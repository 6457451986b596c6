import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { apiDocsRoutes, buildOpenApiDocument, renderDocsPage } from '../../src/api/index.js';
import { type buildAsyncApiDocument, FEED_MESSAGES } from '../../src/ws/feed-asyncapi.js';
import { marketDataPayload, orderUpdateMessage } from '../../src/ws/index.js';
import { ACTIONS, FEED_ERROR_CODES, parseIncoming } from '../../src/ws/messages.js';
import { ltpTick } from './fakes.js';

const sent = FEED_MESSAGES.filter((m) => m.direction === 'client→server');
const received = FEED_MESSAGES.filter((m) => m.direction === 'server→client');

describe('the WebSocket feed’s message catalogue', () => {
  it('documents every action the feed accepts, with an example it parses as that action', () => {
    expect(sent.map((m) => m.name).sort()).toEqual([...ACTIONS].sort());
    for (const m of sent) {
      const parsed = parseIncoming(JSON.stringify(m.example));
      expect(parsed).toMatchObject({ ok: true, action: m.name });
    }
  });

  it('documents every message the server sends, each example naming its type', () => {
    expect(received.map((m) => m.name).sort()).toEqual(
      [
        'auth',
        'broker_info',
        'error',
        'market_data',
        'order_update',
        'pong',
        'subscribe',
        'subscribe_orders',
        'supported_brokers',
        'unsubscribe',
        'unsubscribe_orders',
      ].sort(),
    );
    for (const m of received) {
      if (m.name === 'error') expect(m.example).toMatchObject({ status: 'error' });
      else expect(m.example.type).toBe(m.name);
    }
    const error = received.find((m) => m.name === 'error');
    for (const code of FEED_ERROR_CODES) expect(error?.summary).toContain(code);
  });

  it('shows market_data and order_update examples with exactly the fields the feed sends', () => {
    const tick = marketDataPayload(ltpTick('RELIANCE', 'NSE', 1424.5), 1, 5);
    const md = received.find((m) => m.name === 'market_data')?.example;
    expect(Object.keys(md?.data as object)).toEqual(Object.keys(tick));
    const order = orderUpdateMessage(
      { adapter: {} as never, venue: 'live', broker: 'zerodha', userId: 'AB1234' },
      {
        orderId: '1',
        symbol: 'SBIN',
        exchange: 'NSE',
        action: 'BUY',
        priceType: 'MARKET',
        product: 'MIS',
        quantity: 10,
        filledQuantity: 10,
        pendingQuantity: 0,
        price: 0,
        triggerPrice: 0,
        averagePrice: 801.35,
        status: 'complete',
        rawStatus: 'COMPLETE',
        timestamp: '2026-01-05T10:00:00+05:30',
        raw: {},
      },
    );
    const ou = received.find((m) => m.name === 'order_update')?.example;
    expect(Object.keys(ou ?? {})).toEqual(Object.keys(order));
  });

  it('renders a WebSocket section on /api/docs and serves the AsyncAPI document', async () => {
    const page = renderDocsPage(buildOpenApiDocument());
    expect(page).toContain('id="WebSocket-feed"');
    for (const m of FEED_MESSAGES)
      expect(page).toContain(`ws-${m.direction === 'client→server' ? 'send' : 'receive'}-${m.name}`);
    const app = Fastify({ logger: false });
    await app.register(apiDocsRoutes);
    const response = await app.inject({ method: 'GET', url: '/api/asyncapi.json' });
    await app.close();
    expect(response.statusCode).toBe(200);
    const doc = response.json() as ReturnType<typeof buildAsyncApiDocument>;
    expect(doc).toMatchObject({ asyncapi: '3.0.0' });
    const messages = (doc.channels as { feed: { messages: Record<string, unknown> } }).feed.messages;
    expect(Object.keys(messages)).toHaveLength(FEED_MESSAGES.length);
  });
});
