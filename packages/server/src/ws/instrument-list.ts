import { EXCHANGES, type Exchange } from '@openalgo/core';
import { FeedRequestError } from './messages.js';

/** One entry of a subscribe/unsubscribe request, checked for shape (not yet against the master). */
export type RequestedItem =
  | { ok: true; symbol: string; exchange: Exchange; mode: unknown }
  | { ok: false; symbol: string; exchange: string; message: string };

const SYMBOL_MAX_LENGTH = 64;
const EXCHANGE_SET: ReadonlySet<string> = new Set(EXCHANGES);

function echo(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, SYMBOL_MAX_LENGTH) : '';
}

function refused(symbol: string, exchange: string, message: string): RequestedItem {
  return { ok: false, symbol, exchange, message };
}

function checkItem(entry: unknown, fallbackMode: unknown): RequestedItem {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return refused('', '', 'Each entry must be an object {symbol, exchange}');
  }
  const item = entry as Record<string, unknown>;
  const symbol = typeof item.symbol === 'string' ? item.symbol.trim() : '';
  const exchange = typeof item.exchange === 'string' ? item.exchange.trim().toUpperCase() : '';
  if (symbol === '' || symbol.length > SYMBOL_MAX_LENGTH) {
    const message = `symbol must be a non-empty string of at most ${SYMBOL_MAX_LENGTH} characters`;
    return refused(echo(item.symbol), echo(item.exchange), message);
  }
  if (!EXCHANGE_SET.has(exchange)) {
    return refused(symbol, echo(item.exchange), `exchange must be one of ${EXCHANGES.join(', ')}`);
  }
  const mode = item.mode === undefined || item.mode === null ? fallbackMode : item.mode;
  return { ok: true, symbol, exchange: exchange as Exchange, mode };
}

/**
 * Reads `symbols: [{symbol, exchange, mode?}]`, or a single `symbol` + `exchange` (OpenAlgo accepts
 * both; the Python SDK sends the single form). A per-entry `mode` wins over the message's `mode`.
 * Entries with a bad shape come back as per-entry errors so one typo does not sink the batch; a
 * request with no usable list at all is refused as a whole.
 */
export function readRequestedItems(body: Record<string, unknown>): RequestedItem[] {
  const list = body.symbols;
  const hasList = list !== undefined && list !== null;
  if (hasList && !Array.isArray(list)) {
    throw new FeedRequestError('INVALID_PARAMETERS', 'symbols must be a list of {symbol, exchange}');
  }
  // No cap per message (the Python client sends all of a call's symbols in one): the frame size and
  // the per-connection bound (MAX_INSTRUMENTS_PER_CLIENT) limit it.
  if (Array.isArray(list) && list.length > 0) {
    return list.map((entry) => checkItem(entry, body.mode));
  }
  if (body.symbol !== undefined && body.exchange !== undefined) {
    return [checkItem({ symbol: body.symbol, exchange: body.exchange }, body.mode)];
  }
  throw new FeedRequestError(
    'INVALID_PARAMETERS',
    'At least one symbol must be specified: send symbols:[{symbol, exchange}] or symbol and exchange',
  );
}
