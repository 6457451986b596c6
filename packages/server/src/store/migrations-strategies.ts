import type { Migration } from './migrations.js';

/**
 * Strategy webhooks (issue 13): one row per strategy of an account, and its symbol mappings. The
 * webhook id is the strategy's secret (the URL TradingView posts to carries it); it is kept as is
 * because `openalgo strategy list` shows the URL to its owner again, like OpenAlgo's strategy page.
 * A mapping is keyed by symbol alone: a webhook names only the symbol, so one symbol maps to one
 * exchange per strategy.
 */
export const STRATEGIES_MIGRATION: Migration = {
  version: 4,
  name: 'strategies',
  sql: `
    CREATE TABLE strategies (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      account_id TEXT NOT NULL REFERENCES accounts (id),
      name TEXT NOT NULL,
      webhook_id TEXT NOT NULL UNIQUE,
      active INTEGER NOT NULL CHECK (active IN (0, 1)),
      type TEXT NOT NULL CHECK (type IN ('intraday', 'positional')),
      trading_mode TEXT NOT NULL CHECK (trading_mode IN ('LONG', 'SHORT', 'BOTH')),
      start_time TEXT,
      end_time TEXT,
      squareoff_time TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (account_id, name)
    );
    CREATE TABLE strategy_symbols (
      strategy_id INTEGER NOT NULL REFERENCES strategies (id) ON DELETE CASCADE,
      symbol TEXT NOT NULL,
      exchange TEXT NOT NULL,
      quantity INTEGER NOT NULL CHECK (quantity > 0),
      product TEXT NOT NULL,
      PRIMARY KEY (strategy_id, symbol)
    );
  `,
};
