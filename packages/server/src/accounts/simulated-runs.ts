import type { SettingsStore } from '../store/types.js';

/**
 * When `serve --simulate` ran each broker against its simulator. A simulator's tokens die with its
 * run, so a session sealed during a run that has ended can never work again — against the next
 * simulator or the real broker — and must not read "active" (issue 12). Kept in the settings table,
 * so the server and the CLI read the same record.
 */
export interface SimulatedRun {
  broker: string;
  /** When the run's server took the data dir (before its simulator started). */
  from: number;
  /** When the next server took the data dir; absent while the run is (or was, until then) the last. */
  to?: number;
}

/** A span of sealing times whose sessions came from a simulator that is gone. */
export interface EndedSpan {
  from: number;
  to: number;
}

const SETTING = 'simulated_runs';
/** Old runs beyond this are dropped: every session they issued has long expired. */
const KEEP_RUNS = 100;

export function readSimulatedRuns(settings: SettingsStore): SimulatedRun[] {
  const text = settings.get(SETTING);
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (r): r is SimulatedRun =>
        typeof r?.broker === 'string' &&
        typeof r.from === 'number' &&
        (r.to === undefined || typeof r.to === 'number'),
    );
  } catch {
    return [];
  }
}

/**
 * Called by `serve` once it holds the data dir's lock, before any login can happen: the previous
 * holder is gone, so its run ends now (no server ran in between: the lock saw to that); a simulating
 * server opens its own run.
 */
export function recordServerStart(
  settings: SettingsStore,
  simulating: string | undefined,
  now: number,
): void {
  const runs = readSimulatedRuns(settings).map((run) => (run.to === undefined ? { ...run, to: now } : run));
  if (simulating) runs.push({ broker: simulating, from: now });
  settings.set(SETTING, JSON.stringify(runs.slice(-KEEP_RUNS)));
}

/**
 * The spans of `broker`'s ended runs. An unfinished last run counts as ended unless `lastRunAlive`
 * (the server asking is that run, or the CLI saw its holder alive); a dead one's span is open-ended.
 */
export function endedSimulatedSpans(
  runs: readonly SimulatedRun[],
  broker: string,
  lastRunAlive: boolean,
): EndedSpan[] {
  const spans: EndedSpan[] = [];
  for (const run of runs) {
    if (run.broker !== broker) continue;
    if (run.to !== undefined) spans.push({ from: run.from, to: run.to });
    else if (!lastRunAlive) spans.push({ from: run.from, to: Number.POSITIVE_INFINITY });
  }
  return spans;
}
