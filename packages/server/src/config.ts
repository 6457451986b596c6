import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { findAppDir } from './accounts/broker-catalog.js';
import { API_KEY_FORMAT, API_KEY_PATTERN } from './auth/api-keys.js';
import { GENERATE_KEY_COMMAND, parseSecretKey, SECRET_KEY_ENV, SecretKeyError } from './auth/secret-key.js';

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 5000,
  wsPort: 8765,
  dataDir: './.openalgo',
  broker: 'sandbox',
  logLevel: 'info',
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const portSchema = z
  .string()
  .regex(/^\d{1,5}$/, { error: 'must be a port number between 0 and 65535' })
  .transform(Number)
  .refine((n) => n <= 65535, { error: 'must be a port number between 0 and 65535' });

/** Every setting `openalgo serve` takes, as flags and as environment variables. */
export const SETTINGS = {
  host: { flag: '--host', env: 'OPENALGO_HOST' },
  port: { flag: '--port', env: 'OPENALGO_PORT' },
  wsPort: { flag: '--ws-port', env: 'OPENALGO_WS_PORT' },
  dataDir: { flag: '--data-dir', env: 'OPENALGO_DATA_DIR' },
  broker: { flag: '--broker', env: 'OPENALGO_BROKER' },
  appDir: { flag: '--app-dir', env: 'OPENALGO_APP_DIR' },
  brokerPaths: { flag: '--broker-path', env: 'OPENALGO_BROKER_PATHS' },
  logLevel: { flag: '--log-level', env: 'OPENALGO_LOG_LEVEL' },
  publicUrl: { flag: '--public-url', env: 'OPENALGO_PUBLIC_URL' },
  simulate: { flag: '--simulate', env: 'OPENALGO_SIMULATE' },
  apiKey: { flag: undefined, env: 'OPENALGO_API_KEY' },
  secretKey: { flag: undefined, env: SECRET_KEY_ENV },
} as const;
type SettingName = keyof typeof SETTINGS;

const TRUE_WORDS = ['1', 'true', 'yes', 'on'];
const FALSE_WORDS = ['0', 'false', 'no', 'off'];

/** An on/off environment variable, as people write them. */
const switchSchema = z
  .string()
  .trim()
  .toLowerCase()
  .refine((text) => TRUE_WORDS.includes(text) || FALSE_WORDS.includes(text), {
    error: `must be one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`,
  })
  .transform((text) => TRUE_WORDS.includes(text));

const ServeInputSchema = z.object({
  host: z.string().trim().min(1, { error: 'must not be empty' }),
  port: portSchema,
  wsPort: z.union([z.literal('off').transform(() => 'off' as const), portSchema], {
    error: 'must be a port number between 0 and 65535, or "off"',
  }),
  dataDir: z.string().trim().min(1, { error: 'must not be empty' }),
  broker: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,31}$/, { error: 'must be a broker id such as sandbox or zerodha' }),
  appDir: z.string().trim().min(1).optional(),
  brokerPaths: z.array(z.string().min(1)).default([]),
  logLevel: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }),
  publicUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://algo.example.com' })
    .optional(),
  apiKey: z
    .string()
    .regex(API_KEY_PATTERN, { error: `${API_KEY_FORMAT}; generate one with: ${GENERATE_KEY_COMMAND}` })
    .optional(),
  secretKey: z.string().optional(),
  simulate: switchSchema.optional(),
});

export interface ServerConfig {
  host: string;
  port: number;
  /** The WebSocket feed's own port (OpenAlgo's 8765); `off` serves it only at /ws on `port`. */
  wsPort: number | 'off';
  /** Absolute. */
  dataDir: string;
  /** The broker of the default account (the one OPENALGO_API_KEY and the first key are bound to). */
  broker: string;
  /** The app whose package.json declares the broker packages. Absolute. */
  appDir: string;
  /** Extra local broker package directories (a third party's adapter in development). */
  brokerPaths: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  /** How users reach the server (for login links); defaults to http://host:port. */
  publicUrl: string | undefined;
  /** A known API key for the default account (automation). */
  apiKey: string | undefined;
  /** Start over when the secret key changed (drops API keys and sessions). */
  rekey: boolean;
  /**
   * Run `broker` against the loopback simulator its package ships (`--simulate`): the real adapter,
   * login included, over the wire to a simulated exchange. Never the sandbox.
   */
  simulate: boolean;
}

/** Configuration the user must fix. Every line names the flag/variable and what is expected. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type ServeFlags = Partial<
  Record<Exclude<SettingName, 'apiKey' | 'secretKey' | 'simulate'>, string | string[]>
> & {
  rekey?: boolean;
  simulate?: boolean;
};

function describe(name: SettingName): string {
  const { flag, env } = SETTINGS[name];
  return flag ? `${flag} (or ${env})` : env;
}

/**
 * `openalgo serve`'s configuration from flags, then environment variables, then defaults, checked
 * with zod. Problems come back together, each naming the flag or variable, the bad value and
 * what would be accepted — secret values are never echoed.
 */
export function resolveServeConfig(
  flags: ServeFlags,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): ServerConfig {
  const pick = (name: SettingName): string | undefined => {
    const fromFlag = name in flags ? flags[name as keyof ServeFlags] : undefined;
    if (typeof fromFlag === 'string') return fromFlag;
    const fromEnv = env[SETTINGS[name].env];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    return name in DEFAULTS ? String(DEFAULTS[name as keyof typeof DEFAULTS]) : undefined;
  };
  const pathsFlag = flags.brokerPaths;
  const brokerPaths = Array.isArray(pathsFlag)
    ? pathsFlag
    : typeof pathsFlag === 'string'
      ? [pathsFlag]
      : (env[SETTINGS.brokerPaths.env] ?? '').split(/[,:;]/).filter((p) => p.trim() !== '');
  const input: Record<string, unknown> = {
    ...Object.fromEntries(Object.keys(SETTINGS).map((name) => [name, pick(name as SettingName)])),
    brokerPaths,
    // The flag is a bare switch; the variable is a word (OPENALGO_SIMULATE=1).
    simulate: flags.simulate === true ? 'true' : env[SETTINGS.simulate.env] || undefined,
  };
  const parsed = ServeInputSchema.safeParse(input);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '') as SettingName;
      const shown = name === 'apiKey' || name === 'secretKey' ? '' : ` (got ${JSON.stringify(input[name])})`;
      problems.push(`${name in SETTINGS ? describe(name) : name}: ${issue.message}${shown}`);
    }
  }
  if (typeof input.secretKey === 'string') {
    try {
      parseSecretKey(input.secretKey, SECRET_KEY_ENV);
    } catch (error) {
      if (!(error instanceof SecretKeyError)) throw error;
      problems.push(error.message);
    }
  }
  if (parsed.success && parsed.data.simulate && parsed.data.broker === DEFAULTS.broker) {
    problems.push(
      `${describe('simulate')}: runs a broker's own loopback simulator in place of the real broker, so it ` +
        `needs ${describe('broker')} naming that broker, e.g. --broker zerodha --simulate ` +
        '(the sandbox is simulated already)',
    );
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  // The secret key was only checked here: it stays out of the configuration (which may be printed).
  const { secretKey: _secret, ...data } = parsed.data;
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    ...data,
    dataDir: absolute(data.dataDir),
    appDir: data.appDir ? absolute(data.appDir) : findAppDir(cwd),
    brokerPaths: data.brokerPaths.map(absolute),
    publicUrl: data.publicUrl?.replace(/\/+$/, ''),
    apiKey: data.apiKey,
    rekey: flags.rekey === true,
    simulate: data.simulate === true,
  };
}
