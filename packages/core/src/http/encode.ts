import { redactQuery } from './logger.js';
import type { FormFields, QueryParams, RequestBody } from './types.js';

/** Where requests go: an origin plus a path prefix, split once so each call only concatenates. */
export interface Target {
  origin: string;
  path: string;
}

export interface BaseTarget {
  origin: string;
  /** Path prefix without a trailing slash ('' for none). */
  prefix: string;
}

export function parseBaseUrl(baseUrl: string): BaseTarget {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`baseUrl must be http(s), got ${url.protocol}`);
  }
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

function isAbsolute(path: string): boolean {
  return path.startsWith('https://') || path.startsWith('http://');
}

/** Resolves a request path against the base and appends the encoded query. */
export function resolveTarget(base: BaseTarget, path: string, query: QueryParams | undefined): Target {
  let origin = base.origin;
  let full: string;
  if (isAbsolute(path)) {
    const url = new URL(path);
    origin = url.origin;
    full = url.pathname + url.search;
  } else {
    full = base.prefix + (path.charCodeAt(0) === 0x2f ? path : `/${path}`);
  }
  if (query) {
    const qs = encodeParams(query);
    if (qs) full += (full.includes('?') ? '&' : '?') + qs;
  }
  return { origin, path: full };
}

/** `application/x-www-form-urlencoded` / query encoding; skips undefined and null. */
export function encodeParams(params: QueryParams | FormFields): string {
  let out = '';
  for (const key in params) {
    const value = params[key];
    if (value === undefined || value === null) continue;
    const k = encodeURIComponent(key);
    if (Array.isArray(value)) {
      for (const item of value) out += `${out ? '&' : ''}${k}=${encodeURIComponent(String(item))}`;
    } else {
      out += `${out ? '&' : ''}${k}=${encodeURIComponent(String(value))}`;
    }
  }
  return out;
}

export interface EncodedBody {
  payload: string;
  contentType: string;
}

export function encodeBody(body: RequestBody): EncodedBody {
  if ('form' in body) {
    return { payload: encodeParams(body.form), contentType: 'application/x-www-form-urlencoded' };
  }
  if ('json' in body) return { payload: JSON.stringify(body.json), contentType: 'application/json' };
  return { payload: body.text, contentType: body.contentType };
}

/** Header names lower-cased so a per-call `authorization` replaces a default `Authorization`. */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers) for (const key in headers) out[key.toLowerCase()] = headers[key] as string;
  return out;
}

/**
 * Merged headers for one call. Returns the shared defaults object itself when nothing is added, so
 * the common GET allocates nothing here (undici only reads it).
 */
export function mergeHeaders(
  defaults: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> | undefined,
  contentType: string | undefined,
): Readonly<Record<string, string>> {
  if (!extra && contentType === undefined) return defaults;
  const out: Record<string, string> = { ...defaults };
  if (contentType !== undefined) out['content-type'] = contentType;
  if (extra) for (const key in extra) out[key.toLowerCase()] = extra[key] as string;
  return out;
}

/** The path as it may appear in logs and errors: query parameters with secret names are redacted. */
export function loggablePath(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q + 1) + redactQuery(path.slice(q + 1));
}
