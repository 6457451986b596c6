import type { FeedMessageDoc } from './feed-asyncapi.js';
import { REQUEST_ID } from './feed-asyncapi-client.js';
import { FEED_ERROR_CODES } from './messages.js';

/** What the feed sends a client (see `FEED_MESSAGES`). */

const ORDER_FIELDS =
  'user_id, mode, broker, orderid, symbol, exchange, action, quantity, price, trigger_price, pricetype, product, order_status, filled_quantity, pending_quantity, average_price, rejection_reason';

export const FEED_SERVER_MESSAGES: readonly FeedMessageDoc[] = [
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
