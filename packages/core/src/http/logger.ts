/**
 * The logging surface libraries use (docs/architecture.md §9: libraries never print). pino-compatible in shape, so
 * the server can pass a pino instance straight in.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export const noopLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => noopLogger,
};

export const REDACTED = '[REDACTED]';

/**
 * Key names whose values are secrets wherever they appear (headers, bodies, sessions, configs).
 * Matching is case-insensitive on the key with `-`/`_` removed, so `X-Api-Secret`, `api_secret` and
 * `apiSecret` are all caught.
 */
const SECRET_KEY_PATTERNS = [
  'authorization',
  'accesstoken',
  'refreshtoken',
  'requesttoken',
  'feedtoken',
  'publictoken',
  'enctoken',
  'jwttoken',
  'apisecret',
  'secret',
  'secretkey',
  'clientsecret',
  'password',
  'pin',
  'mpin',
  'totp',
  'otp',
  'checksum',
  'apikey',
  'xprivatekey',
  'privatekey',
  'cookie',
  'setcookie',
  'authcode',
  'appidhash',
  'pepper',
  'loginsecrets',
];
const SECRET_KEYS = new Set(SECRET_KEY_PATTERNS);

/** Token-named fields that identify instruments, not sessions; hiding them would only hurt debugging. */
const PUBLIC_TOKEN_KEYS = new Set(['token', 'instrumenttoken', 'exchangetoken', 'symboltoken', 'fytoken']);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_\s]/g, '');
  if (SECRET_KEYS.has(k)) return true;
  if (PUBLIC_TOKEN_KEYS.has(k)) return false;
  return k.endsWith('token') || k.endsWith('secret') || k.endsWith('password');
}

/** A deep copy with every secret-named value replaced; cycles and depth are bounded. */
export function redact(value: unknown, extraKeys: ReadonlySet<string> = new Set(), depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, extraKeys, depth + 1));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(redact({ ...value }, extraKeys, depth + 1) as object),
    };
  }
  if (value instanceof URLSearchParams) return redactQuery(value.toString(), extraKeys);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) || extraKeys.has(key) ? REDACTED : redact(v, extraKeys, depth + 1);
  }
  return out;
}

/** Redacts secret-named parameters of a query string or form body (`a=1&access_token=x`). */
export function redactQuery(query: string, extraKeys: ReadonlySet<string> = new Set()): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      return isSecretKey(key) || extraKeys.has(key) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * Wraps a logger so nothing logged through it can carry a secret by key name. `secretValues` also
 * scrubs known secret strings that could appear inside free text (e.g. a token echoed in a message).
 */
export function createRedactingLogger(
  inner: Logger,
  options: { extraKeys?: Iterable<string>; secretValues?: () => Iterable<string> } = {},
): Logger {
  const extraKeys = new Set(options.extraKeys ?? []);
  const scrub = (obj: object): object => {
    const redacted = redact(obj, extraKeys) as object;
    if (!options.secretValues) return redacted;
    const values = [...options.secretValues()].filter((s) => s.length >= 6);
    if (values.length === 0) return redacted;
    return JSON.parse(
      JSON.stringify(redacted, (_k, v) =>
        typeof v === 'string' ? values.reduce((acc, s) => acc.split(s).join(REDACTED), v) : v,
      ),
    ) as object;
  };
  const wrap = (target: Logger): Logger => ({
    debug: (obj, msg) => target.debug(scrub(obj), msg),
    info: (obj, msg) => target.info(scrub(obj), msg),
    warn: (obj, msg) => target.warn(scrub(obj), msg),
    error: (obj, msg) => target.error(scrub(obj), msg),
    child: (bindings) => wrap(target.child(scrub(bindings))),
  });
  return wrap(inner);
}
