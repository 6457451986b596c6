import type { Clock, Logger } from '@openalgo/core';
import type Database from 'better-sqlite3';

/** How often the log is folded back into the database file when the server runs. */
export const CHECKPOINT_EVERY_MS = 1_000;

export interface WalCheckpointOptions {
  /** The injected clock whose time spaces the checkpoints. */
  clock: Clock;
  everyMs?: number;
  logger?: Logger;
}

/**
 * WAL checkpoints off the request path. By default SQLite folds the log into the database file
 * inside whichever commit pushes the log past 1,000 pages, so one order in a few hundred paid a
 * checkpoint (the p99 of placeorder). With `wal_autocheckpoint` off on every connection, this loop
 * runs a PASSIVE checkpoint (it never waits for readers or blocks writers) once per interval of
 * the injected clock, and `SqliteStore.close` does the last one (TRUNCATE).
 */
export function startWalCheckpoints(
  connections: readonly Database.Database[],
  main: Database.Database,
  options: WalCheckpointOptions,
): () => void {
  for (const db of connections) db.pragma('wal_autocheckpoint = 0');
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS;
  const stop = new AbortController();
  const loop = async () => {
    while (!stop.signal.aborted) {
      try {
        await options.clock.sleep(everyMs, stop.signal);
      } catch {
        return;
      }
      try {
        main.pragma('wal_checkpoint(PASSIVE)');
      } catch (error) {
        // A busy or failing checkpoint costs only log size; the next one (or close) catches up.
        options.logger?.warn({ err: error }, 'store: WAL checkpoint failed; will retry');
      }
    }
  };
  void loop();
  return () => stop.abort();
}
