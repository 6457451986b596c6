export { MIGRATIONS, type Migration, migrate, SchemaTooNewError } from './migrations.js';
export { SqliteOrderJournal } from './sqlite-journal.js';
export { SqliteSandboxStore } from './sqlite-sandbox.js';
export { DATABASE_FILE, databasePath, SqliteStore } from './sqlite-store.js';
export type * from './types.js';
