/**
 * Master generation: rows per second for the full 120k-row universe, against parsing the same rows
 * from a JSON fixture (what a simulator would do without a generator). Nothing here asserts on time.
 */
import { test } from 'vitest';
import { measureThroughput, recordResult } from '../../core/bench/harness.js';
import { generateMasterUniverse, masterRowToInstrument } from '../src/simulator/index.js';

const ROWS = 120_000;
const AS_OF = Date.UTC(2026, 0, 5, 4, 30);

function generate(): number {
  let n = 0;
  for (const row of generateMasterUniverse({ asOf: AS_OF, seed: 7, size: ROWS })) {
    if (row.token > 0) n++;
  }
  return n;
}

/** The alternative to generating: shipping the same master as a JSON fixture and parsing it. */
const fixture = JSON.stringify([...generateMasterUniverse({ asOf: AS_OF, seed: 7, size: ROWS })]);
function parseFixture(): number {
  return (JSON.parse(fixture) as unknown[]).length;
}

test('testkit.masters.generate', async () => {
  const baseline = await measureThroughput(parseFixture, { opsPerCall: ROWS, runs: 5 });
  const value = await measureThroughput(generate, { opsPerCall: ROWS, runs: 5 });
  recordResult('testkit.masters.generate', {
    value,
    unit: 'rows/s',
    baseline,
    ratio: value / baseline,
    extra: { rows: ROWS },
  });
});

test('testkit.masters.to-instrument', async () => {
  const rows = [...generateMasterUniverse({ asOf: AS_OF, seed: 7, size: ROWS })];
  const baseline = await measureThroughput(() => rows.map((r) => ({ ...r })), { opsPerCall: ROWS, runs: 5 });
  const value = await measureThroughput(() => rows.map(masterRowToInstrument), { opsPerCall: ROWS, runs: 5 });
  recordResult('testkit.masters.to-instrument', { value, unit: 'rows/s', baseline, ratio: value / baseline });
});
