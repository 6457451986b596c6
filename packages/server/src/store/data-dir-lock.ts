import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createPrivateFile, PRIVATE_FILE_MODE } from './data-dir-permissions.js';

/** The file whose OS lock says "a server writes this data dir". Never deleted (see release()). */
export const LOCK_FILE = 'serve.lock';
/** Beside it: who holds the lock, for the refusal message. Only ever informative. */
export const HOLDER_FILE = 'serve.pid';

export interface LockHolder {
  pid: number;
  /** ISO time the holder took the lock. */
  startedAt: string;
  /**
   * The broker this server runs against its simulator (`--simulate`), if any: sessions of that
   * broker sealed before startedAt cannot work while it runs, which `openalgo brokers` reports.
   */
  simulating?: string;
}

/** The data dir is held by another live server: the message names the dir and the holder's pid. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `pid ${holder.pid}, started ${holder.startedAt}`
      : 'pid not yet recorded: it is starting';
    super(
      `the data dir ${dataDir} is in use by another openalgo server (${who}). Two servers on one data ` +
        'dir would issue the same order ids and lose orders: stop that server first, or give this one ' +
        'another --data-dir. Admin commands (openalgo apikey, openalgo brokers) work beside it.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly dataDir: string;
  /** Drops the lock (idempotent). The process ending drops it too, however it ends. */
  release(): void;
}

/**
 * The holder, if a live process holds the lock. The pid check is for display only (the lock itself
 * never trusts a pid): a holder file left by a `kill -9` names a dead process.
 */
export function liveLockHolder(dataDir: string): LockHolder | undefined {
  const holder = readLockHolder(dataDir);
  if (!holder) return undefined;
  try {
    process.kill(holder.pid, 0);
    return holder;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? holder : undefined;
  }
}

export function readLockHolder(dataDir: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'string') return undefined;
    const holder: LockHolder = { pid: parsed.pid, startedAt: parsed.startedAt };
    if (typeof parsed.simulating === 'string') holder.simulating = parsed.simulating;
    return holder;
  } catch {
    return undefined;
  }
}

function writeHolder(dataDir: string, holder: LockHolder): void {
  const path = join(dataDir, HOLDER_FILE);
  const temp = `${path}.${holder.pid}.tmp`;
  // Renamed into place: a second server never reads a half-written pid.
  writeFileSync(temp, `${JSON.stringify(holder)}\n`, { mode: PRIVATE_FILE_MODE });
  renameSync(temp, path);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Takes the exclusive lock on `dataDir` or throws DataDirLockedError at once. Node has no flock, so
 * the lock is SQLite's own: a dedicated database file opened with locking_mode=EXCLUSIVE and a
 * write transaction begun and held. That is an fcntl lock, which the OS drops when the process
 * dies — a `kill -9`'d server leaves no lock behind, so there is no stale-pid guessing that could
 * ever let two servers run. Locks are per process and SQLite tracks them per file, so a second
 * attempt inside the same process is refused as well.
 */
export function lockDataDir(
  dataDir: string,
  options: { now?: () => number; simulating?: string } = {},
): DataDirLock {
  const now = options.now ?? Date.now;
  const path = join(dataDir, LOCK_FILE);
  createPrivateFile(path);
  // timeout 0: refuse at once rather than wait for the holder (better-sqlite3 waits 5 s by default).
  const db = new Database(path, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new DataDirLockedError(dataDir, readLockHolder(dataDir));
    throw error;
  }
  const holder: LockHolder = { pid: process.pid, startedAt: new Date(now()).toISOString() };
  if (options.simulating) holder.simulating = options.simulating;
  try {
    writeHolder(dataDir, holder);
  } catch (error) {
    db.close();
    throw error;
  }
  let released = false;
  return {
    dataDir,
    release() {
      if (released) return;
      released = true;
      // The holder file goes first, while the lock still guards it. The lock file itself stays:
      // deleting it could let a waiting process lock the old inode and a new one lock a new file.
      if (readLockHolder(dataDir)?.pid === holder.pid) {
        try {
          unlinkSync(join(dataDir, HOLDER_FILE));
        } catch {
          // Already gone: nothing to tidy.
        }
      }
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
