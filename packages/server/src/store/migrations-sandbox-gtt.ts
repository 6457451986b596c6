import type { Migration } from './migrations.js';

// Placeholder (issue 13, GTT slice): the sandbox's GTT tables.
export const SANDBOX_GTT_MIGRATION: Migration = { version: 5, name: 'sandbox gtt', sql: '' };
