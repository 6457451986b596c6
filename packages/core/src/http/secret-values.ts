import { isSecretKey, REDACTED } from './logger.js';

/**
 * Brokers sometimes echo the request back in an error message. The logger redacts by key, but a token
 * inside a free-text message has no key, so on the failure path we collect the values this request
 * sent under secret-named keys and scrub them out of whatever text we put into an error.
 */

/** Short values (a `pin` of "1234") would scrub innocent digits out of messages; real tokens are longer. */
const MIN_SECRET_LENGTH = 6;

function add(out: Set<string>, value: unknown): void {
  if (value === undefined || value === null) return;
  const text = String(value);
  if (text.length >= MIN_SECRET_LENGTH) out.add(text);
  // "token key:secret", "Bearer xyz": the parts can be echoed on their own.
  for (const part of text.split(/[\s:,;=]+/)) if (part.length >= MIN_SECRET_LENGTH) out.add(part);
}

function collectDeep(value: unknown, out: Set<string>, depth: number): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectDeep(item, out, depth + 1);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (isSecretKey(key)) {
      if (typeof v === 'object' && v !== null) collectAll(v, out, depth + 1);
      else add(out, v);
    } else collectDeep(v, out, depth + 1);
  }
}

function collectAll(value: unknown, out: Set<string>, depth: number): void {
  if (depth > 8) return;
  if (value === null || typeof value !== 'object') {
    add(out, value);
    return;
  }
  for (const v of Object.values(value)) collectAll(v, out, depth + 1);
}

/** Secret-keyed values from headers, query and body (form fields or JSON, at any depth). */
export function collectSecretValues(...sources: unknown[]): string[] {
  const out = new Set<string>();
  for (const source of sources) collectDeep(source, out, 0);
  // Longest first, so a full value is replaced before a part of it.
  return [...out].sort((a, b) => b.length - a.length);
}

export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
