import type { Migration } from './migrations.js';

// Placeholder (issue 13, strategy webhooks slice): the strategies tables.
export const STRATEGIES_MIGRATION: Migration = { version: 4, name: 'strategies', sql: '' };
