import { describe, expect, it } from 'vitest';
import {
  checkSqliteDriver,
  openDatabase,
  SqliteAddonError,
  sqliteAddonProblem,
} from '../../src/store/sqlite-driver.js';
import { ADDON_FAILURES } from './sqlite-addon-failures.js';

const throwing = (error: Error) => () => {
  throw error;
};

describe('openDatabase: a broken better-sqlite3 addon becomes one SqliteAddonError saying what to do', () => {
  for (const [problem, cause] of Object.entries(ADDON_FAILURES)) {
    it(problem, () => {
      let thrown: unknown;
      try {
        openDatabase('/nowhere/openalgo.db', undefined, throwing(cause));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SqliteAddonError);
      const error = thrown as SqliteAddonError;
      expect(error.problem).toBe(problem);
      expect(error.cause).toBe(cause);
      expect(error.message).toMatch(
        /^cannot open the database: the SQLite driver \(better-sqlite3\) cannot run/,
      );
      expect(error.message).toContain('python3 make g++');
      expect(error.message).toContain('npm rebuild better-sqlite3');
      expect(error.message).toContain('Node 20, 22 or 24');
    });
  }

  it('names both Node ABI versions when the addon was built for another Node', () => {
    expect(() => openDatabase(':memory:', undefined, throwing(ADDON_FAILURES['node-version']))).toThrow(
      `NODE_MODULE_VERSION 108), not for this Node.js ${process.version} (NODE_MODULE_VERSION ${process.versions.modules})`,
    );
  });

  it('passes any other error through unchanged (a bad path is not an install problem)', () => {
    const other = Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
    expect(() => openDatabase('/x', undefined, throwing(other))).toThrow(other);
    expect(sqliteAddonProblem(other)).toBeUndefined();
    expect(sqliteAddonProblem('a string')).toBeUndefined();
  });

  it('the real addon loads on this machine', () => {
    expect(() => checkSqliteDriver()).not.toThrow();
    const db = openDatabase(':memory:');
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });
});
