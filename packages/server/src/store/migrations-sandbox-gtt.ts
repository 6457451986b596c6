import type { Migration } from './migrations.js';

/**
 * The sandbox's GTTs (issue 13): one row per GTT of an account, the record whole as JSON like the
 * other sandbox tables. A GTT that fires is written in the same transaction as the order it placed.
 */
export const SANDBOX_GTT_MIGRATION: Migration = {
  version: 5,
  name: 'sandbox gtt',
  sql: `
    CREATE TABLE sandbox_gtts (
      account_id TEXT NOT NULL,
      gtt_id TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      record TEXT NOT NULL,
      PRIMARY KEY (account_id, gtt_id)
    );
  `,
};
