import { randomBytes } from 'node:crypto';
import {
  type Clock,
  EXCHANGES,
  formatIssues,
  INDEX_EXCHANGES,
  type InstrumentLookup,
  InvalidRequestError,
  type OpenAlgoError,
  PRODUCTS,
} from '@openalgo/core';
import Database from 'better-sqlite3';
import type { AccountResolver } from '../accounts/types.js';
import { ApiError } from '../api/errors.js';
import { migrate } from '../store/migrations.js';
import { SqliteStrategies } from '../store/sqlite-strategies.js';
import type { StrategyFields, StrategyRecord, StrategyStore, StrategySymbol } from '../store/types.js';
import {
  type FieldProblem,
  hoursProblems,
  NAME_PATTERN,
  NAME_RULE,
  type StrategyType,
  type TradingMode,
} from './strategy-rules.js';

/** What a strategy is created with (the API's and the CLI's input, after parsing). */
export interface StrategySettings {
  name: string;
  type: StrategyType;
  tradingMode: TradingMode;
  active: boolean;
  startTime?: string | undefined;
  endTime?: string | undefined;
  squareoffTime?: string | undefined;
  symbols: StrategySymbol[];
}

/** What an update may change; anything absent stays as it is. The name and webhook id never change. */
export type StrategyChanges = Partial<Omit<StrategySettings, 'name'>>;

/** Symbols one strategy may map; a webhook looks its symbol up among them. */
export const MAX_STRATEGY_SYMBOLS = 200;

/** 24 random bytes, base64url: 192 bits, 32 URL-safe characters (OpenAlgo's UUID4 has 122). */
export function newWebhookId(): string {
  return randomBytes(24).toString('base64url');
}

/** The shape a webhook id can have; anything else is answered as unknown without a lookup. */
export const WEBHOOK_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

function invalid(problems: readonly FieldProblem[]): OpenAlgoError {
  return new InvalidRequestError(formatIssues(problems.slice(0, 5)), { field: problems[0]?.field ?? 'body' });
}

function symbolProblems(symbols: readonly StrategySymbol[], instruments: InstrumentLookup | undefined) {
  const problems: FieldProblem[] = [];
  if (symbols.length > MAX_STRATEGY_SYMBOLS) {
    problems.push({ field: 'symbols', message: `must hold at most ${MAX_STRATEGY_SYMBOLS} entries` });
  }
  const seen = new Set<string>();
  symbols.forEach((s, i) => {
    const at = `symbols.${i}`;
    if (!(EXCHANGES as readonly string[]).includes(s.exchange)) {
      problems.push({ field: `${at}.exchange`, message: `must be one of ${EXCHANGES.join(', ')}` });
    } else if (INDEX_EXCHANGES.has(s.exchange as never)) {
      problems.push({
        field: `${at}.exchange`,
        message: `${s.exchange} is an index feed; nothing can be ordered on it`,
      });
    } else if (instruments && !instruments.get(s.symbol, s.exchange as never)) {
      problems.push({ field: `${at}.symbol`, message: `${s.symbol} is not an instrument of ${s.exchange}` });
    }
    if (!(PRODUCTS as readonly string[]).includes(s.product)) {
      problems.push({ field: `${at}.product`, message: `must be one of ${PRODUCTS.join(', ')}` });
    }
    if (!Number.isSafeInteger(s.quantity) || s.quantity <= 0) {
      problems.push({ field: `${at}.quantity`, message: 'must be a whole number > 0' });
    }
    // A webhook names only the symbol, so one symbol maps to one exchange and product.
    if (seen.has(s.symbol)) problems.push({ field: `${at}.symbol`, message: `${s.symbol} is listed twice` });
    seen.add(s.symbol);
  });
  return problems;
}

/**
 * The strategies of every account: validated writes over the store, owner checks, and the webhook
 * lookup. An account only ever sees its own strategies; another account's id answers as unknown.
 */
export class StrategyBook {
  constructor(
    readonly store: StrategyStore,
    private readonly clock: Clock,
    /** The URL a webhook id is posted to (the server's public address). */
    readonly webhookUrl: (webhookId: string) => string,
  ) {}

  /** Creates a strategy with a fresh webhook id; `instruments` checks its symbols when given. */
  create(accountId: string, settings: StrategySettings, instruments?: InstrumentLookup): StrategyRecord {
    const problems: FieldProblem[] = [];
    if (!NAME_PATTERN.test(settings.name)) problems.push({ field: 'name', message: NAME_RULE });
    problems.push(
      ...hoursProblems(settings.type, settings),
      ...symbolProblems(settings.symbols, instruments),
    );
    if (problems.length > 0) throw invalid(problems);
    if (this.store.list(accountId).some((s) => s.name === settings.name)) {
      throw invalid([
        { field: 'name', message: `this account already has a strategy named ${settings.name}` },
      ]);
    }
    const fields: StrategyFields = {
      ...settings,
      startTime: settings.startTime,
      endTime: settings.endTime,
      squareoffTime: settings.squareoffTime,
      accountId,
      webhookId: newWebhookId(),
    };
    try {
      return this.store.insert(fields, this.clock.now());
    } catch (error) {
      // The same name created at the same moment by another writer (the CLI while the server runs).
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      throw invalid([
        { field: 'name', message: `this account already has a strategy named ${settings.name}` },
      ]);
    }
  }

  list(accountId: string): StrategyRecord[] {
    return this.store.list(accountId);
  }

  /** The account's strategy `id`, or 404 naming `strategy_id` (also for another account's). */
  get(accountId: string, id: number): StrategyRecord {
    const found = this.store.get(id);
    if (!found || found.accountId !== accountId) {
      throw new ApiError(404, 'NOT_FOUND', `strategy_id: this account has no strategy ${id}`, {
        field: 'strategy_id',
      });
    }
    return found;
  }

  /** Applies `changes` (the symbols, when given, replace the old list); returns the stored result. */
  update(
    accountId: string,
    id: number,
    changes: StrategyChanges,
    instruments?: InstrumentLookup,
  ): StrategyRecord {
    const current = this.get(accountId, id);
    const type = changes.type ?? current.type;
    // Switching to positional drops the hours; otherwise a time not sent keeps its value.
    const keep = type === 'intraday';
    const next: StrategyFields = {
      ...current,
      ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)),
      type,
      startTime: changes.startTime ?? (keep ? current.startTime : undefined),
      endTime: changes.endTime ?? (keep ? current.endTime : undefined),
      squareoffTime: changes.squareoffTime ?? (keep ? current.squareoffTime : undefined),
    };
    const problems = hoursProblems(type, next);
    if (changes.symbols) problems.push(...symbolProblems(changes.symbols, instruments));
    if (problems.length > 0) throw invalid(problems);
    this.store.update(id, next, this.clock.now());
    return this.get(accountId, id);
  }

  delete(accountId: string, id: number): StrategyRecord {
    const found = this.get(accountId, id);
    this.store.delete(id);
    return found;
  }

  /** The strategy a webhook id belongs to, or undefined (also for a malformed id). */
  findByWebhookId(webhookId: string): StrategyRecord | undefined {
    return WEBHOOK_ID_PATTERN.test(webhookId) ? this.store.findByWebhookId(webhookId) : undefined;
  }

  /** Active intraday strategies: the ones the square-off job flattens. */
  activeIntraday(): StrategyRecord[] {
    return this.store
      .list()
      .filter((s) => s.active && s.type === 'intraday' && s.squareoffTime !== undefined);
  }
}

/**
 * The book the API's strategy endpoints use, found through the resolver their context carries: the
 * generic request pipeline knows nothing of strategies, and the server binds its one book to its
 * one account registry (app.ts). An API built without one (tests of the API alone) gets a book in
 * an in-memory database, as it gets an in-memory idempotency store.
 */
const books = new WeakMap<AccountResolver, StrategyBook>();

export function bindStrategyBook(resolver: AccountResolver, book: StrategyBook): void {
  books.set(resolver, book);
}

export function strategyBookOf(resolver: AccountResolver, clock: Clock): StrategyBook {
  let book = books.get(resolver);
  if (!book) {
    const db = new Database(':memory:');
    migrate(db, ':memory:');
    book = new StrategyBook(new SqliteStrategies(db), clock, (id) => `/strategy/webhook/${id}`);
    books.set(resolver, book);
  }
  return book;
}
