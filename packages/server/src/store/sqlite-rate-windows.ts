import type { SendTimes } from '@openalgo/core';
import type Database from 'better-sqlite3';
import type { RateWindowStore } from './types.js';

function parseSendTimes(text: string): SendTimes | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: SendTimes = {};
  for (const [bucket, times] of Object.entries(value)) {
    if (Array.isArray(times)) out[bucket] = times.filter((t): t is number => Number.isFinite(t));
  }
  return out;
}

/**
 * Rate windows in SQLite, on the main connection (WAL, synchronous=NORMAL): a commit is an append
 * to the log with no fsync, and the caller writes behind, never per request. Losing the last few
 * seconds to a power cut only makes the limiter forget some sends — the broker's own 429 still
 * guards that rare case.
 */
export class SqliteRateWindows implements RateWindowStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare('SELECT send_times AS sendTimes FROM rate_windows WHERE broker = ? AND login = ?'),
      put: db.prepare(
        `INSERT INTO rate_windows (broker, login, send_times, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (broker, login) DO UPDATE SET send_times = excluded.send_times, updated_at = excluded.updated_at`,
      ),
      delete: db.prepare('DELETE FROM rate_windows WHERE broker = ? AND login = ?'),
    };
  }

  load(broker: string, login: string): SendTimes | undefined {
    const row = this.s.get.get(broker, login) as { sendTimes: string } | undefined;
    return row === undefined ? undefined : parseSendTimes(row.sendTimes);
  }

  save(broker: string, login: string, sendTimes: SendTimes, at: number): void {
    if (Object.keys(sendTimes).length === 0) this.s.delete.run(broker, login);
    else this.s.put.run(broker, login, JSON.stringify(sendTimes), at);
  }
}
