import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DataDirLockedError,
  HOLDER_FILE,
  LOCK_FILE,
  liveLockHolder,
  lockDataDir,
  readLockHolder,
} from '../../src/store/data-dir-lock.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('lockDataDir', () => {
  it('records the holder, refuses a second taker naming the dir and pid, and can be taken again once released', () => {
    const lock = lockDataDir(dir, { now: () => Date.UTC(2026, 0, 5, 4, 0), simulating: 'zerodha' });
    expect(readLockHolder(dir)).toEqual({
      pid: process.pid,
      startedAt: '2026-01-05T04:00:00.000Z',
      simulating: 'zerodha',
    });
    expect(liveLockHolder(dir)?.pid).toBe(process.pid);

    let refusal: unknown;
    try {
      lockDataDir(dir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as Error).message).toContain(`the data dir ${dir} is in use`);
    expect((refusal as Error).message).toContain(`pid ${process.pid}, started 2026-01-05T04:00:00.000Z`);

    lock.release();
    lock.release();
    expect(readLockHolder(dir)).toBeUndefined();
    const again = lockDataDir(dir);
    expect(readLockHolder(dir)?.pid).toBe(process.pid);
    again.release();
  });

  it('keeps the lock and holder files private', () => {
    const lock = lockDataDir(dir);
    try {
      if (process.platform !== 'win32') {
        expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
        expect(statSync(join(dir, HOLDER_FILE)).mode & 0o777).toBe(0o600);
      }
      expect(JSON.parse(readFileSync(join(dir, HOLDER_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      lock.release();
    }
  });

  it('says the holder is starting when its pid is not yet recorded', () => {
    expect(new DataDirLockedError('/data', undefined).message).toContain('pid not yet recorded');
  });

  it('does not stop the store (and so the admin commands) from opening the database beside it', () => {
    const lock = lockDataDir(dir);
    try {
      const store = SqliteStore.openDataDir(dir);
      store.settings.set('probe', 'written beside the lock');
      expect(store.settings.get('probe')).toBe('written beside the lock');
      store.close();
    } finally {
      lock.release();
    }
  });
});
