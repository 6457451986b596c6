import { createServer } from 'node:net';
import {
  createEgressDispatcher,
  describeEgress,
  type Egress,
  type Logger,
  parseEgress,
  type TransportOptions,
} from '@openalgo/core';

/** undici's Dispatcher, as core's transport names it (the server has no undici dependency). */
export type EgressDispatcher = NonNullable<TransportOptions['dispatcher']>;

/**
 * Where a broker's accounts send from, as configured beside the broker's other settings:
 * `egress` for every account of the broker, `accounts.<account id or broker user id>.egress` for
 * one. SEBI wants API orders from the account's registered static IP, so accounts of one server
 * may each need their own source address or proxy.
 */
export interface EgressSettings {
  default?: Egress;
  /** Keyed by account id (`zerodha-2`) or broker user id (`AB1234`). */
  accounts: Record<string, Egress>;
}

export interface EgressSettingsIssue {
  /** `egress.localAddress`, `accounts.zerodha-2.egress.proxy`… */
  field: string;
  message: string;
}

/** The settings the server reads itself; they never reach the plugin's schema. */
export const EGRESS_FIELDS = ['egress', 'accounts'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Environment values are strings: `OPENALGO_ZERODHA_EGRESS={"localAddress":"…"}`. */
function fromJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Reads and checks the egress settings out of a broker's raw settings. Undefined when none are
 * set. Issues name the field; a proxy URL (it may hold a password) is never echoed.
 */
export function readEgressSettings(
  raw: Record<string, unknown>,
): { ok: true; settings: EgressSettings | undefined } | { ok: false; issues: EgressSettingsIssue[] } {
  const issues: EgressSettingsIssue[] = [];
  const settings: EgressSettings = { accounts: {} };
  if (raw.egress !== undefined) {
    const parsed = parseEgress(fromJsonText(raw.egress));
    if (parsed.ok) settings.default = parsed.egress;
    else issues.push(...parsed.issues);
  }
  if (raw.accounts !== undefined) {
    const accounts = fromJsonText(raw.accounts);
    if (!isRecord(accounts)) {
      issues.push({
        field: 'accounts',
        message: 'must be an object keyed by account id or broker user id, e.g. {"AB1234": {"egress": {…}}}',
      });
    } else {
      for (const [key, value] of Object.entries(accounts)) {
        if (!isRecord(value) || Object.keys(value).some((k) => k !== 'egress')) {
          issues.push({ field: `accounts.${key}`, message: 'must be an object holding only "egress"' });
          continue;
        }
        if (value.egress === undefined) continue;
        const parsed = parseEgress(value.egress);
        if (parsed.ok) settings.accounts[key] = parsed.egress;
        else issues.push(...parsed.issues.map((i) => ({ ...i, field: `accounts.${key}.${i.field}` })));
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const none = settings.default === undefined && Object.keys(settings.accounts).length === 0;
  return { ok: true, settings: none ? undefined : settings };
}

/** The account's egress: its own (by account id, then broker user id), else the broker's. */
export function egressFor(
  settings: EgressSettings | undefined,
  account: { id: string; userId?: string | undefined },
): Egress | undefined {
  if (!settings) return undefined;
  return (
    settings.accounts[account.id] ??
    (account.userId === undefined ? undefined : settings.accounts[account.userId]) ??
    settings.default
  );
}

/** A local address this host does not have: the account cannot send until it is fixed. */
export class EgressAddressError extends Error {
  constructor(
    readonly accountId: string,
    readonly localAddress: string,
    readonly code: string,
  ) {
    super(
      `account ${accountId}: egress.localAddress ${localAddress} is not an address of this host (${code}); ` +
        'assign it to an interface (the static IP registered with the broker) or change the setting',
    );
    this.name = 'EgressAddressError';
  }
}

/**
 * A cheap bind check: listening on the address (port 0, closed at once) fails with EADDRNOTAVAIL
 * exactly when undici's connections from it would, so the account fails at open with a message
 * naming it instead of on its first order.
 */
export async function checkLocalAddress(accountId: string, localAddress: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(new EgressAddressError(accountId, localAddress, error.code ?? error.message));
    });
    probe.listen({ host: localAddress, port: 0, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * The account's transport towards its broker when it names an egress: the bind check, then the
 * dispatcher its REST calls use (owned by the account: close it with the account).
 */
export async function openEgressDispatcher(
  accountId: string,
  egress: Egress,
  logger: Logger,
): Promise<EgressDispatcher> {
  if (egress.localAddress !== undefined) await checkLocalAddress(accountId, egress.localAddress);
  logger.info({ egress: describeEgress(egress) }, `broker traffic leaves from ${describeEgress(egress)}`);
  return createEgressDispatcher(egress);
}

/**
 * The start-up half of the bind check: every configured local address this host does not have is
 * logged as a warning naming the broker, the setting and the address, so the operator hears of it
 * at start rather than at the account's first order (which then fails with EgressAddressError).
 * Returns the warnings' texts.
 */
export async function warnUnavailableEgressAddresses(
  configs: ReadonlyMap<string, { ok: boolean; egress?: EgressSettings }>,
  logger: Logger,
): Promise<string[]> {
  const checks: Array<{ broker: string; setting: string; localAddress: string }> = [];
  for (const [broker, result] of configs) {
    if (!result.ok || !result.egress) continue;
    const { default: all, accounts } = result.egress;
    if (all?.localAddress) checks.push({ broker, setting: 'egress', localAddress: all.localAddress });
    for (const [key, egress] of Object.entries(accounts)) {
      if (egress.localAddress) {
        checks.push({ broker, setting: `accounts.${key}.egress`, localAddress: egress.localAddress });
      }
    }
  }
  const warnings: string[] = [];
  await Promise.all(
    checks.map(async ({ broker, setting, localAddress }) => {
      try {
        await checkLocalAddress(broker, localAddress);
      } catch (error) {
        const code = error instanceof EgressAddressError ? error.code : String(error);
        const text =
          `${broker}: ${setting}.localAddress ${localAddress} is not an address of this host (${code}); ` +
          'its accounts cannot reach the broker until the address is assigned or the setting changed';
        logger.warn({ broker, setting: `${setting}.localAddress`, localAddress }, text);
        warnings.push(text);
      }
    }),
  );
  return warnings;
}

/**
 * The egress settings as one status line — `egress: local address 203.0.113.7 (every account);
 * proxy http://***@10.0.0.5:3128 (AB1234)` — with proxy credentials redacted.
 */
export function describeEgressSettings(settings: EgressSettings | undefined): string | undefined {
  if (!settings) return undefined;
  const parts = Object.entries(settings.accounts).map(
    ([key, egress]) => `${describeEgress(egress)} (${key})`,
  );
  if (settings.default) parts.unshift(`${describeEgress(settings.default)} (every account)`);
  return `egress: ${parts.join('; ')}`;
}
