import {
  type BrokerAdapter,
  type Clock,
  type Egress,
  type HostServices,
  type InstrumentRegistry,
  JournalingAdapter,
  type JournalVenue,
  type Logger,
  type MarketStreams,
  type OrderJournal,
  type RateLimiter,
  reconcilePendingOrders,
  type Session,
  TradingService,
  type TransportOptions,
} from '@openalgo/core';
import { type Analyzer, createAnalyzer, type SandboxConfig, type SandboxStore } from '@openalgo/sandbox';
import type { AccountRecord } from '../store/types.js';
import { type EgressDispatcher, openEgressDispatcher } from './account-egress.js';
import type { CatalogEntry } from './broker-catalog.js';
import type { AccountContext } from './types.js';

export interface AccountRuntimeOptions {
  record: AccountRecord;
  entry: CatalogEntry;
  /** The broker's validated configuration. */
  config: unknown;
  session: Session;
  instruments: InstrumentRegistry;
  journal: OrderJournal;
  /** What the server offers plugins (the sandbox's durable store). */
  host: HostServices;
  /** One market stream per broker login, shared by the feed and analyzer mode. */
  streams: MarketStreams;
  /** The sandbox broker's settings, which analyzer mode's paper books follow too. */
  sandboxConfig: SandboxConfig;
  /** Where analyzer mode's paper books persist. */
  sandboxStore: SandboxStore;
  analyzeMode: boolean;
  /** The broker login's rate limiter (shared across re-logins); absent, the adapter builds its own. */
  rateLimiter?: RateLimiter;
  /**
   * Where this account's broker traffic leaves from (its configured local address or proxy). The
   * runtime builds the dispatcher for it, hands both to the plugin and closes the dispatcher with
   * the account. Absent: the default route.
   */
  egress?: Egress | undefined;
  /** Transport the host fixes (tests inject a dispatcher); an injected dispatcher wins over egress. */
  transport?: TransportOptions;
  clock: Clock;
  logger: Logger;
  /**
   * The account's adapter for a venue as it is now (undefined: none). A re-login replaces this
   * runtime while a reconciliation may still be polling; it reads the order book through this.
   */
  currentAdapter?: (venue: JournalVenue) => Promise<BrokerAdapter | undefined>;
}

/** The simulated side of analyzer mode: a sandbox engine priced by the live broker's quotes. */
interface AnalyzerSide {
  analyzer: Analyzer;
  adapter: BrokerAdapter;
  trading: TradingService;
}

/** Sandbox account id of an account's analyzer mode: its paper book lives apart from the sandbox's. */
export function analyzerAccountId(accountId: string): string {
  return `${accountId}~analyze`;
}

/**
 * A venue's adapter behind the order journal: first the orders a crash left pending on it are
 * settled, then every new order is put on record before it reaches the venue.
 */
async function journaled(
  options: AccountRuntimeOptions,
  inner: BrokerAdapter,
  venue: JournalVenue,
  durable: boolean,
  logger: Logger,
): Promise<BrokerAdapter> {
  const where = {
    journal: options.journal,
    accountId: options.record.id,
    venue,
    clock: options.clock,
    logger,
  };
  await reconcilePendingOrders({ ...where, adapter: inner });
  return new JournalingAdapter({ ...where, inner, durable });
}

/**
 * One logged-in account: the broker adapter created from its session, the journaling decorator
 * every order passes through, the trading services, and — in analyzer mode — a sandbox engine that
 * executes against the live broker's prices. Built once per session and reused by every request,
 * so resolving an API key is a lookup, not a construction.
 */
export class AccountRuntime {
  readonly record: AccountRecord;
  readonly entry: CatalogEntry;
  readonly session: Session;
  private readonly options: AccountRuntimeOptions;
  private readonly live: { raw: BrokerAdapter; adapter: BrokerAdapter; trading: TradingService };
  /** The egress dispatcher this runtime built (and closes); undefined without egress. */
  private ownDispatcher: EgressDispatcher | undefined;
  private analyzer: AnalyzerSide | undefined;
  private analyzeMode: boolean;
  private liveContext: AccountContext;
  private analyzeContext: AccountContext | undefined;
  private closed = false;

  private constructor(options: AccountRuntimeOptions, raw: BrokerAdapter, adapter: BrokerAdapter) {
    this.options = options;
    this.record = options.record;
    this.entry = options.entry;
    this.session = options.session;
    this.analyzeMode = false;
    const trading = new TradingService({
      adapter,
      clock: options.clock,
      logger: this.logger,
      orderBook: this.orderBook('live', adapter),
    });
    this.live = { raw, adapter, trading };
    this.liveContext = this.buildContext(adapter, adapter, trading, false);
  }

  static async open(options: AccountRuntimeOptions): Promise<AccountRuntime> {
    const { entry, record, instruments, clock } = options;
    const logger = options.logger.child({ account: record.id, broker: entry.id });
    const http: TransportOptions = {
      ...options.transport,
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
    };
    let ownDispatcher: EgressDispatcher | undefined;
    if (options.egress) {
      http.egress = options.egress;
      // Before the adapter exists: an address this host does not have fails here, naming the account.
      if (!http.dispatcher) {
        ownDispatcher = await openEgressDispatcher(record.id, options.egress, logger);
        http.dispatcher = ownDispatcher;
      }
    }
    let raw: BrokerAdapter;
    try {
      raw = await entry.plugin.create({
        config: options.config,
        session: options.session,
        instruments: instruments.index(entry.id),
        http,
        clock,
        logger,
        host: options.host,
      });
    } catch (error) {
      await ownDispatcher?.close();
      throw error;
    }
    try {
      if (entry.builtin) {
        // The sandbox's master is generated in memory in milliseconds: have it before the first order.
        await instruments.ensure(entry.id, raw, { cache: false });
      } else {
        instruments.ensure(entry.id, raw).catch((error: unknown) => {
          logger.error({ err: error }, 'instrument master load failed');
        });
      }
      // Real money: the pending row is fsynced before the broker hears of the order.
      const adapter = await journaled(options, raw, 'live', !entry.builtin, logger);
      const runtime = new AccountRuntime(options, raw, adapter);
      runtime.ownDispatcher = ownDispatcher;
      await runtime.setAnalyzeMode(options.analyzeMode);
      return runtime;
    } catch (error) {
      await raw.close();
      await ownDispatcher?.close();
      throw error;
    }
  }

  get id(): string {
    return this.record.id;
  }

  get logger(): Logger {
    return this.options.logger.child({ account: this.record.id, broker: this.entry.id });
  }

  context(): AccountContext {
    return this.analyzeMode && this.analyzeContext ? this.analyzeContext : this.liveContext;
  }

  /**
   * Switches analyzer mode. For a live broker the simulated side is created on first use and kept:
   * its paper book persists, so switching back and forth shows the same simulated orders.
   */
  async setAnalyzeMode(on: boolean): Promise<void> {
    if (on && !this.analyzeContext) {
      if (this.entry.builtin) {
        // The sandbox is already simulated: analyzer mode only changes how responses are labelled.
        this.analyzeContext = { ...this.liveContext, analyzeMode: true };
      } else {
        this.analyzer = await this.openAnalyzer();
        const { adapter, trading } = this.analyzer;
        this.analyzeContext = this.buildContext(this.live.adapter, adapter, trading, true);
      }
    }
    this.analyzeMode = on;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const analyzer = this.analyzer;
    this.analyzer = undefined;
    await analyzer?.analyzer.close();
    await this.live.raw.close();
    // After the adapter: its last requests drained, the egress connections can go.
    await this.ownDispatcher?.close();
  }

  private async openAnalyzer(): Promise<AnalyzerSide> {
    const { clock, sandboxConfig, sandboxStore, instruments, streams } = this.options;
    const logger = this.logger.child({ venue: 'analyze' });
    const { accountId: _sandboxAccount, ...settings } = sandboxConfig;
    const analyzer = await createAnalyzer({
      live: this.live.raw,
      accountId: analyzerAccountId(this.record.id),
      store: sandboxStore,
      // The login's one upstream socket, which the feed's clients of this login share too.
      stream: streams.streamFor({ broker: this.entry.id, userId: this.session.userId }, this.live.adapter),
      instruments: instruments.index(this.entry.id),
      expiresAt: this.session.expiresAt,
      config: settings,
      clock,
      logger,
    });
    try {
      const adapter = await journaled(this.options, analyzer.adapter, 'analyze', false, logger);
      const orderBook = this.orderBook('analyze', adapter);
      return { analyzer, adapter, trading: new TradingService({ adapter, clock, logger, orderBook }) };
    } catch (error) {
      await analyzer.close();
      throw error;
    }
  }

  /** Reconciliation's order book: the account's current adapter for the venue, else this one. */
  private orderBook(venue: JournalVenue, own: BrokerAdapter): () => Promise<BrokerAdapter> {
    const current = this.options.currentAdapter;
    return async () => (current ? ((await current(venue)) ?? own) : own);
  }

  private buildContext(
    dataAdapter: BrokerAdapter,
    executionAdapter: BrokerAdapter,
    trading: TradingService,
    analyzeMode: boolean,
  ): AccountContext {
    return {
      accountId: this.record.id,
      broker: this.entry.id,
      userId: this.session.userId,
      dataAdapter,
      executionAdapter,
      trading,
      instruments: this.options.instruments.index(this.entry.id),
      analyzeMode,
      logger: this.logger,
    };
  }
}
