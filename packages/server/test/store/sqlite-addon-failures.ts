/** The errors better-sqlite3 (through `bindings` and Node's dlopen) throws for each broken install. */
export const ADDON_FAILURES = {
  missing: new Error(
    'Could not locate the bindings file. Tried:\n → /app/node_modules/better-sqlite3/build/better_sqlite3.node',
  ),
  'node-version': Object.assign(
    new Error(
      "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
        'was compiled against a different Node.js version using\nNODE_MODULE_VERSION 108. This version of ' +
        'Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing',
    ),
    { code: 'ERR_DLOPEN_FAILED' },
  ),
  'load-failed': Object.assign(
    new Error('/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node: invalid ELF header'),
    { code: 'ERR_DLOPEN_FAILED' },
  ),
} as const;
