import { isSecretKey, REDACTED, redactQuery } from '@openalgo/core';
import pino, { type DestinationStream, type Logger } from 'pino';

/** Header and body paths fastify's own request logging could touch, redacted by pino itself. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Plain data only: errors, requests and other class instances are left to pino's serializers. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Replaces secret-named values at any depth of plain data. */
function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (!isPlainRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED : scrub(v, depth + 1);
  return out;
}

interface RequestLike {
  method?: string;
  url?: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** A strategy webhook's id is its secret (strategies/webhook-route.ts): request lines show it redacted. */
const WEBHOOK_ID_IN_PATH = /^(\/strategy\/webhook\/)[^/?#]+/;

/** Request lines keep the path but never a query parameter named like a secret (`?apikey=…`). */
function serializeRequest(req: RequestLike) {
  const url = (req.url ?? '').replace(WEBHOOK_ID_IN_PATH, `$1${REDACTED}`);
  const q = url.indexOf('?');
  return {
    method: req.method,
    url: q < 0 ? url : `${url.slice(0, q)}?${redactQuery(url.slice(q + 1))}`,
    hostname: req.hostname,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

export interface ServerLoggerOptions {
  level?: string;
  /** Defaults to stdout. */
  destination?: DestinationStream;
}

/**
 * The server's pino logger: JSON lines, and every value under a secret-looking key (apikey,
 * authorization, tokens, password, totp… — core's list) replaced at any depth before it is
 * written, including in child bindings. Request URLs have secret query parameters redacted.
 */
export function createServerLogger(options: ServerLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { req: serializeRequest, err: pino.stdSerializers.err, error: pino.stdSerializers.err },
      formatters: {
        log: (object) => scrub(object) as Record<string, unknown>,
        bindings: (bindings) => scrub(bindings) as Record<string, unknown>,
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
