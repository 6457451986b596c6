import { FEED_ERROR_CODES } from './messages.js';

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

const REQUEST_ID: readonly [string, string, string] = [
  'request_id',
  'any',
  'Optional; echoed in the reply so clients can match it',
];
const SYMBOLS_FIELDS: ReadonlyArray<readonly [string, string, string]> = [
  [
    'symbols',
    'list of {symbol, exchange, mode?}',
    'Any number in one message (or a single symbol + exchange)',
  ],
  ['mode', '1|2|3 or LTP|Quote|Depth', 'Any case; default 2 (Quote); an entry’s own mode wins'],
  REQUEST_ID,
];
const ORDER_FIELDS =
  'user_id, mode, broker, orderid, symbol, exchange, action, quantity, price, trigger_price, pricetype, product, order_status, filled_quantity, pending_quantity, average_price, rejection_reason';

export const FEED_MESSAGES: readonly FeedMessageDoc[] = [
  {
    name: 'authenticate',
    direction: 'client→server',
    summary:
      'Authenticate with an OpenAlgo API key (alias action `auth`; key also as `apikey`). Required within 15 s of connecting (else close 4401).',
    fields: [['api_key', 'string', 'The OpenAlgo API key']],
    example: { action: 'authenticate', api_key: '<your 64-hex api key>' },
    replies: ['auth'],
  },
  {
    name: 'subscribe',
    direction: 'client→server',
    summary:
      'Subscribe instruments in a mode. One connection may hold LTP, Quote and Depth of one symbol at once and receives each. At most 10 000 instruments per connection; the upstream is shared and batched to each broker’s limits.',
    fields: [...SYMBOLS_FIELDS, ['depth', 'integer 1–50', 'Book levels for Depth; default 5']],
    example: {
      action: 'subscribe',
      symbols: [
        { symbol: 'RELIANCE', exchange: 'NSE' },
        { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
      ],
      mode: 'Quote',
      request_id: 'r1',
    },
    replies: ['subscribe', 'market_data'],
  },
  {
    name: 'unsubscribe',
    direction: 'client→server',
    summary: 'Remove the named mode of each instrument (other modes stay).',
    fields: SYMBOLS_FIELDS,
    example: { action: 'unsubscribe', symbols: [{ symbol: 'RELIANCE', exchange: 'NSE' }], mode: 2 },
    replies: ['unsubscribe'],
  },
  {
    name: 'unsubscribe_all',
    direction: 'client→server',
    summary: 'Remove every market-data subscription of the connection.',
    fields: [REQUEST_ID],
    example: { action: 'unsubscribe_all' },
    replies: ['unsubscribe'],
  },
  {
    name: 'subscribe_orders',
    direction: 'client→server',
    summary:
      'Receive account-wide order_update messages from every order source of the key’s account whose broker streams orders (live broker; the simulated book in analyzer mode).',
    fields: [REQUEST_ID],
    example: { action: 'subscribe_orders', request_id: 'o1' },
    replies: ['subscribe_orders', 'order_update'],
  },
  {
    name: 'unsubscribe_orders',
    direction: 'client→server',
    summary: 'Stop order updates.',
    fields: [REQUEST_ID],
    example: { action: 'unsubscribe_orders' },
    replies: ['unsubscribe_orders'],
  },
  {
    name: 'ping',
    direction: 'client→server',
    summary: 'Application-level ping (the server also sends protocol pings every 20 s).',
    fields: [
      ['timestamp', 'any', 'Echoed as client_timestamp'],
      ['_pingId', 'any', 'Echoed'],
    ],
    example: { action: 'ping', timestamp: 1767600000000 },
    replies: ['pong'],
  },
  {
    name: 'get_broker_info',
    direction: 'client→server',
    summary: 'Which broker and login the connection is on, and the upstream stream’s state.',
    fields: [],
    example: { action: 'get_broker_info' },
    replies: ['broker_info'],
  },
  {
    name: 'get_supported_brokers',
    direction: 'client→server',
    summary: 'The brokers this server can stream from.',
    fields: [],
    example: { action: 'get_supported_brokers' },
    replies: ['supported_brokers'],
  },
  {
    name: 'auth',
    direction: 'server→client',
    summary:
      'Reply to authenticate. On failure: {type:"auth", status:"error", code: AUTHENTICATION_ERROR | BROKER_ERROR, message}.',
    fields: [
      ['broker, user_id', 'string', ''],
      ['supported_features', '{ltp, quote, depth}', 'Booleans'],
    ],
    example: {
      type: 'auth',
      status: 'success',
      message: 'Authentication successful',
      broker: 'zerodha',
      user_id: 'AB1234',
      supported_features: { ltp: true, quote: true, depth: true },
    },
  },
  {
    name: 'subscribe',
    direction: 'server→client',
    summary:
      'Reply to subscribe: status success | partial | error, one entry per instrument. When nothing could be subscribed because of the broker side it also carries code BROKER_INIT_ERROR (adapter/session could not be set up) or BROKER_CONNECTION_ERROR (broker unreachable); failed entries carry the same code.',
    fields: [
      [
        'subscriptions',
        'list',
        '{symbol, exchange, status, mode, depth, broker} or {…, status:"error", message, code?}',
      ],
    ],
    example: {
      type: 'subscribe',
      status: 'success',
      subscriptions: [
        {
          symbol: 'RELIANCE',
          exchange: 'NSE',
          status: 'success',
          mode: 'Quote',
          depth: 5,
          broker: 'zerodha',
        },
      ],
      message: 'Subscription processing complete',
      broker: 'zerodha',
      request_id: 'r1',
    },
  },
  {
    name: 'unsubscribe',
    direction: 'server→client',
    summary: 'Reply to unsubscribe and unsubscribe_all.',
    fields: [['successful, failed', 'list', 'Per-instrument entries']],
    example: {
      type: 'unsubscribe',
      status: 'success',
      message: 'Unsubscription processing complete',
      successful: [
        { symbol: 'RELIANCE', exchange: 'NSE', status: 'success', mode: 'Quote', broker: 'zerodha' },
      ],
      failed: [],
      broker: 'zerodha',
    },
  },
  {
    name: 'market_data',
    direction: 'server→client',
    summary:
      'One tick in one mode. A connection holding several modes of a symbol receives one message per mode; a richer tick is trimmed for poorer modes (mode rewritten). LTP data: symbol, exchange, mode, ltp, ltt, timestamp; Quote adds volume, last_quantity, average_price, total_buy_quantity, total_sell_quantity, open, high, low, close, oi, change, change_percent, last_trade_quantity, avg_trade_price; Depth adds depth {buy, sell} of {price, quantity, orders}.',
    fields: [
      ['mode', '1 | 2 | 3', 'LTP | Quote | Depth'],
      ['data', 'object', 'See summary'],
    ],
    example: {
      type: 'market_data',
      symbol: 'RELIANCE',
      exchange: 'NSE',
      mode: 1,
      broker: 'zerodha',
      data: {
        symbol: 'RELIANCE',
        exchange: 'NSE',
        mode: 1,
        ltp: 1424.5,
        ltt: 1767600000000,
        timestamp: 1767600000000,
      },
    },
  },
  {
    name: 'subscribe_orders',
    direction: 'server→client',
    summary:
      'Reply to subscribe_orders (status success, partial when one of several sources failed, or error with code BROKER_INIT_ERROR / BROKER_CONNECTION_ERROR / BROKER_ERROR). Also sent with status error and code BROKER_CONNECTION_ERROR when the broker closes an order stream; send subscribe_orders again to resume.',
    fields: [['message', 'string', '']],
    example: {
      type: 'subscribe_orders',
      status: 'success',
      message: 'Subscribed to order updates',
      request_id: 'o1',
    },
  },
  {
    name: 'order_update',
    direction: 'server→client',
    summary: `An order of the account changed (placed, triggered, filled, cancelled, rejected). Fields: ${ORDER_FIELDS}. mode is "live" or "analyze"; order_status uses the order book’s words (open, complete, cancelled, rejected, trigger pending…); rejection_reason is empty unless rejected.`,
    fields: [
      ['mode', 'live | analyze', ''],
      ['order_status', 'string', ''],
      ['quantity, filled_quantity, pending_quantity', 'number', ''],
      ['price, trigger_price, average_price', 'number', ''],
    ],
    example: {
      type: 'order_update',
      user_id: 'AB1234',
      mode: 'live',
      broker: 'zerodha',
      orderid: '260105000000001',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 10,
      price: 0,
      trigger_price: 0,
      pricetype: 'MARKET',
      product: 'MIS',
      order_status: 'complete',
      filled_quantity: 10,
      pending_quantity: 0,
      average_price: 801.35,
      rejection_reason: '',
    },
  },
  {
    name: 'unsubscribe_orders',
    direction: 'server→client',
    summary: 'Reply to unsubscribe_orders.',
    fields: [],
    example: { type: 'unsubscribe_orders', status: 'success', message: 'Unsubscribed from order updates' },
  },
  {
    name: 'pong',
    direction: 'server→client',
    summary: 'Reply to ping; server_timestamp in ms.',
    fields: [
      ['server_timestamp', 'number', ''],
      ['client_timestamp, _pingId', 'any', 'When sent'],
    ],
    example: {
      type: 'pong',
      status: 'success',
      server_timestamp: 1767600000123,
      client_timestamp: 1767600000000,
    },
  },
  {
    name: 'broker_info',
    direction: 'server→client',
    summary:
      'Reply to get_broker_info; adapter_status is connected | connecting | reconnecting | disconnected.',
    fields: [['adapter_status', 'string', '']],
    example: {
      type: 'broker_info',
      status: 'success',
      broker: 'zerodha',
      adapter_status: 'connected',
      user_id: 'AB1234',
      supported_features: { ltp: true, quote: true, depth: true },
    },
  },
  {
    name: 'supported_brokers',
    direction: 'server→client',
    summary: 'Reply to get_supported_brokers.',
    fields: [
      ['brokers', 'list of string', ''],
      ['count', 'number', ''],
    ],
    example: { type: 'supported_brokers', status: 'success', brokers: ['zerodha', 'sandbox'], count: 2 },
  },
  {
    name: 'error',
    direction: 'server→client',
    summary: `OpenAlgo’s error shape, for a request refused as a whole: code is one of ${FEED_ERROR_CODES.join(', ')}.`,
    fields: [['code', 'string', ''], ['message', 'string', ''], REQUEST_ID],
    example: { status: 'error', code: 'NOT_AUTHENTICATED', message: 'You must authenticate first' },
  },
];

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
