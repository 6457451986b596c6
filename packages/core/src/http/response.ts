import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import type { BrokerFailure } from '../errors/mapper.js';
import { BrokerError, type OpenAlgoError } from '../errors/openalgo-error.js';
import { parseCsv } from './csv.js';
import { parseRetryAfter } from './retry.js';
import type { FailureExtractor, ResponseHeaders, ResponseType } from './types.js';

type ResponseBody = Dispatcher.ResponseData['body'];

/** What the client needs from the response reader to turn trouble into the right error. */
export interface ResponseReadContext {
  broker: string;
  method: string;
  /** Log-safe path. */
  path: string;
  extractFailure: FailureExtractor | undefined;
  /** Maps a broker failure (status, code, message) to the final error. */
  fail: (failure: BrokerFailure) => OpenAlgoError;
  /** Maps an exception while reading the body (reset, deadline) to a transport error. */
  bodyError: (err: unknown) => OpenAlgoError;
  /** Clock time, for Retry-After given as an HTTP date. */
  now: () => number;
  /** Called when a streamed body is finished with, so its deadline stops. */
  release: () => void;
}

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Common places brokers put a human-readable error; first string wins. */
function pickMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 200) || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'error_description', 'error', 'errorMessage', 'msg']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 500);
  }
  return undefined;
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/**
 * A non-2xx body that is an HTML page — nginx's or Cloudflare's 502/504 from in front of the broker —
 * reduced to its status line, e.g. `HTTP 502 Bad Gateway (HTML error page from the broker's gateway)`.
 * The page's text is markup and boilerplate (sometimes the gateway's internals), never the broker's
 * answer, and has no place in an error message. Undefined for anything that is not HTML.
 */
export function htmlErrorSummary(
  status: number,
  headers: ResponseHeaders,
  body: unknown,
): string | undefined {
  if (typeof body !== 'string') return undefined;
  const isHtml =
    /\b(text\/html|application\/xhtml)/i.test(headerText(headers['content-type'])) ||
    body.trimStart().startsWith('<');
  if (!isHtml) return undefined;
  const reason = STATUS_CODES[status] ?? 'Error';
  return `HTTP ${status} ${reason} (HTML error page from the broker's gateway)`;
}

/** The default reading of a non-2xx response: its status plus whatever message the body offers. */
export function defaultFailure(status: number, body: unknown): BrokerFailure {
  const failure: BrokerFailure = { status };
  const message = pickMessage(body);
  if (message !== undefined) failure.message = message;
  return failure;
}

async function readText(body: ResponseBody, ctx: ResponseReadContext): Promise<string> {
  try {
    return await body.text();
  } catch (err) {
    throw ctx.bodyError(err);
  }
}

function tryParseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function malformed(status: number, ctx: ResponseReadContext, what: string, bytes: number): OpenAlgoError {
  // The body itself stays out of the error: a login response carries tokens.
  return new BrokerError(`${ctx.broker}: malformed response (${what}) from ${ctx.method} ${ctx.path}`, {
    broker: ctx.broker,
    raw: { status },
    // A 2xx means the broker processed the request; for a write we just cannot read what it did.
    mayHaveReachedBroker: true,
    details: { reason: 'malformed response', bodyBytes: bytes },
  });
}

/**
 * The failure a response represents, or undefined for success. The adapter's extractor decides first;
 * a non-2xx it does not claim still counts as a failure, read the default way.
 */
function failureOf(
  status: number,
  body: unknown,
  headers: ResponseHeaders,
  ctx: ResponseReadContext,
): BrokerFailure | undefined {
  // Every reader after this — the adapter's extractor included — sees the status line, not the page.
  const seen = isSuccess(status) ? body : (htmlErrorSummary(status, headers, body) ?? body);
  const failure =
    ctx.extractFailure?.(status, seen, headers) ??
    (isSuccess(status) ? undefined : defaultFailure(status, seen));
  if (!failure) return undefined;
  const out: BrokerFailure = failure.status === undefined ? { ...failure, status } : failure;
  if (out.retryAfterMs === undefined && (status === 429 || status === 503)) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], ctx.now());
    if (retryAfterMs !== undefined) return { ...out, retryAfterMs };
  }
  return out;
}

/** Reads a non-2xx body of any response type and throws the mapped failure. */
async function throwFailure(res: Dispatcher.ResponseData, ctx: ResponseReadContext): Promise<never> {
  const text = await readText(res.body, ctx);
  const parsed = tryParseJson(text);
  const body = parsed.ok ? parsed.value : text;
  const headers = res.headers as ResponseHeaders;
  const seen = htmlErrorSummary(res.statusCode, headers, body) ?? body;
  throw ctx.fail(failureOf(res.statusCode, body, headers, ctx) ?? defaultFailure(res.statusCode, seen));
}

async function* guardedStream(body: ResponseBody, ctx: ResponseReadContext): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) yield chunk as Uint8Array;
  } catch (err) {
    throw ctx.bodyError(err);
  } finally {
    // The consumer may stop early; destroying the body frees the connection.
    if (!body.destroyed) body.destroy();
    ctx.release();
  }
}

/** Turns a response into data of the requested type, or throws the right OpenAlgoError. */
export async function readResponse(
  res: Dispatcher.ResponseData,
  responseType: ResponseType,
  ctx: ResponseReadContext,
): Promise<unknown> {
  const status = res.statusCode;
  if (responseType === 'json') {
    const text = await readText(res.body, ctx);
    const headers = res.headers as ResponseHeaders;
    if (text.length === 0 && (status === 204 || status === 205)) {
      const failure = failureOf(status, undefined, headers, ctx);
      if (failure) throw ctx.fail(failure);
      return undefined;
    }
    const parsed = tryParseJson(text);
    if (!parsed.ok && isSuccess(status)) {
      throw malformed(status, ctx, text.length === 0 ? 'empty body' : 'invalid JSON', text.length);
    }
    const body = parsed.ok ? parsed.value : text;
    const failure = failureOf(status, body, headers, ctx);
    if (failure) throw ctx.fail(failure);
    return body;
  }
  if (!isSuccess(status)) return throwFailure(res, ctx);
  switch (responseType) {
    case 'text':
      return readText(res.body, ctx);
    case 'csv':
      return parseCsv(await readText(res.body, ctx));
    case 'buffer':
      try {
        return new Uint8Array(await res.body.arrayBuffer());
      } catch (err) {
        throw ctx.bodyError(err);
      }
    case 'stream':
      return guardedStream(res.body, ctx);
  }
}
