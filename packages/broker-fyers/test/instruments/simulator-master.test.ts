import { type HttpClient, InstrumentIndex, noopLogger } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { describe, expect, it } from 'vitest';
import { downloadFyersInstruments } from '../../src/instruments/download.js';
import { hsmCallbacks } from '../../src/simulator/hsm/for-simulator.js';
import { FYERS_SEGMENT_FILES, fyersMaster } from '../../src/simulator/index.js';
import { topicsFor } from '../../src/stream/hsm-topics.js';

/**
 * The adapter's parser over the simulator's own master (written by the simulator side from the same
 * reference): every instrument the sandbox prices comes back under its OpenAlgo symbol and exchange,
 * and the HSM topic the adapter builds for it is one the simulator's socket serves.
 */
describe('the simulator master through the adapter parser', () => {
  const master = fyersMaster({ asOf: DEFAULT_SANDBOX_START, seed: 42, size: 4000 });
  const http = {
    request: async (req: { path: string }) => {
      const file = req.path.slice(req.path.lastIndexOf('/') + 1, -'.csv'.length);
      const bytes = master.csv(file as (typeof FYERS_SEGMENT_FILES)[number]);
      async function* chunks() {
        for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
      }
      return { status: 200, headers: { 'content-type': 'text/csv' }, data: chunks() };
    },
  } as unknown as HttpClient;

  it('every sandbox instrument resolves, with its ticker and fyToken, and streams on a served topic', async () => {
    const index = new InstrumentIndex();
    const urls = FYERS_SEGMENT_FILES.map((f) => `http://127.0.0.1/sym_details/${f}.csv`);
    const result = await index.load(
      downloadFyersInstruments({ http, urls, timeoutMs: 1000, logger: noopLogger }),
      { validate: true },
    );
    expect(result).toMatchObject({ replaced: true, invalid: 0, duplicates: 0 });
    const callbacks = hsmCallbacks({ master, sessions: undefined as never, market: undefined as never });
    const sandbox = master.sandboxRows();
    expect(sandbox.length).toBeGreaterThan(100);
    for (const expected of sandbox) {
      const row = index.resolve(expected.symbol, expected.exchange);
      const listed = master.forSandbox(expected.exchange, expected.symbol);
      expect(row.brsymbol).toBe(listed?.ticker);
      expect(row.token).toBe(listed?.fyToken);
      expect(row.lotSize).toBe(expected.lotSize);
      const topics = topicsFor(row);
      const [kind, segment, key] = topics.quote.split('|') as ['sf' | 'if', string, string];
      expect(callbacks.resolveTopic(kind, segment, key)?.ticker, topics.quote).toBe(listed?.ticker);
    }
  });
});
