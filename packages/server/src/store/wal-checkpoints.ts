import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Clock, Logger } from '@openalgo/core';
import type Database from 'better-sqlite3';

/** How often the log is folded back into the database file when the server runs. */
export const CHECKPOINT_EVERY_MS = 1_000;

/** What one checkpoint did (SQLite's answer), or why it failed. */
export type CheckpointResult =
  | { ok: true; busy: number; log: number; checkpointed: number }
  | { ok: false; message: string };

export interface WalCheckpointOptions {
  /** The injected clock whose time spaces the checkpoints. */
  clock: Clock;
  everyMs?: number;
  logger?: Logger;
  /** Told after each checkpoint (tests wait on it; nothing else needs to). */
  onCheckpoint?: (result: CheckpointResult) => void;
}

// Runs in a worker thread over its own connection: a checkpoint copies pages and fsyncs the
// database file, milliseconds that must not stall the event loop the requests share.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('wal_autocheckpoint = 0');
parentPort.on('message', (message) => {
  if (message === 'stop') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  }
});
`;

/**
 * WAL checkpoints off the request path. By default SQLite folds the log into the database file
 * inside whichever commit pushes the log past 1,000 pages, so one order in a few hundred paid a
 * checkpoint (the p99 of placeorder). With `wal_autocheckpoint` off on the store's connections,
 * a worker thread runs a PASSIVE checkpoint (it never waits for readers or blocks writers) once per
 * interval of the injected clock — one at a time, started on the first tick so that a store whose
 * clock never moves starts no thread — and `SqliteStore.close` does the last one (TRUNCATE).
 * Returns the function that stops it; its promise settles once the worker's connection is closed, so
 * nothing touches the data dir after the store's owner has been told it is closed.
 */
export function startWalCheckpoints(
  connections: readonly Database.Database[],
  path: string,
  options: WalCheckpointOptions,
): () => Promise<void> {
  for (const db of connections) db.pragma('wal_autocheckpoint = 0');
  const everyMs = options.everyMs ?? CHECKPOINT_EVERY_MS;
  const stop = new AbortController();
  let worker: Worker | undefined;
  let running = false;
  const answered = (result: CheckpointResult) => {
    running = false;
    // A busy or failing checkpoint costs only log size; the next one (or close) catches up.
    if (!result.ok)
      options.logger?.warn({ reason: result.message }, 'store: WAL checkpoint failed; will retry');
    options.onCheckpoint?.(result);
  };
  const checkpoint = () => {
    if (running) return;
    if (!worker) {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path } });
      worker.unref();
      worker.on('message', answered);
      worker.on('error', (error) => answered({ ok: false, message: error.message }));
    }
    running = true;
    worker.postMessage('checkpoint');
  };
  const loop = async () => {
    while (!stop.signal.aborted) {
      try {
        await options.clock.sleep(everyMs, stop.signal);
      } catch {
        return;
      }
      // A sleep that ended just as the store closed must not start a worker on a closed store.
      if (stop.signal.aborted) return;
      checkpoint();
    }
  };
  void loop();
  return () => {
    stop.abort();
    if (!worker) return Promise.resolve();
    // Its connection closes once any checkpoint under way is done; close's TRUNCATE does not wait.
    const exited = new Promise<void>((resolve) => worker?.once('exit', () => resolve()));
    // Unref'd while it ran, so it never held a server up; now its exit is awaited, and a process
    // with nothing else to do must not end before it (and skip what the closer does next).
    worker.ref();
    worker.postMessage('stop');
    return exited;
  };
}
