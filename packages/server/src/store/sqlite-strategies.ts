import type Database from 'better-sqlite3';
import type { StrategyFields, StrategyRecord, StrategyStore, StrategySymbol } from './types.js';

const STRATEGY = `id, account_id AS accountId, name, webhook_id AS webhookId, active, type,
  trading_mode AS tradingMode, start_time AS startTime, end_time AS endTime,
  squareoff_time AS squareoffTime, created_at AS createdAt, updated_at AS updatedAt`;

interface StrategyRow
  extends Omit<StrategyRecord, 'active' | 'symbols' | 'startTime' | 'endTime' | 'squareoffTime'> {
  active: 0 | 1;
  startTime: string | null;
  endTime: string | null;
  squareoffTime: string | null;
}

/** The row's named parameters for an insert or an update. */
function bind(fields: StrategyFields, at: number) {
  return {
    accountId: fields.accountId,
    name: fields.name,
    webhookId: fields.webhookId,
    active: fields.active ? 1 : 0,
    type: fields.type,
    tradingMode: fields.tradingMode,
    startTime: fields.startTime ?? null,
    endTime: fields.endTime ?? null,
    squareoffTime: fields.squareoffTime ?? null,
    at,
  };
}

/**
 * Strategies in SQLite, on the main connection. A strategy and its symbols are written in one
 * transaction, so a webhook never sees a strategy with half of its new symbols.
 */
export class SqliteStrategies implements StrategyStore {
  private readonly s;
  private readonly replaceSymbols: (id: number, symbols: readonly StrategySymbol[]) => void;
  private readonly insertTx: (fields: StrategyFields, at: number) => number;
  private readonly updateTx: (id: number, fields: StrategyFields, at: number) => boolean;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare(`SELECT ${STRATEGY} FROM strategies WHERE id = ?`),
      byWebhook: db.prepare(`SELECT ${STRATEGY} FROM strategies WHERE webhook_id = ?`),
      all: db.prepare(`SELECT ${STRATEGY} FROM strategies ORDER BY id`),
      ofAccount: db.prepare(`SELECT ${STRATEGY} FROM strategies WHERE account_id = ? ORDER BY id`),
      symbols: db.prepare(
        'SELECT symbol, exchange, quantity, product FROM strategy_symbols WHERE strategy_id = ? ORDER BY rowid',
      ),
      insert: db.prepare(
        `INSERT INTO strategies (account_id, name, webhook_id, active, type, trading_mode, start_time,
           end_time, squareoff_time, created_at, updated_at)
         VALUES (@accountId, @name, @webhookId, @active, @type, @tradingMode, @startTime, @endTime,
           @squareoffTime, @at, @at)`,
      ),
      update: db.prepare(
        `UPDATE strategies SET account_id = @accountId, name = @name, webhook_id = @webhookId,
           active = @active, type = @type, trading_mode = @tradingMode, start_time = @startTime,
           end_time = @endTime, squareoff_time = @squareoffTime, updated_at = @at
         WHERE id = @id`,
      ),
      delete: db.prepare('DELETE FROM strategies WHERE id = ?'),
      deleteSymbols: db.prepare('DELETE FROM strategy_symbols WHERE strategy_id = ?'),
      insertSymbol: db.prepare(
        `INSERT INTO strategy_symbols (strategy_id, symbol, exchange, quantity, product)
         VALUES (@strategyId, @symbol, @exchange, @quantity, @product)`,
      ),
    };
    this.replaceSymbols = (id, symbols) => {
      this.s.deleteSymbols.run(id);
      for (const symbol of symbols) this.s.insertSymbol.run({ strategyId: id, ...symbol });
    };
    this.insertTx = db.transaction((fields: StrategyFields, at: number) => {
      const id = Number(this.s.insert.run(bind(fields, at)).lastInsertRowid);
      this.replaceSymbols(id, fields.symbols);
      return id;
    });
    this.updateTx = db.transaction((id: number, fields: StrategyFields, at: number) => {
      if (this.s.update.run({ ...bind(fields, at), id }).changes === 0) return false;
      this.replaceSymbols(id, fields.symbols);
      return true;
    });
  }

  insert(fields: StrategyFields, at: number): StrategyRecord {
    const id = this.insertTx(fields, at);
    return this.get(id) as StrategyRecord;
  }

  get(id: number): StrategyRecord | undefined {
    return this.withSymbols(this.s.get.get(id) as StrategyRow | undefined);
  }

  findByWebhookId(webhookId: string): StrategyRecord | undefined {
    return this.withSymbols(this.s.byWebhook.get(webhookId) as StrategyRow | undefined);
  }

  list(accountId?: string): StrategyRecord[] {
    const rows = (
      accountId === undefined ? this.s.all.all() : this.s.ofAccount.all(accountId)
    ) as StrategyRow[];
    return rows.map((row) => this.withSymbols(row) as StrategyRecord);
  }

  update(id: number, fields: StrategyFields, at: number): boolean {
    return this.updateTx(id, fields, at);
  }

  delete(id: number): boolean {
    // The symbols go with it (ON DELETE CASCADE; foreign keys are on for the store's connections).
    return this.s.delete.run(id).changes > 0;
  }

  private withSymbols(row: StrategyRow | undefined): StrategyRecord | undefined {
    if (!row) return undefined;
    return {
      ...row,
      active: row.active === 1,
      startTime: row.startTime ?? undefined,
      endTime: row.endTime ?? undefined,
      squareoffTime: row.squareoffTime ?? undefined,
      symbols: this.s.symbols.all(row.id) as StrategySymbol[],
    };
  }
}
