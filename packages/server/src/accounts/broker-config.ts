import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrokerPlugin, fieldIssues } from '@openalgo/core';
import { EGRESS_FIELDS, type EgressSettings, readEgressSettings } from './account-egress.js';

export const BROKERS_FILE = 'brokers.json';

/** Raw per-broker settings before the plugin's schema has checked them. */
export type RawBrokerConfig = Record<string, unknown>;

export class BrokerConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerConfigFileError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `<dataDir>/brokers.json`: `{ "<broker id>": { "apiKey": "…", … } }`. Absent means empty. */
export function readBrokersFile(dataDir: string): Record<string, RawBrokerConfig> {
  const path = join(dataDir, BROKERS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new BrokerConfigFileError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BrokerConfigFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) {
    throw new BrokerConfigFileError(
      `${path} must be a JSON object keyed by broker id, e.g. {"zerodha": {"apiKey": "…", "apiSecret": "…"}}`,
    );
  }
  for (const [id, value] of Object.entries(parsed)) {
    if (!isRecord(value)) throw new BrokerConfigFileError(`${path}: "${id}" must be an object of settings`);
  }
  return parsed as Record<string, RawBrokerConfig>;
}

/** `OPENALGO_ZERODHA_` for `zerodha`; dashes in ids become underscores. */
export function envPrefix(brokerId: string): string {
  return `OPENALGO_${brokerId.toUpperCase().replace(/-/g, '_')}_`;
}

const snakeToCamel = (name: string) =>
  name.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
const camelToSnake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** `OPENALGO_ZERODHA_API_KEY=…` → `{ apiKey: '…' }` (values stay strings; see coerceFromEnv). */
export function brokerEnv(brokerId: string, env: NodeJS.ProcessEnv): RawBrokerConfig {
  const prefix = envPrefix(brokerId);
  const out: RawBrokerConfig = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !name.startsWith(prefix) || name.length === prefix.length) continue;
    out[snakeToCamel(name.slice(prefix.length))] = value;
  }
  return out;
}

export type BrokerConfigResult<Config> =
  | {
      ok: true;
      config: Config;
      /**
       * Set by `--simulate`: when this run's simulator started. Sessions sealed before it came from a
       * broker this run does not talk to, and cannot work (see sessionState in account-summaries.ts).
       */
      sessionsValidFrom?: number;
      /** Where the broker's accounts send from (`egress`, `accounts.<id>.egress`); absent: the default route. */
      egress?: EgressSettings;
    }
  | { ok: false; message: string; fields: string[] };

function whereToSet(brokerId: string, field: string, dataDir: string): string {
  const top = field.split('.')[0] ?? field;
  return `set ${envPrefix(brokerId)}${camelToSnake(top)} or "${top}" under "${brokerId}" in ${join(dataDir, BROKERS_FILE)}`;
}

function tryJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * A broker's configuration: `brokers.json` overlaid with `OPENALGO_<BROKER>_*` variables, checked
 * with the plugin's own schema. Environment values are strings; a field the schema rejects as a
 * string is retried as JSON (`1000000`, `true`, `{"api":"http://…"}`). Every problem names the
 * field and where to set it.
 */
export function resolveBrokerConfig<Config>(
  plugin: BrokerPlugin<Config>,
  options: {
    file: Record<string, RawBrokerConfig>;
    env: NodeJS.ProcessEnv;
    dataDir: string;
    /** Settings the server fixes (the sandbox's account id): they win over files and the environment. */
    inject?: RawBrokerConfig;
  },
): BrokerConfigResult<Config> {
  const id = plugin.manifest.id;
  const fromEnv = brokerEnv(id, options.env);
  const all: RawBrokerConfig = { ...(options.file[id] ?? {}), ...fromEnv, ...(options.inject ?? {}) };
  // The server's own per-account settings: read here, never shown to the plugin's schema.
  const egress = readEgressSettings(all);
  const merged: RawBrokerConfig = Object.fromEntries(
    Object.entries(all).filter(([name]) => !(EGRESS_FIELDS as readonly string[]).includes(name)),
  );
  let result = plugin.configSchema.safeParse(merged);
  if (!result.success) {
    const retried = { ...merged };
    let changed = false;
    for (const issue of fieldIssues(result.error)) {
      const top = issue.field.split('.')[0] ?? '';
      if (top in fromEnv && !(options.inject && top in options.inject)) {
        retried[top] = tryJson(fromEnv[top]);
        changed = changed || retried[top] !== fromEnv[top];
      }
    }
    if (changed) {
      const second = plugin.configSchema.safeParse(retried);
      if (second.success) result = second;
    }
  }
  if (result.success && egress.ok) {
    return { ok: true, config: result.data, ...(egress.settings ? { egress: egress.settings } : {}) };
  }
  const issues = [...(result.success ? [] : fieldIssues(result.error)), ...(egress.ok ? [] : egress.issues)];
  const message = issues
    .map((i) =>
      i.field ? `${i.field}: ${i.message} (${whereToSet(id, i.field, options.dataDir)})` : i.message,
    )
    .join('; ');
  return {
    ok: false,
    message: `${plugin.manifest.name} (${id}) is not configured: ${message}`,
    fields: issues.map((i) => i.field),
  };
}
