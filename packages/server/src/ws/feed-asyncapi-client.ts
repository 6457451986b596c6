import type { FeedMessageDoc } from './feed-asyncapi.js';

/** What a client sends the feed (see `FEED_MESSAGES`). */

export const REQUEST_ID: readonly [string, string, string] = [
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

export const FEED_CLIENT_MESSAGES: readonly FeedMessageDoc[] = [
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
];
