import Database from 'better-sqlite3';

/**
 * better-sqlite3 loads its native addon lazily, on the first `new Database()`. When the addon is
 * missing (no prebuilt binary and no compiler at install time), built for another Node.js, or
 * refused by the OS loader, that call throws an error that tells a user nothing about what to do.
 * Every connection the store opens goes through `openDatabase`, which turns those three failures
 * into one SqliteAddonError whose message says what happened and how to fix it.
 */

/** What went wrong loading the addon. */
export type SqliteAddonProblem = 'missing' | 'node-version' | 'load-failed';

/** `new Database(path, options)`; tests pass one that throws. */
export type DatabaseConstructor = (path: string, options?: Database.Options) => Database.Database;

const construct: DatabaseConstructor = (path, options) => new Database(path, options);

const FIX = [
  'To fix it, in the directory that holds node_modules:',
  '  1. install a C/C++ toolchain and Python — Debian/Ubuntu: sudo apt-get install python3 make g++;',
  '     Fedora: sudo dnf install python3 make gcc-c++; Alpine: apk add python3 make g++;',
  '     macOS: xcode-select --install; Windows: Visual Studio Build Tools ("Desktop development with C++");',
  '  2. run: npm rebuild better-sqlite3   (pnpm rebuild better-sqlite3 in a pnpm project).',
  'Or avoid compiling: use a Node.js release better-sqlite3 publishes prebuilt binaries for',
  '(Node 20, 22 or 24 LTS on the common platforms: Linux x64/arm64, macOS, Windows x64), then reinstall.',
  'More: docs/troubleshooting.md in the OpenAlgo TS repository.',
].join('\n');

function firstLine(error: Error): string {
  return error.message.split('\n')[0]?.trim() ?? '';
}

function whatHappened(problem: SqliteAddonProblem, cause: Error): string {
  const node = `Node.js ${process.version} (NODE_MODULE_VERSION ${process.versions.modules})`;
  switch (problem) {
    case 'missing':
      return `its native addon was never built: no prebuilt binary was installed for ${process.platform}-${process.arch} and ${node}, and compiling it from source failed or was skipped`;
    case 'node-version': {
      const built = /NODE_MODULE_VERSION (\d+)/.exec(cause.message)?.[1];
      return `its native addon was built for another Node.js (NODE_MODULE_VERSION ${built ?? '?'}), not for this ${node}; this happens after switching Node versions`;
    }
    case 'load-failed':
      return `the operating system refused to load its native addon (${firstLine(cause)})`;
  }
}

/** The SQLite driver cannot run here; the message is the whole story (no stack is needed). */
export class SqliteAddonError extends Error {
  constructor(
    readonly problem: SqliteAddonProblem,
    cause: Error,
  ) {
    super(
      `cannot open the database: the SQLite driver (better-sqlite3) cannot run — ${whatHappened(problem, cause)}.\n${FIX}`,
      {
        cause,
      },
    );
    this.name = 'SqliteAddonError';
  }
}

/** Which addon failure `error` is, or undefined for any other error (a bad path, a busy file…). */
export function sqliteAddonProblem(error: unknown): SqliteAddonProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  const { message } = error;
  if (message.includes('Could not locate the bindings file')) return 'missing';
  if (/NODE_MODULE_VERSION \d+/.test(message)) return 'node-version';
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_DLOPEN_FAILED' || /better_sqlite3\.node|dlopen/i.test(message)) return 'load-failed';
  return undefined;
}

/** `error` as a SqliteAddonError when it is an addon failure; otherwise `error` itself. */
export function classifySqliteError(error: unknown): unknown {
  if (error instanceof SqliteAddonError) return error;
  const problem = sqliteAddonProblem(error);
  return problem ? new SqliteAddonError(problem, error as Error) : error;
}

/** Opens a better-sqlite3 connection; an addon failure throws a SqliteAddonError. */
export function openDatabase(
  path: string,
  options?: Database.Options,
  open: DatabaseConstructor = construct,
): Database.Database {
  try {
    return open(path, options);
  } catch (error) {
    throw classifySqliteError(error);
  }
}

/**
 * Loads the addon once, on a throwaway in-memory database: commands that need the store call it
 * first, so a broken install is reported before anything touches the data directory.
 */
export function checkSqliteDriver(open: DatabaseConstructor = construct): void {
  openDatabase(':memory:', undefined, open).close();
}
