import {
  type BrokerAdapter,
  type Clock,
  type InstrumentRegistry,
  isSessionExpired,
  type JournalVenue,
  type Logger,
  MarketStreams,
  type StreamLogin,
} from '@openalgo/core';
import type { ApiKeyService } from '../auth/api-keys.js';
import type { SessionVault } from '../auth/session-vault.js';
import type { AccountRecord, ServerStore } from '../store/types.js';
import { AccountOpener } from './account-opener.js';
import { ensureBrokerAccount, ensureSandboxAccount } from './account-records.js';
import { AccountRuntime } from './account-runtime.js';
import { type AccountFailure, noSession } from './account-sessions.js';
import { type AccountSummary, summarizeAccounts } from './account-summaries.js';
import { type BrokerCatalog, SANDBOX_BROKER } from './broker-catalog.js';
import type { BrokerConfigResult } from './broker-config.js';
import { completeBrokerLogin } from './broker-login.js';
import { ConfiguredBrokers } from './configured-brokers.js';
import type { AccountResolution, AccountResolver } from './types.js';

export { SANDBOX_ACCOUNT } from './account-records.js';
export type { AccountSummary, SessionState } from './account-summaries.js';

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

export interface LoginResult {
  account: AccountRecord;
  /** A key minted because the account had none: show it once, it is not stored anywhere. */
  apiKey: string | undefined;
  createdAccount: boolean;
}

/**
 * The server's accounts (AccountResolver for the REST routes and the WebSocket feed). An API key
 * resolves to its account in one indexed lookup; the account's runtime (adapter, trading services)
 * is built once per session (AccountOpener) and cached here. The built-in sandbox account always
 * exists and logs itself in again when its daily session ends; other brokers need a login through
 * /auth/:broker/login.
 */
export class AccountRegistry implements AccountResolver {
  /**
   * One market stream per broker login, shared by the feed's clients and the account's analyzer
   * mode; a lost stream reopens on the login's newest session.
   */
  readonly marketStreams: MarketStreams;
  private readonly options: AccountRegistryOptions;
  private readonly brokers: ConfiguredBrokers;
  private readonly opener: AccountOpener;
  private readonly runtimes = new Map<string, AccountRuntime>();
  private readonly opening = new Map<string, Promise<AccountRuntime | AccountFailure>>();
  private closed = false;

  constructor(options: AccountRegistryOptions) {
    this.options = options;
    this.brokers = new ConfiguredBrokers(options.catalog, options.brokerConfigs);
    this.marketStreams = new MarketStreams({
      clock: options.clock,
      logger: options.logger,
      refreshAdapter: (login) => this.refreshedAdapter(login),
    });
    this.opener = new AccountOpener({
      store: options.store,
      brokers: this.brokers,
      instruments: options.instruments,
      vault: options.vault,
      streams: this.marketStreams,
      clock: options.clock,
      logger: options.logger,
      loginPath: (brokerId) => this.loginPath(brokerId),
      isAnalyzeMode: (accountId) => this.isAnalyzeMode(accountId),
    });
  }

  /** Makes sure the sandbox account and the default broker's account exist; returns the default. */
  async init(defaultBroker: string = SANDBOX_BROKER): Promise<AccountRecord> {
    const { store, clock } = this.options;
    const sandbox = ensureSandboxAccount(store.accounts, clock.now());
    const entry = this.brokers.entry(defaultBroker);
    const defaultAccount =
      defaultBroker === SANDBOX_BROKER
        ? sandbox
        : ensureBrokerAccount(store.accounts, defaultBroker, entry.plugin.manifest.name, clock.now());
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
   * Finishes a broker login (completeBrokerLogin: the session is stored for the broker user's
   * account) and mints an API key for an account that has none. The account's old runtime is
   * closed; the next one opens on the new session.
   */
  async completeLogin(brokerId: string, params: Readonly<Record<string, string>>): Promise<LoginResult> {
    const { store, vault, clock, logger } = this.options;
    const { account, createdAccount } = await completeBrokerLogin(
      { store, brokers: this.brokers, vault, clock, logger },
      brokerId,
      params,
    );
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
    const { store, vault, apiKeys, clock } = this.options;
    return summarizeAccounts({
      store,
      vault,
      apiKeys,
      clock,
      isAnalyzeMode: (id) => this.isAnalyzeMode(id),
      sessionsValidFrom: (broker) => this.brokers.sessionsValidFrom(broker),
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
    await this.marketStreams.close();
    await this.opener.close();
  }

  /** The newest adapter of a login whose stream was lost, if its account is (still) that login. */
  private async refreshedAdapter(login: StreamLogin) {
    const account = this.options.store.accounts.findByUser(login.broker, login.userId);
    if (!account) return undefined;
    const result = await this.resolveAccount(account.id);
    if (!result.ok || result.account.broker !== login.broker || result.account.userId !== login.userId) {
      return undefined;
    }
    return result.account.dataAdapter;
  }

  private async open(accountId: string): Promise<AccountRuntime | AccountFailure> {
    const opened = await this.opener.open(accountId, (venue) => this.currentAdapter(accountId, venue));
    if (!(opened instanceof AccountRuntime)) return opened;
    if (this.closed) {
      await opened.close();
      return noSession('The server is shutting down.');
    }
    this.runtimes.set(accountId, opened);
    return opened;
  }

  /**
   * The account's adapter for a venue as it is now: a reconciliation started before a re-login
   * polls the new session's order book, not the closed adapter it placed through (undefined: none).
   */
  private async currentAdapter(accountId: string, venue: JournalVenue): Promise<BrokerAdapter | undefined> {
    if (this.closed) return undefined;
    const result = await this.resolveAccount(accountId);
    if (!result.ok) return undefined;
    const { account } = result;
    // The live venue's adapter is the context's data adapter in either mode.
    if (venue === 'live') return account.dataAdapter;
    return account.analyzeMode ? account.executionAdapter : undefined;
  }

  private async dropRuntime(accountId: string): Promise<void> {
    await this.opening.get(accountId)?.catch(() => undefined);
    const runtime = this.runtimes.get(accountId);
    this.runtimes.delete(accountId);
    await runtime?.close();
  }
}
