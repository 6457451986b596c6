import type { Instrument } from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ensure } from './assertions.js';
import { type CheckContext, describeRef, withInstance } from './context.js';
import { needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckRegistrar } from './runner.js';

async function download(t: CheckContext): Promise<Instrument[]> {
  const rows: Instrument[] = [];
  // Each row is checked by the validating adapter as it streams past.
  await t.settle(
    (async () => {
      for await (const row of t.adapter.downloadInstruments()) rows.push(row);
    })(),
  );
  return rows;
}

/** An even spread over the master: all rows when it is small, every k-th otherwise. */
function sample(rows: readonly Instrument[], size: number): Instrument[] {
  if (rows.length <= size) return [...rows];
  const stride = rows.length / size;
  return Array.from({ length: size }, (_, i) => rows[Math.floor(i * stride)] as Instrument);
}

const describeRow = (row: Instrument) => `${row.symbol} ${row.exchange} (${row.brexchange}:${row.token})`;

export function registerInstrumentChecks(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const reason = needs(harness.manifest, 'downloadInstruments');
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);

  r.checkUnless(
    reason,
    'instruments: the master parses into valid rows with unique keys, fixtures included',
    run(async (t) => {
      const rows = await download(t);
      ensure(rows.length > 0, 'downloadInstruments yielded no rows');
      const symbols = new Set<string>();
      const tokens = new Set<string>();
      for (const row of rows) {
        const symbolKey = `${row.symbol}|${row.exchange}`;
        const tokenKey = `${row.brexchange}|${row.token}`;
        ensure(!symbols.has(symbolKey), () => `two rows are ${row.symbol} on ${row.exchange}`);
        ensure(!tokens.has(tokenKey), () => `two rows carry token ${row.token} on ${row.brexchange}`);
        symbols.add(symbolKey);
        tokens.add(tokenKey);
      }
      for (const ref of Object.values(t.fixtures)) {
        if (ref === undefined) continue;
        ensure(
          symbols.has(`${ref.symbol}|${ref.exchange}`),
          () => `fixture ${describeRef(ref)} is not in the master`,
        );
      }
    }),
  );

  r.checkUnless(
    reason,
    'instruments: every row resolves both ways through the instrument lookup',
    run(async (t) => {
      const rows = await download(t);
      ensure(rows.length > 0, 'downloadInstruments yielded no rows');
      const lookup = t.instance.instruments;
      for (const row of sample(rows, options.instrumentSample)) {
        const bySymbol = lookup.get(row.symbol, row.exchange);
        ensure(bySymbol !== undefined, () => `${describeRow(row)}: get(symbol, exchange) finds nothing`);
        ensure(
          bySymbol.token === row.token && bySymbol.brexchange === row.brexchange,
          () =>
            `${describeRow(row)}: get(symbol, exchange) finds token ${bySymbol.brexchange}:${bySymbol.token}`,
        );
        const byToken = lookup.getByToken(row.brexchange, row.token);
        ensure(
          byToken !== undefined,
          () => `${describeRow(row)}: getByToken(brexchange, token) finds nothing`,
        );
        ensure(
          byToken.symbol === row.symbol && byToken.exchange === row.exchange,
          () =>
            `${describeRow(row)}: getByToken(brexchange, token) finds ${byToken.symbol} ${byToken.exchange}`,
        );
      }
      // The other direction: what the adapter resolves symbols with must be in the master it serves.
      if (typeof lookup.all === 'function') {
        const downloaded = new Map(rows.map((row) => [`${row.symbol}|${row.exchange}`, row]));
        for (const row of sample([...lookup.all()], options.instrumentSample)) {
          const served = downloaded.get(`${row.symbol}|${row.exchange}`);
          ensure(
            served !== undefined,
            () => `${describeRow(row)} is in the lookup but not in the downloaded master`,
          );
          ensure(
            served.token === row.token && served.brexchange === row.brexchange,
            () => `${describeRow(row)}: the downloaded master has it as ${served.brexchange}:${served.token}`,
          );
        }
      }
    }),
  );
}
