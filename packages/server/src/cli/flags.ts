import { parseArgs } from 'node:util';
import { resolveServeConfig, SETTINGS, type ServeFlags, type ServerConfig } from '../config.js';
import type { CliIo } from './io.js';

/** Flags every command that opens the data directory understands. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  'app-dir': { type: 'string' },
  'broker-path': { type: 'string', multiple: true },
  broker: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const SERVE_OPTIONS = {
  ...COMMON_OPTIONS,
  host: { type: 'string' },
  port: { type: 'string' },
  'ws-port': { type: 'string' },
  'public-url': { type: 'string' },
  rekey: { type: 'boolean' },
  simulate: { type: 'boolean' },
} as const;

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
type OptionSpec = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** Strict parsing: an unknown flag is an error naming it (exit 2), never silently ignored. */
export function parse(argv: string[], options: OptionSpec): { values: Values; positionals: string[] } {
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  return { values: values as Values, positionals };
}

/**
 * Maps parsed flags onto the config resolver's names (`--ws-port` → wsPort). `--simulate` and
 * OPENALGO_SIMULATE belong to `serve` alone: the other commands work on the data directory as is.
 */
export function configFrom(values: Values, io: CliIo, options: { serve?: boolean } = {}): ServerConfig {
  const flags: Record<string, unknown> & ServeFlags = {};
  // SETTINGS names each setting's flag (`--ws-port` for wsPort); the text-valued ones map across.
  for (const [key, { flag }] of Object.entries(SETTINGS)) {
    const value = flag ? values[flag.slice(2)] : undefined;
    if (typeof value === 'string') flags[key] = value;
  }
  const paths = values['broker-path'];
  if (Array.isArray(paths)) flags.brokerPaths = paths.map(String);
  if (values.rekey === true) flags.rekey = true;
  if (values.simulate === true) flags.simulate = true;
  const env = options.serve ? io.env : { ...io.env, [SETTINGS.simulate.env]: undefined };
  return resolveServeConfig(flags, env, io.cwd);
}
