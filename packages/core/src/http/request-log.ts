import { isSecretKey, REDACTED, redact } from './logger.js';
import type { RequestBody } from './types.js';

/**
 * The per-request debug line is built from already-redacted parts instead of going through
 * `createRedactingLogger`, whose generic deep copy costs more than the rest of the client's hot path
 * together (measured in bench/http.bench.ts). Everything that can carry a secret — headers, query,
 * body — passes through here; the other fields are our own (method, safe path, status, timings).
 */

/** Key names repeat endlessly (`i`, `mode`, `authorization`); the bound only guards odd callers. */
const MAX_CACHED_KEYS = 4096;
const secretKeyCache = new Map<string, boolean>();

function isSecretKeyCached(key: string): boolean {
  let secret = secretKeyCache.get(key);
  if (secret === undefined) {
    secret = isSecretKey(key);
    if (secretKeyCache.size < MAX_CACHED_KEYS) secretKeyCache.set(key, secret);
  }
  return secret;
}

/** Shallow copy of a flat record (headers, query, form fields) with secret-named values replaced. */
export function redactFlat(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in record) out[key] = isSecretKeyCached(key) ? REDACTED : record[key];
  return out;
}

/** What the debug line shows of a request body. */
export function loggableBody(body: RequestBody | undefined): unknown {
  if (body === undefined) return undefined;
  if ('form' in body) return redactFlat(body.form);
  if ('json' in body) return redact(body.json);
  // Free text has no keys to redact by, so only its shape is logged.
  return { contentType: body.contentType, chars: body.text.length };
}
