import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/model/instrument.js';
import { InstrumentRegistry } from '../../src/symbols/instrument-registry.js';
import { RecordingLogger } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { istToEpoch } from '../../src/time/ist.js';
import { deferred, equities } from './helpers.js';

const MONDAY_9AM = istToEpoch(2026, 1, 5, 9, 0);
const DAY_MS = 24 * 60 * 60 * 1000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'openalgo-registry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A broker whose master is `rows`, counting downloads; `gate` holds a download until released. */
function broker(rows: Instrument[] = equities(12, 'R')) {
  const source = { downloads: 0, gate: undefined as Promise<void> | undefined };
  return Object.assign(source, {
    async *downloadInstruments() {
      source.downloads++;
      if (source.gate) await source.gate;
      yield* rows;
    },
  });
}

function setup(separate: Record<string, string> = {}) {
  const clock = new ManualClock(MONDAY_9AM);
  const registry = new InstrumentRegistry(join(dir, 'main'), clock, new RecordingLogger(), separate);
  return { clock, registry };
}

describe('InstrumentRegistry', () => {
  it('loads one master per broker per trading day, however many accounts ask at once', async () => {
    const { registry } = setup();
    const zerodha = broker();
    const gate = deferred();
    zerodha.gate = gate.promise;
    expect(registry.index('zerodha').size).toBe(0);
    const first = registry.ensure('zerodha', zerodha);
    const second = registry.ensure('zerodha', zerodha);
    expect(second).toBe(first);
    expect(registry.isLoading('zerodha')).toBe(true);
    expect(registry.settled('zerodha')).toBe(first);
    gate.resolve();
    expect(await first).toMatchObject({ outcome: 'download', rows: 12, stale: false });
    expect(registry.isLoading('zerodha')).toBe(false);
    expect(registry.index('zerodha').get('R3', 'NSE')?.symbol).toBe('R3');
    expect(await registry.ensure('zerodha', zerodha)).toBe(registry.lastResult('zerodha'));
    expect(zerodha.downloads).toBe(1);
    expect(registry.index('fyers').size).toBe(0);
  });

  it('loads again on the next trading day, from the cache a previous run left when it can', async () => {
    const { clock, registry } = setup();
    const zerodha = broker();
    await registry.ensure('zerodha', zerodha);
    await clock.advance(DAY_MS);
    expect(await registry.ensure('zerodha', zerodha)).toMatchObject({
      outcome: 'download',
      tradingDay: '2026-01-06',
    });
    expect(zerodha.downloads).toBe(2);
    const restarted = new InstrumentRegistry(join(dir, 'main'), clock, new RecordingLogger());
    expect(await restarted.ensure('zerodha', zerodha)).toMatchObject({ outcome: 'cache', rows: 12 });
    expect(zerodha.downloads).toBe(2);
  });

  it('never caches a master built locally, and a forced download refreshes the cache', async () => {
    const { registry } = setup();
    const sandbox = broker();
    await registry.ensure('sandbox', sandbox, { cache: false });
    await expect(readdir(join(dir, 'main'))).rejects.toMatchObject({ code: 'ENOENT' });
    const zerodha = broker();
    await registry.ensure('zerodha', zerodha);
    const forced = await registry.ensure('zerodha', zerodha, { force: true });
    expect(forced.outcome).toBe('download');
    expect(zerodha.downloads).toBe(2);
    expect(await readdir(join(dir, 'main'))).toEqual(['zerodha']);
  });

  it('keeps a simulated broker’s master out of the main cache', async () => {
    const { clock, registry } = setup({ zerodha: join(dir, 'simulated') });
    await registry.ensure('zerodha', broker());
    expect(await readdir(join(dir, 'simulated'))).toEqual(['zerodha']);
    const real = new InstrumentRegistry(join(dir, 'main'), clock, new RecordingLogger());
    const zerodha = broker();
    expect((await real.ensure('zerodha', zerodha)).outcome).toBe('download');
    expect(zerodha.downloads).toBe(1);
  });

  it('reports progress every 5000 rows and once at the end', async () => {
    const { registry } = setup();
    const progress: number[] = [];
    await registry.ensure('zerodha', broker(equities(12_001, 'P')), {
      onProgress: (rows) => progress.push(rows),
    });
    expect(progress).toEqual([5000, 10_000, 12_001]);
  });
});
