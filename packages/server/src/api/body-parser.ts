import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

function badBody(message: string): ApiError {
  return new ApiError(400, 'INVALID_REQUEST', `body: ${message}`, { field: 'body' });
}

/** True when a parsed body carries a key that prototype-pollution attacks use (as fastify refuses). */
function isPoisoned(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Object.hasOwn(node, '__proto__')) return true;
    const record = node as Record<string, unknown>;
    const ctor = Object.hasOwn(node, 'constructor') ? record.constructor : undefined;
    if (typeof ctor === 'object' && ctor !== null && Object.hasOwn(ctor, 'prototype')) return true;
    for (const key in record) if (Object.hasOwn(record, key)) pending.push(record[key]);
  }
  return false;
}

/**
 * OpenAlgo's clients send JSON, but not always labelled as such: TradingView and Amibroker webhooks
 * post it as text/plain or with no Content-Type. So every body is parsed as JSON whatever its type.
 * Errors say what is wrong with the body without quoting it — it may hold the API key.
 */
export function parseJsonBody(_request: FastifyRequest, text: string): unknown {
  if (text.length === 0) throw badBody('is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    throw badBody(`is not valid JSON${position ? ` (error at position ${position})` : ''}`);
  }
  // The scan only runs when the text could hold such a key at all.
  if ((text.includes('__proto__') || text.includes('constructor')) && isPoisoned(value)) {
    throw badBody('must not contain __proto__ or constructor.prototype');
  }
  return value;
}

/** Scoped to the plugin that calls it: the rest of the app keeps fastify's parsers. */
export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'string' },
    async (request: FastifyRequest, body: string | Buffer) =>
      parseJsonBody(request, typeof body === 'string' ? body : body.toString('utf8')),
  );
}
