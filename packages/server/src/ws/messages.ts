import type { BatchStatus } from '@openalgo/core';
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
  'PROCESSING_ERROR',
  'SERVER_ERROR',
] as const;
export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number];

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

export const ACTIONS = [
  'authenticate',
  'subscribe',
  'unsubscribe',
  'unsubscribe_all',
  'ping',
  'get_broker_info',
  'get_supported_brokers',
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
    const hint =
      name === 'subscribe_orders' || name === 'unsubscribe_orders'
        ? ': order updates are not available on this feed'
        : '';
    return { ok: false, code: 'INVALID_ACTION', message: `Invalid action: ${excerpt(raw)}${hint}`, body };
  }
  return { ok: true, action: action as FeedAction, body };
}

function nonEmpty(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  return value;
}
