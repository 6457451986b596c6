import type {
  BrokerAdapter,
  Clock,
  HostServices,
  InstrumentRegistry,
  JournalVenue,
  Logger,
  MarketStreams,
} from '@openalgo/core';
import { type SandboxConfig, sandboxServices } from '@openalgo/sandbox';
import type { SessionVault } from '../auth/session-vault.js';
import type { ServerStore } from '../store/types.js';
import { EgressAddressError, egressFor } from './account-egress.js';
import { AccountRuntime } from './account-runtime.js';
import { type AccountFailure, noSession, storedSession } from './account-sessions.js';
import { SANDBOX_BROKER } from './broker-catalog.js';
import type { ConfiguredBrokers } from './configured-brokers.js';
import { LoginRateLimiters } from './login-rate-limiters.js';

export interface AccountOpenerOptions {
  store: ServerStore;
  brokers: ConfiguredBrokers;
  instruments: InstrumentRegistry;
  vault: SessionVault;
  streams: MarketStreams;
  clock: Clock;
  logger: Logger;
  /** Where the user logs in again to a broker, for the messages. */
  loginPath: (brokerId: string) => string;
  /** Whether the account is in analyzer mode (a persisted setting). */
  isAnalyzeMode: (accountId: string) => boolean;
}

/**
 * Builds an account's runtime from its stored session: finds the broker's plugin and configuration,
 * opens the session from the vault and wires the runtime to what outlives it — the broker login's
 * rate limiter (owned here, so a re-login finds the same one) and the sandbox's durable books.
 * Every reason the account cannot be opened comes back as an AccountFailure saying what to do.
 */
export class AccountOpener {
  /** What plugins get from the server: the sandbox keeps its books in the server's database. */
  private readonly host: HostServices;
  /** One rate limiter per broker login, outliving its adapters (re-logins) and, stored, restarts. */
  private readonly rateLimiters: LoginRateLimiters;

  constructor(private readonly options: AccountOpenerOptions) {
    this.host = sandboxServices({ store: options.store.sandbox });
    this.rateLimiters = new LoginRateLimiters({
      store: options.store.rateWindows,
      clock: options.clock,
      logger: options.logger,
    });
  }

  /**
   * Opens the account's runtime. `currentAdapter` answers, for a reconciliation started before a
   * re-login, which adapter the account has now.
   */
  async open(
    accountId: string,
    currentAdapter: (venue: JournalVenue) => Promise<BrokerAdapter | undefined>,
  ): Promise<AccountRuntime | AccountFailure> {
    const { store, brokers, clock, logger } = this.options;
    const account = store.accounts.get(accountId);
    if (!account) return { ok: false, reason: 'invalid_key', message: 'Invalid openalgo apikey' };
    const entry = brokers.find(account.broker);
    if (!entry) {
      return noSession(
        `Account ${accountId} uses broker "${account.broker}", whose plugin is not loaded: ` +
          'see `openalgo brokers` for why.',
      );
    }
    const configured = brokers.result(entry.id);
    if (!configured?.ok) return noSession(configured?.message ?? `${entry.id} is not configured`);
    const session = await storedSession({
      account,
      entry,
      config: configured.config,
      store,
      vault: this.options.vault,
      clock,
      logger,
      loginAt: this.options.loginPath(entry.id),
      validFrom: configured.sessionsValidFrom,
    });
    if (!('userId' in session)) return session;
    try {
      return await AccountRuntime.open({
        record: account,
        entry,
        config: configured.config,
        session,
        instruments: this.options.instruments,
        journal: store.journal,
        host: this.host,
        streams: this.options.streams,
        sandboxConfig: brokers.config(brokers.entry(SANDBOX_BROKER).id) as SandboxConfig,
        sandboxStore: store.sandbox,
        analyzeMode: this.options.isAnalyzeMode(accountId),
        egress: egressFor(configured.egress, { id: account.id, userId: session.userId }),
        rateLimiter: this.rateLimiters.limiterFor(
          entry.id,
          session.userId || account.id,
          entry.plugin.manifest.rateLimits,
        ),
        clock,
        logger,
        currentAdapter,
      });
    } catch (error) {
      logger.error({ err: error, account: accountId }, 'could not open the broker session');
      const why = error instanceof Error ? error.message : String(error);
      // A missing egress address is fixed on the host or in the settings; a new login would not help.
      const remedy =
        error instanceof EgressAddressError
          ? 'fix the egress setting'
          : `log in again at ${this.options.loginPath(entry.id)}`;
      return noSession(
        `The ${entry.id} session of account ${accountId} could not be opened (${why}); ${remedy}`,
      );
    }
  }

  /** Writes the logins' recent send times to the store; call after every runtime is closed. */
  async close(): Promise<void> {
    await this.rateLimiters.close();
  }
}
