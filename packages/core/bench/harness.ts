/**
 * Benchmark harness shared by the `*.bench.ts` files. Results are ratios against a baseline measured
 * in the same run (never absolute thresholds), so a slower machine moves both sides together.
 * Nothing here asserts on time; the bench files record what they measured and `pnpm bench` collects it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  samples: number;
}

const nowNs = () => process.hrtime.bigint();

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export function summarise(samplesNs: readonly number[]): LatencyStats {
  const sorted = [...samplesNs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean,
    samples: sorted.length,
  };
}

/** Times each call of `fn` individually (nanoseconds). */
export async function sampleLatency(fn: () => unknown, count: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = nowNs();
    await fn();
    out.push(Number(nowNs() - start));
  }
  return out;
}

/**
 * Measures subject and baseline in alternating rounds after a shared warm-up, so JIT state, GC and
 * machine noise hit both sides alike.
 */
export async function compareLatency(options: {
  subject: () => unknown;
  baseline: () => unknown;
  warmup?: number;
  rounds?: number;
  perRound?: number;
}): Promise<{ subject: LatencyStats; baseline: LatencyStats }> {
  const { warmup = 200, rounds = 10, perRound = 200 } = options;
  await sampleLatency(options.baseline, warmup);
  await sampleLatency(options.subject, warmup);
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < rounds; r++) {
    baseline.push(...(await sampleLatency(options.baseline, perRound)));
    subject.push(...(await sampleLatency(options.subject, perRound)));
  }
  return { subject: summarise(subject), baseline: summarise(baseline) };
}

/** Runs `fn` (which does `opsPerCall` operations) repeatedly; returns the best-of-runs ops/second. */
export async function measureThroughput(
  fn: () => unknown,
  options: { opsPerCall: number; runs?: number; warmupRuns?: number },
): Promise<number> {
  const { opsPerCall, runs = 5, warmupRuns = 2 } = options;
  for (let i = 0; i < warmupRuns; i++) await fn();
  let best = 0;
  for (let i = 0; i < runs; i++) {
    const start = nowNs();
    await fn();
    const seconds = Number(nowNs() - start) / 1e9;
    best = Math.max(best, opsPerCall / seconds);
  }
  return best;
}

/** Median wall time (ms) of `runs` calls of `fn`. */
export async function medianTimeMs(fn: () => unknown, runs = 5): Promise<number> {
  const samples = await sampleLatency(fn, runs);
  return summarise(samples).p50 / 1e6;
}

export interface BenchResult {
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  /** The target the issue sets, for the report; never asserted. */
  target?: { ratio?: string; value?: string };
  extra?: Record<string, number | string>;
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Writes one named result to `.bench-results/<name>.json`; `pnpm bench` merges them. */
export function recordResult(name: string, result: BenchResult): void {
  const dir = process.env.OPENALGO_BENCH_DIR ?? join(repoRoot, '.bench-results');
  mkdirSync(dir, { recursive: true });
  const round = (n: number) => (Number.isFinite(n) ? Math.round(n * 1000) / 1000 : n);
  const rounded = {
    ...result,
    value: round(result.value),
    baseline: round(result.baseline),
    ratio: round(result.ratio),
  };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(rounded, null, 2)}\n`);
  console.log(
    `[bench] ${name}: ${rounded.value} ${result.unit} (baseline ${rounded.baseline}, ratio ${rounded.ratio}` +
      `${result.target?.ratio ? `, target ratio ${result.target.ratio}` : ''}${result.target?.value ? `, target ${result.target.value}` : ''})`,
  );
}
