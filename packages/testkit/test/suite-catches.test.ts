import { describe, expect, it } from 'vitest';
import { brokerContractSuite, type ContractHarness } from '../src/index.js';
import { ContractCheckError } from '../src/suite/assertions.js';
import { ContractViolationError } from '../src/validators.js';
import { collectingRunner, runCheck } from './support/collect.js';
import { DEFECTS, type Defect } from './support/defects.js';
import { fakeHarness } from './support/fake-harness.js';
import { httpFakeHarness } from './support/http-fake-harness.js';

const ORDER_TYPE = (types: string) => new RegExp(`› (${types}) (CNC|NRML|MIS): `);

/** For every defect, the checks that must fail because of it. */
const CATCHES: Record<Defect, RegExp[]> = {
  marketNeverFills: [
    /long from zero/,
    /› close:/,
    /short from zero/,
    /› reverse:/,
    ORDER_TYPE('MARKET'),
    /books agree/,
    /› funds:/,
  ],
  wrongPositionSign: [
    /long from zero/,
    /› close:/,
    /short from zero/,
    /› reverse:/,
    ORDER_TYPE('MARKET'),
    /books agree/,
  ],
  ordersWithoutTag: [/order book: a placed order is listed/, /lost response/],
  productIgnored: [/MARKET CNC/, /MARKET NRML/, /LIMIT CNC/, /SL-M NRML/],
  limitFillsImmediately: [ORDER_TYPE('LIMIT'), /› modify:/, /› cancel:/],
  stopsReportedOpen: [ORDER_TYPE('SL|SL-M')],
  modifyIgnoresPrice: [/› modify:/],
  cancelDoesNothing: [/› cancel:/, ORDER_TYPE('LIMIT|SL|SL-M')],
  limitFillsNotReported: [/LIMIT fills at its price or better/],
  tradesDontAddUp: [/books agree/, /long from zero/],
  marginNotDeducted: [/› funds:/],
  quoteWithoutLtp: [/quotes: (equity|future|option|index) /],
  bidAboveAsk: [/quotes: (equity|future|option|index) /, /quotes: several/],
  quotesOutOfOrder: [/quotes: several instruments come back in the order asked/],
  unsortedDepth: [/› depth:/],
  candlesHighBelowLow: [/› history 1m:/, /› history D:/],
  invalidInstrumentRows: [/instruments: the master parses into valid rows/],
  instrumentsDontResolve: [/instruments: every row resolves both ways/],
  masterMissingRows: [/instruments: every row resolves both ways/],
  callsBrokerBeforeResolving: [/unknown symbol: (placeOrder|getQuotes|getDepth|getHistory) /],
  swallowsSessionExpiry: [/expired session: getOrders/, /expired session: placeOrder/],
  rateLimitWithoutRetryAfter: [/rate limit: a 429 on placeOrder/, /rate limit: a 429 on getOrders/],
  duplicatesOnLostResponse: [/lost response/],
  pnlSignFlipped: [/P&L: a long gains/, /P&L: a short loses/],
  m2mZeroed: [/P&L: a long gains/, /P&L: a short loses/],
  holdingPnlSignFlipped: [/P&L: a holding gains/],
  holdingLtpStale: [/P&L: a holding gains/],
  tickSizeNotEnforced: [/order rules: a LIMIT price off the tick size/],
  lotSizeNotEnforced: [/order rules: a derivative quantity off the lot size/],
  circuitNotEnforced: [/order rules: a LIMIT outside the circuit band/],
  triggerSideNotEnforced: [/order rules: a stop whose trigger is on the wrong side/],
  malformedCrashes: [
    /malformed response: (getOrders|getOrder|getTrades|getPositions|getHoldings|getFunds|getQuotes|getDepth|getHistory|getMargin) /,
  ],
};

function collect(defects: Defect[] = [], harnessFor: (d: Defect[]) => ContractHarness = fakeHarness) {
  const runner = collectingRunner({ withSkip: true });
  brokerContractSuite({ describe: runner.describe, it: runner.it, harness: harnessFor(defects) });
  return runner.checks;
}

async function expectCaught(defect: Defect, harnessFor: (d: Defect[]) => ContractHarness): Promise<void> {
  const checks = collect([defect], harnessFor);
  const targeted = checks.filter((c) => CATCHES[defect].some((p) => p.test(c.name)));
  // Every pattern names at least one registered check, so a renamed check cannot slip through.
  for (const pattern of CATCHES[defect]) {
    expect(
      targeted.some((c) => pattern.test(c.name)),
      `${pattern} matches no check`,
    ).toBe(true);
  }
  const outcomes = await Promise.all(targeted.map(runCheck));
  const passed = outcomes.filter((o) => o.passed).map((o) => o.name);
  expect(passed, `checks that did not notice ${defect}`).toEqual([]);
  for (const outcome of outcomes) {
    const caught =
      outcome.error instanceof ContractCheckError || outcome.error instanceof ContractViolationError;
    expect(caught, `${outcome.name} failed with ${String(outcome.error)}`).toBe(true);
  }
}

/**
 * The defect fake declares no GTTs (fake-manifest.ts): the gtt checks run against the sandbox and the
 * simulated brokers' contract tests instead, so here they are the only skips allowed.
 */
const GTT_CHECK = /› (scenarios › gtt: |errors › .*(getGtts|placeGtt) )/;

describe('the suite against the defect-free fake adapter', () => {
  it('runs every check, skips none but the gtt checks, and every one passes', async () => {
    const checks = collect();
    expect(checks.length).toBeGreaterThan(40);
    const skipped = checks.filter((c) => c.skipped).map((c) => c.name);
    expect(skipped.filter((name) => !GTT_CHECK.test(name))).toEqual([]);
    expect(skipped.length).toBeGreaterThan(0);
    const failures = (await Promise.all(checks.map(runCheck))).filter((o) => !o.passed);
    expect(failures.map((f) => `${f.name}: ${String(f.error)}`)).toEqual([]);
  });

  it('has a defect that breaks every check it registers', () => {
    const patterns = Object.values(CATCHES).flat();
    const uncovered = collect()
      .filter((c) => !(c.skipped && GTT_CHECK.test(c.name)))
      .map((c) => c.name)
      .filter((name) => !patterns.some((p) => p.test(name)));
    expect(uncovered).toEqual([]);
  });
});

describe.each(DEFECTS)('the suite against a fake adapter that has %s', (defect) => {
  it('fails the checks that cover it, through an assertion rather than a crash', async () => {
    await expectCaught(defect, fakeHarness);
  });
});

/** The defects whose detection depends on the transport: proven again over real sockets and kit faults. */
const TRANSPORT_DEFECTS: Defect[] = [
  'callsBrokerBeforeResolving',
  'swallowsSessionExpiry',
  'rateLimitWithoutRetryAfter',
  'duplicatesOnLostResponse',
  'malformedCrashes',
];

describe.each(TRANSPORT_DEFECTS)(
  'over loopback HTTP, the suite against a fake adapter that has %s',
  (defect) => {
    it('fails the checks that cover it', async () => {
      await expectCaught(defect, (d) => httpFakeHarness(d));
    });
  },
);
