import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

function badBody(message: string): ApiError {
  return new ApiError(400, 'INVALID_REQUEST', `body: ${message}`, { field: 'body' });
}

/**
 * Largest request body, in bytes. OpenAlgo's bodies are small; the largest legal one is a basket of
 * MAX_BASKET_LEGS (500) legs, which with every field at its longest is about 200 KB compact and
 * 245 KB pretty-printed with two-space indents (measured in test/api/hardening-body-limits.test.ts).
 * 512 KiB leaves twice that, and bounds what one unauthenticated request can make the server parse.
 */
export const MAX_BODY_BYTES = 512 * 1024;

/** Deepest nesting of objects and arrays a body may have: OpenAlgo's deepest (a basket) is 3. */
export const MAX_BODY_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when `text` nests objects/arrays deeper than `limit`, counting brackets outside strings.
 * One linear pass with no allocation, run BEFORE JSON.parse: a deeply nested body costs the parser
 * and everything after it far more than its size suggests. Malformed text is left to JSON.parse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
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
  // Fastify enforces MAX_BODY_BYTES while reading (413); this guards callers that parse directly.
  if (text.length > MAX_BODY_BYTES) {
    throw new ApiError(413, 'INVALID_REQUEST', `body: is larger than ${MAX_BODY_BYTES} bytes`, {
      field: 'body',
    });
  }
  if (nestsDeeperThan(text, MAX_BODY_DEPTH)) {
    throw badBody(`nests objects or arrays deeper than ${MAX_BODY_DEPTH} levels`);
  }
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

/**
 * Scoped to the plugin that calls it: the rest of the app keeps fastify's parsers. The size limit
 * is set here too, so the API is bounded whatever the app's own bodyLimit (413 naming `body`).
 */
export function acceptJsonBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
    async (request: FastifyRequest, body: string | Buffer) =>
      parseJsonBody(request, typeof body === 'string' ? body : body.toString('utf8')),
  );
}
