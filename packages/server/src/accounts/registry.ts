import {
  type Clock,
  isSessionExpired,
  type Logger,
  type Session,
  SessionSchema,
  toIstIso,
} from '@openalgo/core';
import type { SandboxConfig } from '@openalgo/sandbox';
import type { ApiKeyService } from '../auth/api-keys.js';
import { SessionUnreadableError, type SessionVault } from '../auth/session-vault.js';
import type { AccountRecord, ServerStore } from '../store/types.js';
import { AccountRuntime } from './account-runtime.js';
import { type BrokerCatalog, type CatalogEntry, SANDBOX_BROKER } from './broker-catalog.js';
import type { BrokerConfigResult } from './broker-config.js';
import type { InstrumentRegistry } from './instruments.js';
import type { AccountResolution, AccountResolver } from './types.js';

export const SANDBOX_ACCOUNT = 'sandbox';
const ANALYZE_SETTING = 'analyze_mode:';

export interface AccountRegistryOptions {
  store: ServerStore;
  catalog: BrokerCatalog;
  /** Each catalog broker's configuration, or why it is not configured. */
  brokerConfigs: ReadonlyMap<string, BrokerConfigResult<unknown>>;
  instruments: InstrumentRegistry;
  vault: SessionVault;
  apiKeys: ApiKeyService;
  clock: Clock;
  logger: Logger;
  /** Public base URL of the server, for "log in at …" messages. */
  baseUrl?: string;
}

export type SessionState = 'active' | 'expired' | 'none' | 'unreadable';

export interface AccountSummary {
  id: string;
  broker: string;
  label: string;
  userId: string | undefined;
  session: SessionState;
  sessionExpiresAt: number | undefined;
  analyzeMode: boolean;
  keyPrefixes: string[];
}

export interface LoginResult {
  account: AccountRecord;
  /** A key minted because the account had none: show it once, it is not stored anywhere. */
  apiKey: string | undefined;
  createdAccount: boolean;
}

type Failure = Extract<AccountResolution, { ok: false }>;

/**
 * The server's accounts (AccountResolver for the REST routes and the WebSocket feed). An API key
 * resolves to its account in one indexed lookup; the account's runtime (adapter, trading services)
 * is built once per session and cached. The built-in sandbox account always exists and logs itself
 * in again when its daily session ends; other brokers need a login through /auth/:broker/login.
 */
export class AccountRegistry implements AccountResolver {
  private readonly options: AccountRegistryOptions;
  private readonly runtimes = new Map<string, AccountRuntime>();
  private readonly opening = new Map<string, Promise<AccountRuntime | Failure>>();
  private closed = false;

  constructor(options: AccountRegistryOptions) {
    this.options = options;
  }

  get catalog(): BrokerCatalog {
    return this.options.catalog;
  }

  /** Makes sure the sandbox account and the default broker's account exist; returns the default. */
  async init(defaultBroker: string = SANDBOX_BROKER): Promise<AccountRecord> {
    const { store, clock } = this.options;
    store.accounts.ensure({
      id: SANDBOX_ACCOUNT,
      broker: SANDBOX_BROKER,
      label: 'Sandbox (paper trading)',
      userId: SANDBOX_ACCOUNT,
      createdAt: clock.now(),
    });
    const entry = this.entryOf(defaultBroker);
    const defaultAccount =
      defaultBroker === SANDBOX_BROKER
        ? (store.accounts.get(SANDBOX_ACCOUNT) as AccountRecord)
        : (store.accounts.list().find((a) => a.broker === defaultBroker) ??
          store.accounts.ensure({
            id: this.freeAccountId(defaultBroker),
            broker: defaultBroker,
            label: entry.plugin.manifest.name,
            userId: undefined,
            createdAt: clock.now(),
          }));
    // Orders a crash left pending are settled now, for every account that can be opened.
    const pending = new Set(store.journal.listByState(['pending']).map((e) => e.accountId));
    for (const accountId of pending) {
      const result = await this.resolveAccount(accountId);
      if (!result.ok) {
        this.options.logger.warn(
          { account: accountId, reason: result.reason },
          'journal: pending orders wait until this account is logged in again',
        );
      }
    }
    return defaultAccount;
  }

  async resolveApiKey(apiKey: string): Promise<AccountResolution> {
    const key = typeof apiKey === 'string' ? this.options.apiKeys.verify(apiKey) : undefined;
    if (!key) return { ok: false, reason: 'invalid_key', message: 'Invalid openalgo apikey' };
    return this.resolveAccount(key.accountId);
  }

  async resolveAccount(accountId: string): Promise<AccountResolution> {
    const runtime = this.runtimes.get(accountId);
    if (runtime) {
      if (!isSessionExpired(runtime.session, this.options.clock.now())) {
        return { ok: true, account: runtime.context() };
      }
      this.runtimes.delete(accountId);
      await runtime.close();
    }
    let opening = this.opening.get(accountId);
    if (!opening) {
      opening = this.open(accountId).finally(() => this.opening.delete(accountId));
      this.opening.set(accountId, opening);
    }
    const result = await opening;
    return result instanceof AccountRuntime ? { ok: true, account: result.context() } : result;
  }

  isAnalyzeMode(accountId: string): boolean {
    return this.options.store.settings.get(`${ANALYZE_SETTING}${accountId}`) === 'on';
  }

  /** Turns analyzer mode on or off for an account; persisted, so it survives a restart. */
  async setAnalyzeMode(accountId: string, on: boolean): Promise<void> {
    // A runtime being opened read the old setting: let it finish, then switch it too.
    await this.opening.get(accountId)?.catch(() => undefined);
    const runtime = this.runtimes.get(accountId);
    if (runtime) await runtime.setAnalyzeMode(on);
    this.options.store.settings.set(`${ANALYZE_SETTING}${accountId}`, on ? 'on' : 'off');
    this.options.logger.info({ account: accountId, analyzeMode: on }, 'analyzer mode changed');
  }

  /**
   * Finishes a broker login: runs the plugin's completeLogin, binds the session to the account of
   * that broker user (creating one if needed), stores it encrypted and mints an API key for an
   * account that has none. The account's old runtime is replaced on its next request.
   */
  async completeLogin(brokerId: string, params: Readonly<Record<string, string>>): Promise<LoginResult> {
    const { store, clock, logger } = this.options;
    const entry = this.entryOf(brokerId);
    const config = this.configOf(entry);
    const auth = entry.plugin.auth(config, { clock, logger: logger.child({ broker: brokerId }), http: {} });
    const session = SessionSchema.parse(await auth.completeLogin(params));
    let createdAccount = false;
    let account =
      store.accounts.findByUser(brokerId, session.userId) ??
      store.accounts.list().find((a) => a.broker === brokerId && a.userId === undefined);
    if (!account) {
      createdAccount = true;
      account = store.accounts.ensure({
        id: this.freeAccountId(brokerId),
        broker: brokerId,
        label: `${entry.plugin.manifest.name} ${session.userId}`,
        userId: session.userId,
        createdAt: clock.now(),
      });
    } else if (account.userId === undefined) {
      store.accounts.setUserId(account.id, session.userId);
      account = { ...account, userId: session.userId };
    }
    store.sessions.put(this.options.vault.seal(account.id, session, clock.now()));
    await this.dropRuntime(account.id);
    const hasKey = this.options.apiKeys.keysOf(account.id).length > 0;
    const apiKey = hasKey ? undefined : this.options.apiKeys.regenerate(account.id).key;
    logger.info({ account: account.id, broker: brokerId, createdAccount }, 'broker login completed');
    // Opened now rather than on the first request, so the instrument master downloads while the
    // user reads the result page; an order placed right after the login then finds its symbol.
    void this.resolveAccount(account.id).catch((error: unknown) => {
      logger.warn({ err: error, account: account.id }, 'could not open the account after its login');
    });
    return { account, apiKey, createdAccount };
  }

  summaries(): AccountSummary[] {
    const { store, clock } = this.options;
    return store.accounts.list().map((account) => {
      const sealed = store.sessions.get(account.id);
      let session: SessionState = 'none';
      if (sealed) {
        if (sealed.keyId !== this.options.vault.keyId) session = 'unreadable';
        else session = sealed.expiresAt <= clock.now() ? 'expired' : 'active';
      }
      return {
        id: account.id,
        broker: account.broker,
        label: account.label,
        userId: account.userId,
        session,
        sessionExpiresAt: sealed?.expiresAt,
        analyzeMode: this.isAnalyzeMode(account.id),
        keyPrefixes: this.options.apiKeys.keysOf(account.id).map((k) => k.prefix),
      };
    });
  }

  loginPath(brokerId: string): string {
    return `${this.options.baseUrl ?? ''}/auth/${encodeURIComponent(brokerId)}/login`;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.opening.values()]);
    const runtimes = [...this.runtimes.values()];
    this.runtimes.clear();
    await Promise.allSettled(runtimes.map((r) => r.close()));
  }

  private async open(accountId: string): Promise<AccountRuntime | Failure> {
    const { store, clock, logger } = this.options;
    const account = store.accounts.get(accountId);
    if (!account) return { ok: false, reason: 'invalid_key', message: 'Invalid openalgo apikey' };
    const entry = this.options.catalog.entries.get(account.broker);
    if (!entry) {
      return this.noSession(
        `Account ${accountId} uses broker "${account.broker}", whose plugin is not loaded: ` +
          'see `openalgo brokers` for why.',
      );
    }
    const configured = this.options.brokerConfigs.get(entry.id);
    if (!configured?.ok) return this.noSession(configured?.message ?? `${entry.id} is not configured`);
    const session = await this.sessionFor(account, entry, configured.config);
    if (!('userId' in session)) return session;
    try {
      const runtime = await AccountRuntime.open({
        record: account,
        entry,
        config: configured.config,
        session,
        instruments: this.options.instruments,
        journal: store.journal,
        sandboxConfig: this.sandboxConfig(),
        analyzeMode: this.isAnalyzeMode(accountId),
        clock,
        logger,
      });
      if (this.closed) {
        await runtime.close();
        return this.noSession('The server is shutting down.');
      }
      this.runtimes.set(accountId, runtime);
      return runtime;
    } catch (error) {
      logger.error({ err: error, account: accountId }, 'could not open the broker session');
      const why = error instanceof Error ? error.message : String(error);
      return this.noSession(
        `The ${entry.id} session of account ${accountId} could not be opened (${why}); ` +
          `log in again at ${this.loginPath(entry.id)}`,
      );
    }
  }

  /** The account's stored session, logging in again by itself for brokers that need no credentials. */
  private async sessionFor(
    account: AccountRecord,
    entry: CatalogEntry,
    config: unknown,
  ): Promise<Session | Failure> {
    const { store, vault, clock, logger } = this.options;
    const loginAt = this.loginPath(entry.id);
    let session: Session | undefined;
    const sealed = store.sessions.get(account.id);
    if (sealed) {
      try {
        session = vault.open(sealed);
      } catch (error) {
        if (!(error instanceof SessionUnreadableError)) throw error;
        logger.warn({ account: account.id, reason: error.reason }, error.message);
        if (entry.plugin.manifest.auth !== 'none') return this.noSession(`${error.message} (${loginAt})`);
      }
    }
    if (session && !isSessionExpired(session, clock.now())) return session;
    if (entry.plugin.manifest.auth === 'none') {
      const auth = entry.plugin.auth(config, { clock, logger, http: {} });
      const fresh = SessionSchema.parse(await auth.completeLogin({}));
      store.sessions.put(vault.seal(account.id, fresh, clock.now()));
      return fresh;
    }
    if (session) {
      return {
        ok: false,
        reason: 'session_expired',
        message:
          `The ${entry.id} session of account ${account.id} expired at ${toIstIso(session.expiresAt)}; ` +
          `log in again at ${loginAt}`,
      };
    }
    return this.noSession(`Account ${account.id} has no ${entry.id} session: log in at ${loginAt}`);
  }

  private noSession(message: string): Failure {
    return { ok: false, reason: 'no_session', message };
  }

  private async dropRuntime(accountId: string): Promise<void> {
    await this.opening.get(accountId)?.catch(() => undefined);
    const runtime = this.runtimes.get(accountId);
    this.runtimes.delete(accountId);
    await runtime?.close();
  }

  private entryOf(brokerId: string): CatalogEntry {
    const entry = this.options.catalog.entries.get(brokerId);
    if (!entry) throw new UnknownBrokerError(brokerId, [...this.options.catalog.entries.keys()]);
    return entry;
  }

  private configOf(entry: CatalogEntry): unknown {
    const configured = this.options.brokerConfigs.get(entry.id);
    if (!configured?.ok)
      throw new BrokerNotConfiguredError(configured?.message ?? `${entry.id} is not configured`);
    return configured.config;
  }

  private sandboxConfig(): SandboxConfig {
    return this.configOf(this.entryOf(SANDBOX_BROKER)) as SandboxConfig;
  }

  private freeAccountId(brokerId: string): string {
    const taken = new Set(this.options.store.accounts.list().map((a) => a.id));
    if (!taken.has(brokerId)) return brokerId;
    for (let n = 2; ; n++) if (!taken.has(`${brokerId}-${n}`)) return `${brokerId}-${n}`;
  }
}

export class UnknownBrokerError extends Error {
  constructor(
    readonly brokerId: string,
    known: string[],
  ) {
    super(
      `No broker plugin "${brokerId}" is loaded (loaded: ${known.join(', ')}); see \`openalgo brokers\`.`,
    );
    this.name = 'UnknownBrokerError';
  }
}

export class BrokerNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerNotConfiguredError';
  }
}
