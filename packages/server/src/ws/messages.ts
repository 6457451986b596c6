import { type BatchStatus, type ErrorCode, isOpenAlgoError } from '@openalgo/core';
import { MODE_LABELS, type ModeNumber } from './modes.js';

/** Error codes of OpenAlgo's WebSocket proxy; clients switch on these. */
export const FEED_ERROR_CODES = [
  'INVALID_JSON',
  'INVALID_ACTION',
  'INVALID_MODE',
  'INVALID_PARAMETERS',
  'NOT_AUTHENTICATED',
  'AUTHENTICATION_ERROR',
  'BROKER_ERROR',
  /** The broker's adapter could not be set up for streaming (session refused, no stream offered). */
  'BROKER_INIT_ERROR',
  /** The upstream stream could not be reached (network, timeout, broker down). */
  'BROKER_CONNECTION_ERROR',
  'PROCESSING_ERROR',
  'SERVER_ERROR',
] as const;
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

/** Errors that say the broker side could not be set up for this login: its session, its permissions. */
const INIT_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'AUTH_FAILED',
  'SESSION_EXPIRED',
  'PERMISSION_DENIED',
  'NOT_SUPPORTED',
]);
/** Errors that say the broker could not be reached. */
const CONNECTION_FAILURES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NETWORK',
  'TIMEOUT',
  'BROKER_UNAVAILABLE',
  'RATE_LIMITED',
]);

/**
 * OpenAlgo's code for an upstream stream failure: BROKER_INIT_ERROR where OpenAlgo's adapter
 * `initialize` fails (credentials, session), BROKER_CONNECTION_ERROR where its `connect` fails
 * (network, broker down), BROKER_ERROR for anything else the broker said. Errors about the instrument
 * itself (unknown symbol, bad request) have none: they are the item's own failure.
 */
export function streamFailureCode(err: unknown): FeedErrorCode | undefined {
  if (!isOpenAlgoError(err)) return 'BROKER_ERROR';
  if (err.code === 'SYMBOL_NOT_FOUND' || err.code === 'INVALID_REQUEST') return undefined;
  if (INIT_FAILURES.has(err.code)) return 'BROKER_INIT_ERROR';
  if (CONNECTION_FAILURES.has(err.code)) return 'BROKER_CONNECTION_ERROR';
  return 'BROKER_ERROR';
}

/** A request the feed refuses as a whole; the session turns it into `{status:'error', code, message}`. */
export class FeedRequestError extends Error {
  constructor(
    readonly code: FeedErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FeedRequestError';
  }
}

export type OutgoingMessage = Record<string, unknown>;

/** OpenAlgo's error shape. `request_id` is echoed when the request carried one (additive). */
export function errorReply(code: FeedErrorCode, message: string, requestId?: unknown): OutgoingMessage {
  const reply: OutgoingMessage = { status: 'error', code, message };
  if (requestId !== undefined) reply.request_id = requestId;
  return reply;
}

/** How a batch went: `success` when nothing failed, `error` when nothing succeeded, else `partial`. */
export function batchStatus(succeeded: number, failed: number): BatchStatus {
  return failed === 0 ? 'success' : succeeded === 0 ? 'error' : 'partial';
}

/** One instrument's entry in a (un)subscribe reply that failed. */
export function itemError(
  item: { symbol: string; exchange: string },
  message: string,
  broker: string,
): OutgoingMessage {
  return { symbol: item.symbol, exchange: item.exchange, status: 'error', message, broker };
}

/** One instrument's entry in a (un)subscribe reply that succeeded, in the mode it names. */
export function itemSuccess(
  item: { symbol: string; exchange: string },
  mode: ModeNumber,
  broker: string,
  extra: { depth?: number } = {},
): OutgoingMessage {
  return {
    symbol: item.symbol,
    exchange: item.exchange,
    status: 'success',
    mode: MODE_LABELS[mode],
    ...extra,
    broker,
  };
}

/** Echoes the request's `request_id` (OpenAlgo issue #1376) so clients can match replies. */
export function withRequestId(reply: OutgoingMessage, body: Record<string, unknown>): OutgoingMessage {
  if (body.request_id !== undefined) reply.request_id = body.request_id;
  return reply;
}

/** The reply to `ping`, echoing what OpenAlgo's clients send to measure round trips. */
export function pongReply(body: Record<string, unknown>, serverTimestamp: number): OutgoingMessage {
  const reply: OutgoingMessage = { type: 'pong', status: 'success', server_timestamp: serverTimestamp };
  if (body.timestamp !== undefined) reply.client_timestamp = body.timestamp;
  if (body._pingId !== undefined) reply._pingId = body._pingId;
  return reply;
}

export function supportedBrokers(names: readonly string[]): OutgoingMessage {
  return { type: 'supported_brokers', status: 'success', brokers: [...names], count: names.length };
}

export const ACTIONS = [
  'authenticate',
  'subscribe',
  'unsubscribe',
  'unsubscribe_all',
  'ping',
  'get_broker_info',
  'get_supported_brokers',
  'subscribe_orders',
  'unsubscribe_orders',
] as const;
export type FeedAction = (typeof ACTIONS)[number];

const ACTION_ALIASES: Readonly<Record<string, FeedAction>> = { auth: 'authenticate' };

export type IncomingMessage =
  | { ok: true; action: FeedAction; body: Record<string, unknown> }
  | { ok: false; code: FeedErrorCode; message: string; body?: Record<string, unknown> };

/** Longest excerpt of client input echoed back in an error, so a reply never balloons. */
const ECHO_LIMIT = 40;

function excerpt(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.slice(0, ECHO_LIMIT);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses one client frame. The action is read from `action`, else `type` (OpenAlgo accepts both),
 * matched without regard to case or surrounding spaces.
 */
export function parseIncoming(text: string): IncomingMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, code: 'INVALID_JSON', message: 'Invalid JSON message' };
  }
  if (!isRecord(parsed)) {
    return { ok: false, code: 'INVALID_JSON', message: 'Invalid JSON message: expected a JSON object' };
  }
  const body = parsed;
  const raw = nonEmpty(body.action) ?? nonEmpty(body.type);
  if (raw === undefined) {
    return { ok: false, code: 'INVALID_ACTION', message: 'Missing action: send "action" (or "type")', body };
  }
  if (typeof raw !== 'string') {
    return { ok: false, code: 'INVALID_ACTION', message: `Invalid action: ${excerpt(raw)}`, body };
  }
  const name = raw.trim().toLowerCase();
  const action = ACTION_ALIASES[name] ?? (ACTIONS as readonly string[]).find((a) => a === name);
  if (action === undefined) {
    return { ok: false, code: 'INVALID_ACTION', message: `Invalid action: ${excerpt(raw)}`, body };
  }
  return { ok: true, action: action as FeedAction, body };
}

function nonEmpty(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  return value;
}
