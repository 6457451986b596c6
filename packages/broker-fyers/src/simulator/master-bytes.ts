import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { FYERS_SEGMENT_FILES, type FyersSegmentFile } from './fyers-symbols.js';
import { fyersMaster } from './master.js';

/**
 * The full-size segment CSVs exactly as the simulator serves them (seed 42, the sandbox's default
 * trading day unless told), keyed by file name without `.csv` — for benchmarks that parse real-size
 * bytes without starting a simulator. Built once per process.
 */
export function fyersMasterBytes(
  options: { asOf?: number; seed?: number; size?: number } = {},
): Record<FyersSegmentFile, Buffer> {
  const master = fyersMaster({
    asOf: options.asOf ?? DEFAULT_SANDBOX_START,
    seed: options.seed ?? 42,
    size: options.size ?? 110_000,
  });
  return Object.fromEntries(FYERS_SEGMENT_FILES.map((file) => [file, master.csv(file)])) as Record<
    FyersSegmentFile,
    Buffer
  >;
}
